"""Exhibitors' booth staff: registered by the exhibitor within its limit, approved by staff,
badged by check-in (exhibitor category, exhibition zone), revoked when refused."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from summitry.checkin import services as checkin
from summitry.checkin.models import Badge
from summitry.exhibitions import services, staff
from summitry.exhibitions.models import ExhibitorStaff
from tests.factories import SummitFactory, UserFactory

from .conftest import client_for
from .support import make_exhibitor

pytestmark = pytest.mark.django_db
MORNING = datetime.datetime(2030, 1, 1, 1, 0, tzinfo=datetime.UTC)
KIM = {
    "name_hangul": "김부스",
    "given_name": "Booth",
    "family_name": "Kim",
    "position_ko": "매니저",
}


@pytest.fixture
def exhibitor(exhibition, company, organiser):
    found = make_exhibitor(exhibition, company)
    return services.approve(actor=organiser, exhibitor=found)


@pytest.fixture
def person(exhibitor, company):
    return staff.register(actor=company, exhibitor=exhibitor, data=KIM)


def test_the_exhibitor_registers_staff_and_staff_approve_them_with_a_badge(
    person, exhibition_staff, summit, organiser
):
    assert person.status == "pending" and not Badge.objects.filter(exhibitor_staff=person).exists()
    staff.decide(actor=exhibition_staff, person=person, approve=True)
    badge = Badge.objects.get(exhibitor_staff=person)
    assert badge.version == 1 and badge.summit == summit
    assert (badge.category.name_en, badge.category.name_ko) == ("Exhibitor", "전시 참가사")
    zone = badge.category.zones.get()
    assert zone.name_en == "Exhibition hall"
    holder = badge.holder
    assert (holder.kind, holder.name_ko, holder.name_en) == ("exhibitor", "김부스", "Booth Kim")
    assert holder.organisation.name_en == "Robots Inc"
    # The badge opens the exhibition hall.
    scan, _new = checkin.scan(
        actor=organiser,
        summit=summit,
        zone=zone,
        code=checkin.code_for(badge),
        client_scan_id="x1",
        at=MORNING,
    )
    assert scan.result == "enter"


def test_refusing_an_approved_person_revokes_their_badge(person, exhibition_staff, summit):
    staff.decide(actor=exhibition_staff, person=person, approve=True)
    staff.decide(actor=exhibition_staff, person=person, approve=False)
    badge = Badge.objects.get(exhibitor_staff=person)
    assert badge.revoked_at is not None
    assert ExhibitorStaff.objects.get(pk=person.pk).status == "refused"


def test_the_limit_holds_and_refused_people_do_not_count(
    exhibitor, company, exhibition_staff, person
):
    staff.set_limit(actor=exhibition_staff, exhibitor=exhibitor, limit=2)
    exhibitor.refresh_from_db()
    second = staff.register(actor=company, exhibitor=exhibitor, data={"given_name": "Lee"})
    with pytest.raises(ValidationError, match="at most 2 people"):
        staff.register(actor=company, exhibitor=exhibitor, data={"given_name": "Park"})
    staff.decide(actor=exhibition_staff, person=second, approve=False)
    staff.register(actor=company, exhibitor=exhibitor, data={"given_name": "Park"})
    assert exhibitor.staff.count() == 3


def test_bad_input_is_refused_and_nothing_changes(exhibitor, company, exhibition_staff):
    with pytest.raises(ValidationError, match="name in Latin script"):
        staff.register(actor=company, exhibitor=exhibitor, data={"position_en": "CEO"})
    with pytest.raises(ValidationError, match="Unknown fields"):
        staff.register(actor=company, exhibitor=exhibitor, data={"given_name": "A", "x": "1"})
    with pytest.raises(ValidationError, match="from 0 to 50"):
        staff.set_limit(actor=exhibition_staff, exhibitor=exhibitor, limit="many")
    with pytest.raises(ValidationError, match="from 0 to 50"):
        staff.set_limit(actor=exhibition_staff, exhibitor=exhibitor, limit=51)
    assert not exhibitor.staff.exists()


def test_only_the_exhibitor_registers_and_only_staff_decide(
    exhibitor, company, person, no_perm, summit
):
    other = UserFactory(username="rival")
    with pytest.raises(PermissionDenied):
        staff.register(actor=other, exhibitor=exhibitor, data=KIM)
    with pytest.raises(PermissionDenied):
        staff.decide(actor=company, person=person, approve=True)
    with pytest.raises(PermissionDenied):
        staff.decide(actor=no_perm, person=person, approve=True)
    assert ExhibitorStaff.objects.get(pk=person.pk).status == "pending"


def test_a_draft_exhibitor_registers_nobody(exhibition, company):
    draft = make_exhibitor(exhibition, company, submit=False)
    with pytest.raises(ValidationError, match="once your profile is approved"):
        staff.register(actor=company, exhibitor=draft, data=KIM)


def test_an_approved_person_is_not_removed_by_the_exhibitor(person, company, exhibition_staff):
    staff.decide(actor=exhibition_staff, person=person, approve=True)
    with pytest.raises(ValidationError, match="ask the exhibitions team"):
        staff.remove(actor=company, person=person)


def test_the_exhibitors_page_registers_and_removes_staff(exhibitor, company, summit, exhibition):
    client = client_for(company)
    mine = reverse("exhibitions:mine", args=[summit.slug, exhibition.slug])
    add = reverse("exhibitions:staff-add", args=[summit.slug, exhibition.slug])
    answer = client.post(add, {"name_hangul": "김부스", "given_name": "Booth"}, follow=True)
    assert answer.redirect_chain[-1][0].startswith(mine)
    assert "김부스" in answer.content.decode()
    empty = client.post(add, {"position_en": "CEO"}, follow=True)
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override("ko"):
        korean = gettext("Give the person's name in Latin script, in Korean script, or both.")
    assert korean != "Give the person's name in Latin script, in Korean script, or both."
    assert korean in empty.content.decode()  # in the reader's language
    person = exhibitor.staff.get()
    remove = reverse("exhibitions:staff-remove", args=[summit.slug, exhibition.slug, person.pk])
    client.post(remove, {"confirmed": "1"})
    assert not exhibitor.staff.exists()


def test_another_exhibitor_cannot_see_or_remove_our_staff(
    exhibitor, person, summit, exhibition, organiser
):
    rival = UserFactory(username="rival")
    make_exhibitor(exhibition, rival, name_en="Rival Co")
    client = client_for(rival)
    remove = reverse("exhibitions:staff-remove", args=[summit.slug, exhibition.slug, person.pk])
    assert client.post(remove, {"confirmed": "1"}).status_code == 404
    page = client.get(reverse("exhibitions:mine", args=[summit.slug, exhibition.slug]))
    assert "김부스" not in page.content.decode()
    assert ExhibitorStaff.objects.filter(pk=person.pk).exists()


def test_staff_approve_from_the_console_and_other_summits_get_404(
    exhibitor, person, summit, exhibition, exhibition_staff
):
    url = reverse("exhibitions:staff-decide", args=[summit.slug, exhibition.slug, exhibitor.pk])
    page = reverse(
        "exhibitions:manage-exhibitor", args=[summit.slug, exhibition.slug, exhibitor.pk]
    )
    shown = client_for(exhibition_staff).get(page)
    assert "김부스" in shown.content.decode()
    outsider = UserFactory(username="outsider")
    other = SummitFactory(slug="other")
    from summitry.demo.loader import ensure_team

    ensure_team(other, name_ko="전시", name_en="Ex", codes={"exhibitions"}, members=[outsider])
    refused = client_for(outsider).post(url, {"action": "approve", "staff": person.pk})
    assert refused.status_code == 404
    assert ExhibitorStaff.objects.get(pk=person.pk).status == "pending"
    client_for(exhibition_staff).post(url, {"action": "approve", "staff": person.pk})
    assert ExhibitorStaff.objects.get(pk=person.pk).status == "approved"
    limit = client_for(exhibition_staff).post(url, {"action": "limit", "limit": "x"}, follow=True)
    assert "0부터 50까지의 숫자를 입력하세요." in limit.content.decode()  # Korean reader


def test_the_api_registers_decides_and_limits(
    exhibitor, exhibition, summit, tokens, company, no_perm
):
    from tests.conftest import ApiClient

    mine = f"/summits/{summit.slug}/exhibitions/{exhibition.slug}/mine/staff"
    desk = f"/summits/{summit.slug}/exhibitions/{exhibition.slug}/exhibitors/{exhibitor.pk}"
    own = ApiClient(tokens["company"])
    made = own.post(
        mine,
        {"name_hangul": "김부스", "given_name": "Booth", "position": {"ko": "매니저", "en": ""}},
    )
    assert made.status_code == 201, made.content
    assert made.json()["status"] == "pending" and made.json()["badge_version"] is None
    assert own.post(mine, {"position": {"ko": "", "en": "CEO"}}).status_code == 400
    assert [p["name_hangul"] for p in own.get(mine).json()] == ["김부스"]
    staff_id = made.json()["id"]
    # Another exhibitor, or staff without the permission, get nothing.
    rival = UserFactory(username="rival")
    make_exhibitor(exhibition, rival, name_en="Rival Co")
    from summitry.core.tokens import issue_token

    other = ApiClient(issue_token(user=rival, name="t")[1])
    assert [p["id"] for p in other.get(mine).json()] == []
    assert other.get(f"{desk}/staff").status_code in (403, 404)
    assert ApiClient(tokens["no_perm"]).get(f"{desk}/staff").status_code in (403, 404)
    assert own._send("put", f"{desk}/staff/{staff_id}/decision", {"approve": True}).status_code in (
        403,
        404,
    )
    staff_api = ApiClient(tokens["staff"])
    decided = staff_api._send("put", f"{desk}/staff/{staff_id}/decision", {"approve": True})
    assert decided.status_code == 200 and decided.json()["badge_version"] == 1
    assert staff_api._send("put", f"{desk}/staff-limit", {"staff_limit": 99}).status_code == 400
    assert staff_api._send("put", f"{desk}/staff-limit", {"staff_limit": 6}).json() == {
        "staff_limit": 6
    }
