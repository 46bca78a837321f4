"""Delegation services: invitations, claiming, members, places, statuses, permissions."""

import datetime
import hashlib

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from summitry.core.models import OutboundMessage
from summitry.delegations import services
from summitry.delegations.models import Delegate, Delegation, Invitation, StatusChange
from summitry.directory.models import Person

from .conftest import member_data


def test_an_invitation_is_mailed_in_the_contacts_language_with_an_unguessable_link(invited):
    invitation, secret = invited
    assert len(secret) >= 43  # 32 random bytes
    assert invitation.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert not Invitation.objects.filter(digest=secret).exists()
    assert [m.to for m in mail.outbox] == [["aroha@wellington.example"]]
    assert mail.outbox[0].subject == "Invitation to Mayors Forum"
    assert f"/invitations/{secret}/" in mail.outbox[0].body
    message = OutboundMessage.objects.get()
    assert (message.kind, message.language, message.sent_at is not None) == (
        "invitation",
        "en",
        True,
    )
    assert invitation.delegation.status == "invited"


def test_a_korean_invitation_is_written_in_korean(summit, organiser):
    from tests.factories import OrganisationFactory

    busan = OrganisationFactory(slug="busan", name_ko="부산", name_en="Busan", country="KR")
    services.invite(
        actor=organiser,
        summit=summit,
        organisation=busan,
        contact_name="김민지",
        contact_email="minji@busan.example",
        language="ko",
    )
    assert mail.outbox[-1].subject == "시장포럼 초청"


def test_only_staff_invite(summit, wellington, stranger):
    with pytest.raises(PermissionDenied):
        services.invite(
            actor=stranger,
            summit=summit,
            organisation=wellington,
            contact_name="X",
            contact_email="x@example.org",
            language="en",
        )
    assert not Invitation.objects.exists()


def test_an_organisation_is_invited_once_per_summit(invited, summit, wellington, organiser):
    with pytest.raises(ValidationError):
        services.invite(
            actor=organiser,
            summit=summit,
            organisation=wellington,
            contact_name="X",
            contact_email="x@example.org",
            language="en",
        )
    assert Invitation.objects.count() == 1


def test_expired_and_revoked_links_open_nothing(invited, organiser):
    invitation, secret = invited
    assert services.open_invitation(secret) == invitation
    assert services.open_invitation(secret + "x") is None
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    assert services.open_invitation(secret) is None
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() + datetime.timedelta(days=1)
    )
    services.revoke_invitation(actor=organiser, invitation=invitation)
    assert services.open_invitation(secret) is None


def test_claiming_makes_the_contact_and_cannot_happen_twice(invited, contact):
    invitation, _secret = invited
    assert Delegation.objects.get(invitation=invitation).contact == contact
    assert contact.check_password("a sturdy passphrase 2023")
    assert not contact.is_staff
    invitation.refresh_from_db()
    with pytest.raises(ValidationError):
        services.claim_invitation(
            invitation=invitation,
            name="Again",
            email="b@example.org",
            password="another sturdy passphrase",
        )


def test_a_weak_password_is_refused_and_nothing_is_claimed(invited):
    invitation, _secret = invited
    with pytest.raises(ValidationError):
        services.claim_invitation(
            invitation=invitation, name="A", email="a@example.org", password="123"
        )
    invitation.refresh_from_db()
    assert invitation.claimed_at is None


def test_the_first_member_registers_the_delegation(delegation, contact):
    member = services.add_member(
        actor=contact, delegation=delegation, data=member_data(role="head")
    )
    delegation.refresh_from_db()
    assert (delegation.status, member.place, member.person.organisation_id) == (
        "registered",
        "registered",
        delegation.organisation_id,
    )
    assert [(c.from_status, c.to_status, c.actor) for c in delegation.history.all()] == [
        ("invited", "registered", contact)
    ]


def test_a_departure_before_the_arrival_changes_nothing(delegation, contact):
    data = member_data(departure_at=datetime.datetime(2023, 9, 1, tzinfo=datetime.UTC))
    with pytest.raises(ValidationError) as caught:
        services.add_member(actor=contact, delegation=delegation, data=data)
    assert caught.value.message_dict == {
        "departure_at": ["The departure cannot be before the arrival."]
    }
    assert not Delegate.objects.exists()
    delegation.refresh_from_db()
    assert delegation.status == "invited"


def test_another_contact_can_neither_read_nor_change_the_delegation(delegation, stranger):
    with pytest.raises(PermissionDenied):
        services.add_member(actor=stranger, delegation=delegation, data=member_data())
    assert not Delegate.objects.exists()


def test_the_contact_edits_until_the_deadline_and_staff_after_it(delegation, contact, organiser):
    member = services.add_member(actor=contact, delegation=delegation, data=member_data())
    summit = delegation.summit
    summit.registration_deadline = timezone.now() - datetime.timedelta(minutes=1)
    summit.save()
    delegation.refresh_from_db()
    member.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.update_member(actor=contact, member=member, changes={"hotel": "Lotte"})
    services.update_member(actor=organiser, member=member, changes={"hotel": "Lotte"})
    member.refresh_from_db()
    assert member.hotel == "Lotte"


def test_capacity_puts_latecomers_on_the_waiting_list_and_promotes_them_in_order(
    delegation, contact
):
    summit = delegation.summit
    summit.capacity = 2
    summit.save()
    first, second, third, fourth = (
        services.add_member(
            actor=contact,
            delegation=delegation,
            data=member_data(given_name=name, email=f"{name}@example.org"),
        )
        for name in ("ana", "ben", "cho", "dan")
    )
    places = {m.person.given_name: m.place for m in Delegate.objects.select_related("person")}
    assert places == {"ana": "registered", "ben": "registered", "cho": "waiting", "dan": "waiting"}
    mail.outbox.clear()
    services.cancel_member(actor=contact, member=first)
    places = {m.person.given_name: m.place for m in Delegate.objects.select_related("person")}
    assert places == {
        "ana": "cancelled",
        "ben": "registered",
        "cho": "registered",
        "dan": "waiting",
    }
    assert [m.to for m in mail.outbox] == [["cho@example.org"]]
    assert "waiting list" in mail.outbox[0].body


def test_cancelling_someone_on_the_waiting_list_promotes_nobody(delegation, contact):
    summit = delegation.summit
    summit.capacity = 1
    summit.save()
    services.add_member(actor=contact, delegation=delegation, data=member_data(given_name="a"))
    waiting = services.add_member(
        actor=contact, delegation=delegation, data=member_data(given_name="b")
    )
    services.cancel_member(actor=contact, member=waiting)
    assert sorted(Delegate.objects.values_list("place", flat=True)) == ["cancelled", "registered"]


def test_staff_move_statuses_through_allowed_transitions_only(delegation, contact, organiser):
    services.add_member(actor=contact, delegation=delegation, data=member_data())
    services.change_status(
        actor=organiser, delegation=delegation, to="confirmed", note="Visa checked"
    )
    with pytest.raises(PermissionDenied):
        services.change_status(actor=contact, delegation=delegation, to="cancelled")
    with pytest.raises(ValidationError):
        services.change_status(actor=organiser, delegation=delegation, to="declined")
    assert list(StatusChange.objects.values_list("to_status", "note")) == [
        ("registered", ""),
        ("confirmed", "Visa checked"),
    ]


def test_cancelling_a_delegation_frees_its_places(delegation, contact, organiser):
    services.add_member(actor=contact, delegation=delegation, data=member_data())
    services.change_status(actor=organiser, delegation=delegation, to="cancelled")
    assert list(Delegate.objects.values_list("place", flat=True)) == ["cancelled"]
    assert Delegation.objects.get().withdrawn_at is not None


def test_erasing_personal_data_keeps_the_record_counted(delegation, contact, organiser):
    member = services.add_member(
        actor=contact,
        delegation=delegation,
        data=member_data(email="tory@example.org", hotel="Lotte"),
    )
    with pytest.raises(PermissionDenied):
        services.erase_personal_data(actor=contact, member=member)
    services.erase_personal_data(actor=organiser, member=member)
    member.refresh_from_db()
    member.person.refresh_from_db()
    assert (member.email, member.hotel, member.person.given_name, member.person.family_name) == (
        "",
        "",
        "",
        "",
    )
    assert member.place == "registered"
    assert member.erased_at is not None


# Registrations leave the constraints to the database (no query each); a refusal still says
# the constraint's own message, in the reader's language, and leaves nothing behind.


def test_a_second_head_is_refused_with_the_constraints_message(delegation, contact):
    services.add_member(actor=contact, delegation=delegation, data=member_data(role="head"))
    people_before = Person.objects.count()
    with translation.override("ko"), pytest.raises(ValidationError) as caught:
        services.add_member(
            actor=contact,
            delegation=delegation,
            data=member_data(role="head", given_name="Anna", name_hangul=""),
        )
    assert caught.value.message_dict == {"__all__": ["대표단장은 한 명만 둘 수 있습니다."]}
    assert Person.objects.count() == people_before
    assert Delegate.objects.filter(delegation=delegation).count() == 1


def test_a_member_without_any_name_is_refused_and_nothing_is_written(delegation, contact):
    data = member_data(given_name="", family_name="", name_hangul="")
    with pytest.raises(ValidationError) as caught:
        services.add_member(actor=contact, delegation=delegation, data=data)
    assert caught.value.message_dict == {
        "__all__": ["Give the person's name in Latin script, in Korean script, or both."]
    }
    assert not Person.objects.exists() and not Delegate.objects.exists()
    delegation.refresh_from_db()
    assert delegation.status == "invited"
