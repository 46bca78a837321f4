"""At the doors: cancelled and withdrawn delegates refused (and given no badge), the default
category of each role, exits and who is inside each zone now."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from summitry.checkin import queries, services
from summitry.checkin.models import AccreditationCategory, Badge, RoleCategory, Scan
from summitry.core import live
from summitry.core.tokens import issue_token
from summitry.delegations.models import DelegateRole, DelegationStatus, PlaceStatus
from tests.conftest import ApiClient
from tests.factories import SummitFactory, UserFactory

from .conftest import MORNING, make_delegate


def client_for(user, language="en") -> Client:
    client = Client(headers={"Accept-Language": language})
    client.force_login(user)
    return client


def scan(actor, summit, zone, code, n, direction="in", at=MORNING):
    return services.scan(
        actor=actor,
        summit=summit,
        zone=zone,
        code=code,
        client_scan_id=f"s{n}",
        at=at,
        direction=direction,
    )


# --- cancelled and withdrawn ------------------------------------------------------------------


@pytest.mark.parametrize("how", ["place", "declined", "cancelled"])
def test_a_withdrawn_delegate_is_refused_at_the_door(door, summit, hall, badge, how):
    code = services.code_for(badge)
    delegate = badge.delegate
    if how == "place":
        delegate.place = PlaceStatus.CANCELLED
        delegate.save(update_fields=["place"])
    else:
        delegate.delegation.status = how
        delegate.delegation.save(update_fields=["status"])
    refused, _new = scan(door, summit, hall, code, 1)
    assert (refused.result, refused.reason) == ("refused", "withdrawn")
    assert refused.get_reason_display() == "Registration cancelled or withdrawn"
    # Offline scanners learn it at their next sync, and the delegate no longer sees the QR.
    assert queries.revocations(summit)["revoked"] == [badge.pk]
    assert str(badge.pk) in queries.revocations(summit)["versions"]
    delegate.user = UserFactory(username="tory")
    delegate.save(update_fields=["user"])
    assert not queries.own_badges(delegate.user).exists()


def test_no_badge_is_issued_or_printed_for_a_withdrawn_delegate(
    organiser, summit, delegation, delegate_category, badge
):
    delegation.status = DelegationStatus.CANCELLED
    delegation.save(update_fields=["status"])
    with pytest.raises(ValidationError, match="cancelled or withdrawn"):
        services.issue(actor=organiser, delegate=badge.delegate)
    badge.refresh_from_db()
    assert badge.version == 1  # unchanged
    assert services.print_unprinted(actor=organiser, summit=summit) is None
    pdf = client_for(organiser).get(reverse("checkin:badge-pdf", args=[summit.slug, badge.pk]))
    assert pdf.status_code == 404


def test_the_badges_page_says_who_withdrew_and_refuses_their_badge(
    organiser, summit, delegation, delegate_category, delegate
):
    delegation.status = DelegationStatus.DECLINED
    delegation.save(update_fields=["status"])
    client = client_for(organiser)
    page = client.get(reverse("checkin:badges", args=[summit.slug]))
    assert b"Withdrawn: no badge" in page.content
    url = reverse("checkin:bulk", args=[summit.slug])
    client.post(
        url, {"delegate": [delegate.pk], "category": delegate_category.pk, "action": "assign"}
    )
    done = client.post(url, {"delegate": [delegate.pk], "action": "issue"}, follow=True)
    assert b"no badge is issued" in done.content
    assert Badge.objects.get().version == 0


# --- the default category of each role ----------------------------------------------------------


@pytest.fixture
def head_category(summit, organiser, hall, lounge):
    return services.create_category(
        actor=organiser,
        summit=summit,
        name={"ko": "대표단장", "en": "Head of delegation"},
        colour="#b91c1c",
        zones=[hall, lounge],
    )


def test_a_badge_takes_the_category_of_its_holders_role(
    organiser, summit, delegation, delegate_category, head_category
):
    head = make_delegate(delegation, given_name="Kim", family_name="Lee")
    head.role = DelegateRole.HEAD
    head.save(update_fields=["role"])
    member = make_delegate(delegation, given_name="Ana", family_name="Kowhai")
    with pytest.raises(ValidationError, match="accreditation category first"):
        services.issue(actor=organiser, delegate=head)
    services.set_role_category(actor=organiser, summit=summit, role="head", category=head_category)
    services.set_role_category(
        actor=organiser, summit=summit, role="member", category=delegate_category
    )
    assert services.issue(actor=organiser, delegate=head).category == head_category
    # A category chosen by hand wins over the role's.
    services.assign_category(
        actor=organiser, summit=summit, delegates=[member], category=head_category
    )
    assert services.issue(actor=organiser, delegate=member).category == head_category
    # None removes a role's default.
    services.set_role_category(actor=organiser, summit=summit, role="head", category=None)
    assert queries.role_categories(summit) == {"member": delegate_category}


def test_role_defaults_refuse_bad_input_and_outsiders(organiser, door, summit, delegate_category):
    other = SummitFactory(slug="other")
    foreign = AccreditationCategory.objects.create(summit=other, name_en="Press")
    with pytest.raises(ValidationError):
        services.set_role_category(actor=organiser, summit=summit, role="head", category=foreign)
    with pytest.raises(ValidationError):
        services.set_role_category(
            actor=organiser, summit=summit, role="king", category=delegate_category
        )
    with pytest.raises(PermissionDenied):
        services.set_role_category(
            actor=UserFactory(username="nobody"),
            summit=summit,
            role="head",
            category=delegate_category,
        )
    assert not RoleCategory.objects.exists()


def test_the_role_defaults_form(organiser, summit, delegate_category):
    client = client_for(organiser, "ko")
    url = reverse("checkin:role-categories", args=[summit.slug])
    done = client.post(url, {"role-head": delegate_category.pk, "role-member": ""}, follow=True)
    assert "저장했습니다" in done.content.decode()
    assert queries.role_categories(summit) == {"head": delegate_category}
    bad = client.post(url, {"role-head": "abc", "role-member": "999999"}, follow=True)
    assert "이 정상회의의 등급을 선택하십시오" in bad.content.decode()
    assert queries.role_categories(summit) == {"head": delegate_category}  # unchanged
    outsider = client_for(UserFactory(username="nobody"))
    assert outsider.post(url, {"role-head": ""}).status_code in (403, 404)
    assert queries.role_categories(summit) == {"head": delegate_category}


# --- exits and who is inside ---------------------------------------------------------------------


def test_exit_then_enter_again(door, summit, hall, badge):
    code = services.code_for(badge)
    left, _new = scan(door, summit, hall, code, 1, "out")
    assert (left.result, left.reason) == ("refused", "not_inside")
    assert scan(door, summit, hall, code, 2)[0].result == "enter"
    assert scan(door, summit, hall, code, 3)[0].reason == "already_inside"
    left, _new = scan(door, summit, hall, code, 4, "out")
    assert (left.result, left.visit) == ("exit", 1)
    assert scan(door, summit, hall, code, 5, "out")[0].reason == "not_inside"
    again, _new = scan(door, summit, hall, code, 6)
    assert (again.result, again.visit) == ("enter", 2)
    # The same checks at an exit: a forged code is refused there too.
    assert scan(door, summit, hall, "SB1FORGED", 7, "out")[0].reason == "forged"
    with pytest.raises(ValidationError):
        scan(door, summit, hall, code, 8, "sideways")
    assert Scan.objects.count() == 7


def test_inside_now_counts_entries_minus_exits_today(door, summit, hall, lounge, badge):
    now = datetime.datetime.now(datetime.UTC)
    code = services.code_for(badge)
    scan(door, summit, hall, code, 1, at=now)
    counts = {
        zone.pk: (zone.inside, zone.entries, zone.exits) for zone in queries.inside_now(summit)
    }
    assert counts == {hall.pk: (1, 1, 0), lounge.pk: (0, 0, 0)}
    scan(door, summit, hall, code, 2, "out", at=now)
    hall_now = next(z for z in queries.inside_now(summit) if z.pk == hall.pk)
    assert (hall_now.inside, hall_now.entries, hall_now.exits) == (0, 1, 1)


def test_the_inside_page_is_live_and_for_staff_only(
    door, summit, hall, badge, django_capture_on_commit_callbacks
):
    client = client_for(door)
    page = client.get(reverse("checkin:inside", args=[summit.slug]))
    assert page.status_code == 200 and b"Inside now" in page.content
    assert b"Forum hall" in page.content
    live_url = page.context["live_url"]
    assert client.get(live_url).status_code == 204  # nothing changed since
    with django_capture_on_commit_callbacks(execute=True):
        scan(
            door, summit, hall, services.code_for(badge), 1, at=datetime.datetime.now(datetime.UTC)
        )
    fresh = client.get(live_url)
    assert fresh.status_code == 200 and b'class="num inside-count">1<' in fresh.content
    assert live.version(services.topic(summit)) > int(live_url.rsplit("v=", 1)[1])
    ko = client_for(door, "ko").get(reverse("checkin:inside", args=[summit.slug]))
    assert "지금 안에 있는 인원" in ko.content.decode()
    outsider = client_for(UserFactory(username="nobody"))
    for name in ("checkin:inside", "checkin:inside-live"):
        assert outsider.get(reverse(name, args=[summit.slug])).status_code in (403, 404)


def test_exits_on_the_scanner_page_and_the_api(door, summit, hall, badge):
    code = services.code_for(badge)
    client = client_for(door)
    base = reverse("checkin:scanner", args=[summit.slug])
    client.post(base + f"?zone={hall.pk}", {"code": code, "client_scan_id": "p1"})
    page = client.post(
        base + f"?zone={hall.pk}&direction=out", {"code": code, "client_scan_id": "p2"}
    )
    assert b"scan-exit" in page.content and b">Exit" in page.content
    api = ApiClient(issue_token(user=door, name="scanner")[1])
    body = {"code": code, "zone": hall.pk, "client_scan_id": "a1", "direction": "in"}
    entered = api.post("/summits/forum/checkin/scans", body)
    assert (entered.status_code, entered.json()["result"]) == (201, "enter")
    left = api.post(
        "/summits/forum/checkin/scans", {**body, "client_scan_id": "a2", "direction": "out"}
    )
    assert (left.json()["result"], left.json()["direction"], left.json()["message"]) == (
        "exit",
        "out",
        "Exit",
    )
    bad = api.post(
        "/summits/forum/checkin/scans", {**body, "client_scan_id": "a3", "direction": "up"}
    )
    assert bad.status_code in (400, 422)
    assert Scan.objects.count() == 4
