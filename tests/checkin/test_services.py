"""Badges and scans: issue, reprint, revoke, and the decision at the door."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from summitry.checkin import services, signing
from summitry.checkin.models import Badge, Scan
from tests.factories import SummitFactory, UserFactory

from .conftest import MORNING, make_delegate


def scan(actor, summit, zone, code, n, at=MORNING):
    return services.scan(
        actor=actor, summit=summit, zone=zone, code=code, client_scan_id=f"s{n}", at=at
    )


def test_a_badge_enters_once_then_is_already_inside(door, summit, hall, badge):
    code = services.code_for(badge)
    first, new = scan(door, summit, hall, code, 1)
    assert (first.result, first.reason, new) == ("enter", "", True)
    assert first.badge == badge and first.day == datetime.date(2023, 9, 24)
    second, new = scan(door, summit, hall, code, 2)
    assert (second.result, second.reason, new) == ("refused", "already_inside", True)
    # The next day it enters again.
    third, _new = scan(door, summit, hall, code, 3, at=MORNING + datetime.timedelta(days=1))
    assert third.result == "enter"


def test_the_same_scan_sent_twice_counts_once(door, summit, hall, badge):
    code = services.code_for(badge)
    first, new = scan(door, summit, hall, code, 1)
    again, new_again = scan(door, summit, hall, code, 1)
    assert new and not new_again
    assert again.pk == first.pk and again.result == "enter"
    assert Scan.objects.count() == 1


def test_zone_and_day_are_checked(door, organiser, summit, hall, lounge, badge):
    code = services.code_for(badge)
    refused, _new = scan(door, summit, lounge, code, 1)
    assert (refused.result, refused.reason) == ("refused", "zone")
    one_day = services.create_category(
        actor=organiser,
        summit=summit,
        name={"en": "Day visitor"},
        zones=[hall],
        valid_days=[datetime.date(2023, 9, 25)],
    )
    services.assign_category(
        actor=organiser, summit=summit, delegates=[badge.delegate], category=one_day
    )
    badge = services.issue(actor=organiser, delegate=badge.delegate)
    refused, _new = scan(door, summit, hall, services.code_for(badge), 2)
    assert refused.reason == "day"
    payload = signing.verify(services.code_for(badge))
    assert payload.valid_on(datetime.date(2023, 9, 25))
    assert not payload.valid_on(datetime.date(2023, 9, 24))


def test_a_reprint_supersedes_the_old_code(door, organiser, summit, hall, badge):
    old = services.code_for(badge)
    badge = services.issue(actor=organiser, delegate=badge.delegate)
    assert badge.version == 2
    refused, _new = scan(door, summit, hall, old, 1)
    assert refused.reason == "superseded"
    entered, _new = scan(door, summit, hall, services.code_for(badge), 2)
    assert entered.result == "enter"


def test_a_revoked_badge_is_refused_until_reissued(door, organiser, summit, hall, badge):
    code = services.code_for(badge)
    services.revoke(actor=organiser, badge=badge)
    refused, _new = scan(door, summit, hall, code, 1)
    assert refused.reason == "revoked"
    badge = services.issue(actor=organiser, delegate=badge.delegate)
    assert badge.revoked_at is None
    assert scan(door, summit, hall, code, 2)[0].reason == "superseded"
    assert scan(door, summit, hall, services.code_for(badge), 3)[0].result == "enter"


def test_forged_codes_and_other_summits_badges_are_refused(door, summit, hall, badge):
    refused, _new = scan(door, summit, hall, "SB1NOTACODE", 1)
    assert (refused.reason, refused.badge) == ("forged", None)
    fake = signing.sign(signing.Payload(badge.pk + 1000, 1, 0, None, 0))
    assert scan(door, summit, hall, fake, 2)[0].reason == "forged"
    future = signing.sign(signing.Payload(badge.pk, badge.version + 1, 0, None, 0))
    assert scan(door, summit, hall, future, 3)[0].reason == "forged"


def test_only_checkin_staff_scan_and_issue(summit, hall, badge, delegate):
    stranger = UserFactory(username="stranger")
    with pytest.raises(PermissionDenied):
        scan(stranger, summit, hall, services.code_for(badge), 1)
    with pytest.raises(PermissionDenied):
        services.issue(actor=stranger, delegate=delegate)
    with pytest.raises(PermissionDenied):
        services.revoke(actor=stranger, badge=badge)
    assert Scan.objects.count() == 0


def test_the_door_operator_may_scan_at_their_summit_only(door, summit, hall, badge):
    assert scan(door, summit, hall, services.code_for(badge), 1)[0].result == "enter"
    other = SummitFactory(slug="other")
    from summitry.checkin.models import Zone

    elsewhere = Zone.objects.create(summit=other, name_en="Hall")
    with pytest.raises(PermissionDenied):
        scan(door, other, elsewhere, services.code_for(badge), 2)


def test_bulk_assignment_and_issue_needs_a_category(organiser, summit, delegation, delegate):
    other = make_delegate(delegation, given_name="Ana")
    with pytest.raises(ValidationError):
        services.issue(actor=organiser, delegate=other)
    category = services.create_category(
        actor=organiser, summit=summit, name={"en": "Press"}, colour="#ff0000"
    )
    badges = services.assign_category(
        actor=organiser, summit=summit, delegates=[delegate, other], category=category
    )
    assert {b.category for b in badges} == {category}
    assert Badge.objects.filter(version=0).count() == 2


def test_category_rules(organiser, summit):
    with pytest.raises(ValidationError) as caught:
        services.create_category(actor=organiser, summit=summit, name={"en": "X"}, colour="blue")
    assert "colour" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.create_category(
            actor=organiser, summit=summit, name={"en": "X"}, valid_days=[datetime.date(2020, 1, 1)]
        )
    assert "valid_days" in caught.value.message_dict
    with pytest.raises(ValidationError):
        services.create_category(actor=organiser, summit=summit, name={"en": "", "ko": ""})


def test_revocation_list(organiser, summit, badge):
    from summitry.checkin import queries

    assert queries.revocations(summit)["revoked"] == []
    services.issue(actor=organiser, delegate=badge.delegate)
    assert queries.revocations(summit)["versions"] == {str(badge.pk): 2}
    services.revoke(actor=organiser, badge=badge)
    assert queries.revocations(summit)["revoked"] == [badge.pk]
