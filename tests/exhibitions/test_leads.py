"""Visitor leads: a signed-in visitor leaves their contact from a booth's page (its QR); the
booth's exhibitor sees and exports them; other exhibitors never do (pages and API); staff see
visits per booth and theme."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import ValidationError
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
