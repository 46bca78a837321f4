"""Visitor leads: a signed-in visitor leaves their contact from a booth's page (its QR); the
booth's exhibitor sees and exports them; other exhibitors never do (pages and API); staff see
visits per booth and theme."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from summitry.core.tokens import issue_token
from summitry.exhibitions import services
from summitry.exhibitions.models import Lead
from tests.factories import UserFactory

from .conftest import client_for
from .support import make_exhibitor

pytestmark = pytest.mark.django_db
API = "/api/v1/summits/forum/exhibitions/lifestyle"


def url(name, exhibition, **kwargs):
    return reverse(
        name, kwargs={"slug": exhibition.summit.slug, "exhibition_slug": exhibition.slug, **kwargs}
    )


def published(exhibition, organiser, user, code, name_en):
    exhibitor = make_exhibitor(exhibition, user, name_en)
    services.assign_booth(
        actor=organiser, booth=exhibition.booths.get(code=code), exhibitor=exhibitor
    )
    services.approve(actor=organiser, exhibitor=exhibitor)
    services.publish(actor=organiser, exhibitor=exhibitor)
    return exhibitor


@pytest.fixture
def two(exhibition, organiser, company):
    rival = UserFactory(username="rival")
    return (
        published(exhibition, organiser, company, "A-01", "Robots Inc"),
        published(exhibition, organiser, rival, "A-02", "Rival Ltd"),
        rival,
    )


def test_visitor_leaves_contact_and_only_that_exhibitor_sees_it(exhibition, company, two):
    mine, other, rival = two
    visitor = UserFactory(username="visitor", first_name="Mina", last_name="Kim")
    booth_page = url("exhibitions:booth", exhibition, code="A-01")
    contact = url("exhibitions:leave-contact", exhibition, code="A-01")
    # The cached public booth page links to the contact page, which needs signing in.
    assert contact.encode() in client_for().get(booth_page).content
    assert client_for().get(contact).status_code == 302
    browser = client_for(visitor)
    form = browser.get(contact, HTTP_ACCEPT_LANGUAGE="en")
    assert b"Mina Kim" in form.content  # prefilled from the account
    answer = browser.post(
        contact, {"name": "Mina Kim", "organisation": "=HYPERLINK(1)", "email": "mina@example.org"}
    )
    assert answer.status_code == 302 and answer["Location"] == booth_page
    # Leaving it again updates the one lead.
    browser.post(
        contact, {"name": "Mina Kim", "organisation": "=HYPERLINK(2)", "email": "mina@example.org"}
    )
    lead = Lead.objects.get()
    assert lead.exhibitor == mine and lead.organisation == "=HYPERLINK(2)"
    assert lead.booth.code == "A-01"

    leads = url("exhibitions:leads", exhibition)
    page = client_for(company).get(leads).content.decode()
    assert "Mina Kim" in page and "mina@example.org" in page
    # When it was left: on the summit's clock, as the reader's language writes it.
    from django.utils import formats, timezone, translation

    left = timezone.localtime(lead.created_at, exhibition.summit.zone)
    korean = client_for(company).get(leads, HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    with translation.override("ko"):
        assert formats.date_format(left, "DATETIME_FORMAT") in korean
    assert left.strftime("%Y-%m-%d %H:%M") not in korean
    exported = client_for(company).get(url("exhibitions:leads-csv", exhibition))
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[1][:4] == ["Mina Kim", "'=HYPERLINK(2)", "mina@example.org", "A-01"]
    # The other exhibitor sees only its own (none); the visitor is no exhibitor at all.
    other_page = client_for(rival).get(leads).content.decode()
    assert "Mina Kim" not in other_page
    other_csv = client_for(rival).get(url("exhibitions:leads-csv", exhibition)).content
    assert b"Mina" not in other_csv
    assert client_for(visitor).get(leads).status_code == 404
    assert client_for(visitor).get(url("exhibitions:leads-csv", exhibition)).status_code == 404


def test_bad_contact_changes_nothing(exhibition, organiser, company, two):
    visitor = UserFactory(username="visitor")
    contact = url("exhibitions:leave-contact", exhibition, code="A-01")
    answer = client_for(visitor).post(contact, {"name": " ", "email": "nope"})
    assert answer.status_code == 200 and not Lead.objects.exists()
    # No lead at a free booth nor at one whose exhibitor is not published; not at one's own.
    assert (
        client_for(visitor)
        .get(url("exhibitions:leave-contact", exhibition, code="A-03"))
        .status_code
        == 404
    )  # noqa: E501
    with pytest.raises(ValidationError):
        services.leave_contact(actor=company, booth=exhibition.booths.get(code="A-01"), name="Me")
    services.unpublish(actor=organiser, exhibitor=two[0])
    assert client_for(visitor).get(contact).status_code == 404
    assert not Lead.objects.exists()


def test_korean_contact_page(exhibition, two):
    visitor = UserFactory(username="visitor")
    contact = url("exhibitions:leave-contact", exhibition, code="A-01")
    page = client_for(visitor).get(contact, HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "내 연락처 남기기" in page


def test_api_leads_own_only_and_staff_counts(exhibition, company, two, exhibition_staff, no_perm):
    mine, other, rival = two
    for n in range(3):
        visitor = UserFactory(username=f"v{n}")
        booth = exhibition.booths.get(code="A-01" if n < 2 else "A-02")
        services.leave_contact(actor=visitor, booth=booth, name=f"Visitor {n}")

    def get(path, user):
        token = issue_token(user=user, name="t")[1]
        return client_for().get(path, HTTP_AUTHORIZATION=f"Bearer {token}")

    own = get(f"{API}/leads", company).json()
    assert sorted(lead["name"] for lead in own) == ["Visitor 0", "Visitor 1"]
    assert [lead["name"] for lead in get(f"{API}/leads", rival).json()] == ["Visitor 2"]
    assert get(f"{API}/leads", no_perm).status_code == 404
    assert client_for().get(f"{API}/leads").status_code == 401

    counts = get(f"{API}/visits", exhibition_staff).json()
    assert counts["total"] == 3
    assert counts["booths"] == [{"key": "A-01", "visits": 2}, {"key": "A-02", "visits": 1}]
    assert counts["themes"] == [{"key": "Robot Enterprise", "visits": 3}]
    assert "Visitor" not in str(counts)
    for outsider in (company, no_perm):
        assert get(f"{API}/visits", outsider).status_code == 403

    console = client_for(exhibition_staff).get(url("exhibitions:manage-exhibition", exhibition))
    assert 'id="visits"' in console.content.decode() and b"A-02" in console.content


@pytest.fixture
def visitor_badge(summit, organiser):
    """An issued badge of a delegate from Wellington with an account of their own."""
    from summitry.checkin import services as checkin
    from summitry.delegations.models import Delegate, Delegation
    from tests.factories import OrganisationFactory, PersonFactory

    organisation = OrganisationFactory(slug="wellington", name_en="Wellington", name_ko="웰링턴")
    delegation = Delegation.objects.create(summit=summit, organisation=organisation)
    account = UserFactory(username="tory")
    delegate = Delegate.objects.create(
        delegation=delegation,
        person=PersonFactory(organisation=organisation, given_name="Tory", family_name="Whanau"),
        user=account,
    )
    category = checkin.create_category(
        actor=organiser, summit=summit, name={"ko": "대표단", "en": "Delegate"}, colour="#1d4ed8"
    )
    checkin.assign_category(actor=organiser, summit=summit, delegates=[delegate], category=category)
    badge = checkin.issue(actor=organiser, delegate=delegate)
    return badge, checkin.code_for(badge), account


def test_scan_a_badge_with_consent(exhibition, organiser, company, two, visitor_badge):
    badge, code, account = visitor_badge
    assert exhibition.leads_need_consent  # the default
    leads = url("exhibitions:leads", exhibition)
    answer = client_for(company).post(leads, {"code": code.lower()})
    assert answer.status_code == 302
    lead = Lead.objects.get()
    assert lead.badge_id == badge.pk and not lead.consented and lead.name == ""
    page = client_for(company).get(leads, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Awaiting the visitor's consent" in page and "Tory" not in page
    # Scanned again: still one lead.
    client_for(company).post(leads, {"code": code})
    assert Lead.objects.count() == 1
    # The visitor consents by leaving their contact from the booth's QR: the same lead.
    contact = url("exhibitions:leave-contact", exhibition, code="A-01")
    client_for(account).post(contact, {"name": "Tory Whanau", "organisation": "Wellington"})
    lead = Lead.objects.get()
    assert lead.consented and lead.name == "Tory Whanau" and lead.badge_id == badge.pk
    assert "Tory Whanau" in client_for(company).get(leads).content.decode()
    # The other exhibitor never sees it.
    assert "Tory" not in client_for(two[2]).get(leads).content.decode()


def test_scan_without_consent_setting_shows_the_name(
    exhibition, organiser, company, two, visitor_badge
):  # noqa: E501
    services.update_exhibition(
        actor=organiser, exhibition=exhibition, data={"leads_need_consent": False}
    )
    _badge, code, _account = visitor_badge
    client_for(company).post(url("exhibitions:leads", exhibition), {"code": code})
    lead = Lead.objects.get()
    assert lead.consented and lead.name == "Tory Whanau" and lead.organisation == "Wellington"
    assert lead.booth.code == "A-01"


def test_bad_badges_make_no_lead(exhibition, organiser, company, two, visitor_badge):
    from summitry.checkin import services as checkin

    badge, code, _account = visitor_badge
    leads = url("exhibitions:leads", exhibition)
    forged = code[:-4] + ("AAAA" if not code.endswith("AAAA") else "BBBB")
    for bad in ("hello", forged):
        answer = client_for(company).post(leads, {"code": bad}, HTTP_ACCEPT_LANGUAGE="ko")
        assert (
            answer.status_code == 200 and "유효한 배지 코드가 아닙니다" in answer.content.decode()
        )
    checkin.issue(actor=organiser, delegate=badge.delegate)  # reprinted: the old code is gone
    answer = client_for(company).post(leads, {"code": code}, HTTP_ACCEPT_LANGUAGE="en")
    assert b"no longer valid" in answer.content
    assert not Lead.objects.exists()
    # Only the exhibitor itself scans for its booth.
    with pytest.raises(PermissionDenied):
        services.scan_badge(actor=two[2], exhibitor=two[0], code=code)


def test_staff_turn_the_consent_setting_off_in_the_console(exhibition, exhibition_staff):
    form = {"slug": "lifestyle", "kind": "company", "title_en": "Lifestyle", "is_public": "on"}
    settings_url = url("exhibitions:settings", exhibition)
    client_for(exhibition_staff).post(settings_url, {**form, "leads_need_consent": "on"})
    exhibition.refresh_from_db()
    assert exhibition.leads_need_consent
    client_for(exhibition_staff).post(settings_url, form)
    exhibition.refresh_from_db()
    assert not exhibition.leads_need_consent and exhibition.title_en == "Lifestyle"
