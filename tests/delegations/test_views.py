"""Delegation pages: claiming a link, registering members, staff review, counts."""
import pytest
from django.test import Client, override_settings

from summitry.delegations import services
from summitry.delegations.models import Delegate, Delegation, StatusChange
from tests.factories import OrganisationFactory

MEMBER_FORM = {
    "role": "head",
    "protocol_rank": "30",
    "given_name": "Tory",
    "family_name": "Whanau",
    "name_hangul": "토리 화나우",
    "position": "Mayor of Wellington",
    "arrival_at": "2023-09-23T14:30",
    "departure_at": "2023-09-27T10:00",
    "arrival_flight": "NZ75",
    "interpretation_language": "en",
}


def english() -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    return client


def test_the_contact_claims_the_link_and_registers_a_member(invited):
    invitation, secret = invited
    client = english()
    page = client.get(f"/invitations/{secret}/")
    assert page.status_code == 200
    assert "Register the delegation of Wellington" in page.content.decode()
    response = client.post(
        f"/invitations/{secret}/",
        {
            "name": "Aroha Smith",
            "email": "aroha@wellington.example",
            "password": "a sturdy passphrase 2023",
            "password_again": "a sturdy passphrase 2023",
        },
    )
    delegation = Delegation.objects.get(invitation=invitation)
    assert response.status_code == 302
    assert response["Location"] == f"/forum/delegations/{delegation.pk}/"
    added = client.post(f"/forum/delegations/{delegation.pk}/", MEMBER_FORM, follow=True)
    assert "Tory Whanau is registered." in added.content.decode()
    # From their delegation, the contact goes on to request bilateral meetings.
    assert 'href="/forum/diplomacy/meetings/"' in added.content.decode()
    member = Delegate.objects.select_related("person").get()
    # Entered in Seoul time, stored in UTC.
    assert member.arrival_at.isoformat() == "2023-09-23T05:30:00+00:00"
    assert member.person.position_en == "Mayor of Wellington"
    assert member.person.get_protocol_rank_display() == "Mayor or governor"


def test_mismatched_passwords_claim_nothing(invited):
    _invitation, secret = invited
    response = english().post(
        f"/invitations/{secret}/",
        {
            "name": "A",
            "email": "a@example.org",
            "password": "a sturdy passphrase 2023",
            "password_again": "another",
        },
    )
    assert response.status_code == 200
    assert "The two passwords differ." in response.content.decode()
    assert not Delegation.objects.filter(contact__isnull=False).exists()


def test_an_unknown_link_is_refused_and_guessing_is_rate_limited(invited):
    _invitation, secret = invited
    client = english()
    assert client.get("/invitations/not-a-real-secret/").status_code == 404
    statuses = [client.get(f"/invitations/guess-{n}/").status_code for n in range(25)]
    assert statuses[:19] == [404] * 19
    assert statuses[-1] == 429
    # Once limited, even the right link waits for the window to pass.
    assert client.get(f"/invitations/{secret}/").status_code == 429


def test_only_links_that_fail_count_towards_the_limit(invited):
    _invitation, secret = invited
    client = english()
    # A contact coming back to their link many times is never refused.
    assert {client.get(f"/invitations/{secret}/").status_code for _ in range(30)} == {200}
    assert client.get("/invitations/guess/").status_code == 404


@override_settings(SUMMITRY_TRUSTED_PROXIES=["127.0.0.1"])
def test_behind_the_proxy_one_guesser_does_not_block_the_others(invited):
    _invitation, secret = invited
    guesser = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.66")
    for n in range(25):
        guesser.get(f"/invitations/guess-{n}/")
    assert guesser.get(f"/invitations/{secret}/").status_code == 429
    contact = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert contact.get(f"/invitations/{secret}/").status_code == 200


def test_another_contact_cannot_open_the_delegation_page(delegation, contact, summit, organiser):
    kyiv = OrganisationFactory(slug="kyiv", name_en="Kyiv", country="UA")
    invitation, _secret = services.invite(
        actor=organiser,
        summit=summit,
        organisation=kyiv,
        contact_name="K",
        contact_email="k@kyiv.example",
        language="en",
    )
    other = services.claim_invitation(
        invitation=invitation,
        name="K",
        email="k@kyiv.example",
        password="another sturdy passphrase",
    )
    client = english()
    client.force_login(other)
    assert client.get(f"/forum/delegations/{delegation.pk}/").status_code == 404
    assert client.post(f"/forum/delegations/{delegation.pk}/", MEMBER_FORM).status_code == 404
    assert client.get("/forum/manage/delegations/").status_code == 404
    assert not Delegate.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(delegation):
    response = english().get(f"/forum/delegations/{delegation.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_staff_invite_review_and_count(summit, organiser, wellington):
    client = english()
    client.force_login(organiser)
    response = client.post(
        "/forum/manage/delegations/",
        {
            "organisation": wellington.pk,
            "contact_name": "Aroha",
            "contact_email": "aroha@wellington.example",
            "language": "en",
        },
        follow=True,
    )
    assert "Wellington is invited; the e-mail is in the outbox." in response.content.decode()
    delegation = Delegation.objects.get()
    client.post(f"/forum/delegations/{delegation.pk}/", MEMBER_FORM)
    client.post(
        f"/forum/delegations/{delegation.pk}/status/", {"status": "confirmed", "note": "visa ok"}
    )
    assert list(StatusChange.objects.values_list("to_status", flat=True)) == [
        "registered",
        "confirmed",
    ]
    page = client.get(f"/forum/delegations/{delegation.pk}/").content.decode()
    assert "Invited → Registered" in page and "Registered → Confirmed" in page
    counts = client.get("/forum/manage/counts/").content.decode()
    assert "1 foreign city delegations from 1 countries" in counts
    assert "<li>Mayor or governor: 1</li>" in counts
    assert "<li>English: 1</li>" in counts
    client.post("/forum/manage/counts/?as_of=2023-09-23")
    assert delegation.summit.count_snapshots.count() == 1


def test_a_full_summit_says_so(delegation, contact):
    summit = delegation.summit
    summit.capacity = 1
    summit.save()
    client = english()
    client.force_login(contact)
    client.post(f"/forum/delegations/{delegation.pk}/", MEMBER_FORM)
    second = client.post(
        f"/forum/delegations/{delegation.pk}/",
        {**MEMBER_FORM, "role": "member", "given_name": "Ana"},
        follow=True,
    )
    assert "The summit is full: Ana Whanau is on the waiting list." in second.content.decode()


def test_bad_member_input_is_explained_on_the_page(delegation, contact):
    client = english()
    client.force_login(contact)
    response = client.post(
        f"/forum/delegations/{delegation.pk}/", {**MEMBER_FORM, "departure_at": "2023-09-01T10:00"}
    )
    assert response.status_code == 200
    assert "The departure cannot be before the arrival." in response.content.decode()
    empty = client.post(
        f"/forum/delegations/{delegation.pk}/",
        {**MEMBER_FORM, "given_name": "", "family_name": "", "name_hangul": ""},
    )
    assert "Give the person&#x27;s name in Latin script" in empty.content.decode()
    assert not Delegate.objects.exists()


@pytest.mark.parametrize(
    ("action", "question", "korean"),
    [
        ("cancel", "Cancel the registration of", "등록을 취소할까요"),
        ("erase", "Erase the personal data of", "개인정보를 삭제할까요"),
    ],
)
def test_cancelling_and_erasing_ask_first_in_the_readers_language(
    delegation, contact, organiser, action, question, korean
):
    member = services.add_member(
        actor=contact, delegation=delegation, data={"role": "member", "given_name": "Ana"}
    )
    url = f"/forum/delegations/{delegation.pk}/members/{member.pk}/{action}/"
    for language, text in (("en", question), ("ko", korean)):
        client = Client(headers={"Accept-Language": language})
        client.force_login(organiser)
        asked = client.post(url)
        assert asked.status_code == 200 and text in asked.content.decode()
    member.refresh_from_db()
    assert (member.place, member.erased_at) == ("registered", None)
    client = english()
    client.force_login(organiser)
    assert client.post(url, {"confirmed": "1"}).status_code == 302
    member.refresh_from_db()
    assert member.place == "cancelled" if action == "cancel" else member.erased_at is not None


def test_the_counts_name_dietary_needs_in_the_readers_language(delegation, contact, organiser):
    services.add_member(
        actor=contact,
        delegation=delegation,
        data={"role": "member", "given_name": "Ana", "dietary_needs": "vegetarian"},
    )
    services.add_member(
        actor=contact,
        delegation=delegation,
        data={
            "role": "member",
            "given_name": "Ben",
            "dietary_needs": "other",
            "dietary_notes": "no raw fish",
        },
    )
    client = Client(headers={"Accept-Language": "ko"})
    client.force_login(organiser)
    page = client.get("/forum/manage/counts/?as_of=2030-01-01").content.decode()
    assert "채식: 1" in page and "기타(메모 참고): 1" in page
    assert "vegetarian" not in page
