"""A member's access link never unlocks somebody else's account (issue: account takeover).

The attack: a contact adds a member with a victim's address, asks for access (the victim's
account got linked), changes the member's address to their own, asks again, and sets the
victim's password through the link."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from summitry.awards import services as award_services
from summitry.delegations import services
from summitry.delegations.models import Delegate
from tests.conftest import ApiClient
from tests.factories import UserFactory

from .conftest import member_data

VICTIM_PASSWORD = "the victim's own passphrase"


@pytest.fixture
def victim(db):
    """Somebody else's account (another delegation's contact, an applicant)."""
    user = UserFactory(username="victim@example.org", email="victim@example.org")
    user.set_password(VICTIM_PASSWORD)
    user.save()
    return user


def links_in(message) -> list[str]:
    return re.findall(r"/accounts/(?:access|link)/[^\s]+/", message.body)


def set_password_through(link: str, password: str) -> Client:
    client = Client()
    page = client.get(link, follow=True)
    client.post(
        page.redirect_chain[-1][0] if page.redirect_chain else link,
        {"new_password1": password, "new_password2": password},
    )
    return client


def test_the_takeover_chain_never_reaches_the_victims_account(delegation, contact, victim):
    member = services.add_member(
        actor=contact, delegation=delegation, data=member_data(email="victim@example.org")
    )
    assert services.give_member_access(actor=contact, member=member) == "confirm"
    member.refresh_from_db()
    assert member.user is None  # nothing is attached by matching addresses
    asked = mail.outbox[-1]
    assert asked.to == ["victim@example.org"]  # the owner is asked, at their own address
    assert not any("/accounts/access/" in link for link in links_in(asked))

    services.update_member(actor=contact, member=member, changes={"email": "mine@attacker.example"})
    assert services.give_member_access(actor=contact, member=member) == "link"
    sent = mail.outbox[-1]
    assert sent.to == ["mine@attacker.example"]
    set_password_through(links_in(sent)[0], "the attacker's passphrase")

    victim.refresh_from_db()
    assert victim.check_password(VICTIM_PASSWORD)
    member.refresh_from_db()
    assert member.user.email == "mine@attacker.example"
    assert member.user != victim
    # And the owner's confirmation link died with the change of address.
    confirm = links_in(asked)[0]
    owner = Client()
    owner.force_login(victim)
    assert owner.get(confirm).status_code == 404


def test_the_takeover_chain_through_the_api(delegation, contact, victim):
    from summitry.core.tokens import issue_token

    api = ApiClient(issue_token(user=contact, name="tests")[1])
    base = f"/summits/forum/delegations/{delegation.pk}/members"
    body = {
        "role": "member",
        "given_name": "Vic",
        "family_name": "Tim",
        "email": "victim@example.org",
    }
    created = api.post(base, body)
    assert created.status_code == 201, created.content
    member_id = created.json()["id"]
    first = api.post(f"{base}/{member_id}/access", {})
    assert first.status_code == 200
    assert first.json()["sent"] == "confirm"
    assert api.patch(f"{base}/{member_id}", {"email": "mine@attacker.example"}).status_code == 200
    second = api.post(f"{base}/{member_id}/access", {})
    assert second.json()["sent"] == "link"
    assert mail.outbox[-1].to == ["mine@attacker.example"]
    set_password_through(links_in(mail.outbox[-1])[0], "the attacker's passphrase")
    victim.refresh_from_db()
    assert victim.check_password(VICTIM_PASSWORD)
    assert Delegate.objects.get(pk=member_id).user != victim


def test_the_owner_confirms_from_their_own_address(delegation, contact, victim, stranger):
    member = services.add_member(
        actor=contact, delegation=delegation, data=member_data(email="Victim@Example.org")
    )
    services.give_member_access(actor=contact, member=member)
    link = links_in(mail.outbox[-1])[0]

    someone_else = Client()
    someone_else.force_login(stranger)
    assert someone_else.get(link).status_code == 404
    assert someone_else.post(link).status_code == 404
    anonymous = Client().get(link)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    member.refresh_from_db()
    assert member.user is None

    owner = Client()
    owner.cookies["django_language"] = "en"
    owner.force_login(victim)
    assert "This is me" in owner.get(link).content.decode()
    assert owner.post(link).status_code == 302
    member.refresh_from_db()
    assert (member.user, member.account_created) == (victim, False)
    # From now on the member signs in with their own password; no password link is sent.
    sent_before = len(mail.outbox)
    assert services.give_member_access(actor=contact, member=member) == "linked"
    assert len(mail.outbox) == sent_before
    assert owner.get(f"/forum/me/{member.pk}/").status_code == 200


def test_a_new_address_detaches_the_account_and_kills_outstanding_links(delegation, contact):
    member = services.add_member(
        actor=contact, delegation=delegation, data=member_data(email="tory@example.org")
    )
    services.give_member_access(actor=contact, member=member)
    link = links_in(mail.outbox[-1])[0]
    made = Delegate.objects.get(pk=member.pk).user
    services.update_member(actor=contact, member=member, changes={"email": "new@example.org"})
    member.refresh_from_db()
    assert member.user is None
    # The account was made for the old address and never used: it is gone.
    assert not get_user_model().objects.filter(pk=made.pk).exists()
    client = Client()
    client.cookies["django_language"] = "en"
    assert "has been used or has expired" in client.get(link, follow=True).content.decode()


def test_a_used_account_stays_its_owners_but_its_old_links_die(delegation, contact):
    member = services.add_member(
        actor=contact, delegation=delegation, data=member_data(email="tory@example.org")
    )
    services.give_member_access(actor=contact, member=member)
    set_password_through(links_in(mail.outbox[-1])[0], "tory's own passphrase")
    member.refresh_from_db()
    account = member.user
    assert account.check_password("tory's own passphrase")
    services.give_member_access(actor=contact, member=member)  # a second link, not used
    second = links_in(mail.outbox[-1])[0]
    services.update_member(actor=contact, member=member, changes={"email": "else@example.org"})
    account.refresh_from_db()
    assert account.check_password("tory's own passphrase")  # not locked out of their account
    client = Client()
    client.cookies["django_language"] = "en"
    assert "has been used or has expired" in client.get(second, follow=True).content.decode()


def test_erasure_detaches_the_account(delegation, contact, organiser):
    member = services.add_member(
        actor=contact, delegation=delegation, data=member_data(email="tory@example.org")
    )
    services.give_member_access(actor=contact, member=member)
    link = links_in(mail.outbox[-1])[0]
    services.erase_personal_data(actor=organiser, member=member)
    member.refresh_from_db()
    assert member.user is None
    client = Client()
    client.cookies["django_language"] = "en"
    assert "has been used or has expired" in client.get(link, follow=True).content.decode()


def test_a_claim_makes_an_account_only_for_the_invited_address(invited):
    invitation, _secret = invited
    with pytest.raises(ValidationError):
        services.claim_invitation(
            invitation=invitation,
            name="Mallory",
            email="victim@example.org",
            password="a sturdy passphrase 2023",
        )
    assert not get_user_model().objects.filter(email="victim@example.org").exists()


def test_a_signed_in_holder_of_the_link_takes_on_the_delegation(invited, victim):
    invitation, secret = invited
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(victim)
    assert "Take on the delegation" in client.get(f"/invitations/{secret}/").content.decode()
    assert client.post(f"/invitations/{secret}/").status_code == 302
    invitation.refresh_from_db()
    assert invitation.claimed_at is not None
    assert invitation.delegation.contact == victim


def test_an_existing_address_blocks_a_claim_and_an_award_sign_up(invited, victim):
    invitation, _secret = invited
    victim.email = invitation.contact_email
    victim.save()
    with pytest.raises(ValidationError):
        services.claim_invitation(
            invitation=invitation, name="A", password="a sturdy passphrase 2023"
        )
    with pytest.raises(ValidationError):
        award_services.sign_up(
            name="A", email=invitation.contact_email.upper(), password="a sturdy passphrase 2023"
        )
    victim.refresh_from_db()
    assert victim.check_password(VICTIM_PASSWORD)


def test_only_the_contact_or_staff_ask_for_access(delegation, contact, stranger):
    member = services.add_member(
        actor=contact, delegation=delegation, data=member_data(email="tory@example.org")
    )
    with pytest.raises(PermissionDenied):
        services.give_member_access(actor=stranger, member=member)
