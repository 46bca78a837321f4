"""The delegations API: the same rules as the pages, through the same services."""

import datetime

import pytest
from django.core import mail

from summitry.core.tokens import issue_token
from summitry.delegations import services
from summitry.delegations.models import Delegate, Delegation, Invitation
from tests.api_support import NOT_AUTHENTICATED
from tests.conftest import ApiClient
from tests.factories import OrganisationFactory

from .conftest import member_data

MEMBER = {
    "role": "head",
    "given_name": "Tory",
    "family_name": "Whanau",
    "name_hangul": "토리 화나우",
    "position": {"ko": "웰링턴 시장", "en": "Mayor of Wellington"},
    "arrival_at": "2023-09-23T14:30:00+09:00",
    "departure_at": "2023-09-27T10:00:00+09:00",
    "arrival_flight": "NZ75",
    "interpretation_language": "en",
}


@pytest.fixture
def contact_api(contact):
    return ApiClient(issue_token(user=contact, name="tests")[1])


@pytest.fixture
def other_contact_api(summit, organiser):
    """The contact of another delegation (Kyiv) at the same summit."""
    kyiv = OrganisationFactory(slug="kyiv", name_en="Kyiv", country="UA")
    invitation, _secret = services.invite(
        actor=organiser,
        summit=summit,
        organisation=kyiv,
        contact_name="K",
        contact_email="k@kyiv.example",
        language="en",
    )
    user = services.claim_invitation(
        invitation=invitation,
        name="K",
        email="k@kyiv.example",
        password="another sturdy passphrase",
    )
    return ApiClient(issue_token(user=user, name="tests")[1])


def test_staff_invite_through_the_api_and_get_the_link_once(staff_api, summit, wellington):
    response = staff_api.post(
        "/summits/forum/invitations",
        {
            "organisation": "wellington",
            "contact_name": "Aroha",
            "language": "en",
            "contact_email": "aroha@wellington.example",
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert body["link"].startswith("/invitations/")
    secret = body["link"].split("/")[2]
    assert services.open_invitation(secret).pk == body["id"]
    assert mail.outbox[-1].to == ["aroha@wellington.example"]
    listed = staff_api.get("/summits/forum/invitations").json()
    assert [i["id"] for i in listed] == [body["id"]]
    assert "link" not in listed[0]


@pytest.mark.parametrize("caller", ["anonymous_api", "member_api", "contact_api"])
def test_only_staff_invite(caller, request, summit, wellington, contact):
    client = request.getfixturevalue(caller)
    response = client.post(
        "/summits/forum/invitations",
        {"organisation": "wellington", "contact_name": "X", "contact_email": "x@example.org"},
    )
    assert response.status_code == (401 if caller == "anonymous_api" else 403)
    assert Invitation.objects.count() == 1  # the fixture's own


def test_the_contact_registers_and_corrects_a_member(contact_api, delegation):
    path = f"/summits/forum/delegations/{delegation.pk}/members"
    response = contact_api.post(path, MEMBER)
    assert response.status_code == 201
    member = response.json()
    assert (
        member["role"],
        member["place"],
        member["person"]["latin_name"],
        member["person"]["position"],
    ) == ("head", "registered", "Tory Whanau", {"ko": "웰링턴 시장", "en": "Mayor of Wellington"})
    assert member["arrival_at"] == "2023-09-23T05:30:00Z"  # the API speaks UTC
    changed = contact_api.patch(f"{path}/{member['id']}", {"hotel": "Lotte Hotel Seoul"})
    assert changed.json()["hotel"] == "Lotte Hotel Seoul"
    detail = contact_api.get(f"/summits/forum/delegations/{delegation.pk}").json()
    assert detail["status"] == "registered"
    assert [h["to_status"] for h in detail["history"]] == ["registered"]


def test_a_contact_never_reads_or_changes_another_delegation(
    other_contact_api, delegation, contact_api
):
    contact_api.post(f"/summits/forum/delegations/{delegation.pk}/members", MEMBER)
    member_id = Delegate.objects.get().pk
    base = f"/summits/forum/delegations/{delegation.pk}"
    assert other_contact_api.get(base).status_code == 404
    assert other_contact_api.post(f"{base}/members", MEMBER).status_code == 404
    assert other_contact_api.patch(f"{base}/members/{member_id}", {"hotel": "X"}).status_code == 404
    assert other_contact_api.post(f"{base}/members/{member_id}/cancel", {}).status_code == 404
    listed = other_contact_api.get("/summits/forum/delegations").json()
    assert [d["organisation"]["slug"] for d in listed] == ["kyiv"]
    assert Delegate.objects.get().hotel == ""


def test_staff_see_all_delegations_and_confirm(
    staff_api, delegation, contact_api, other_contact_api
):
    contact_api.post(f"/summits/forum/delegations/{delegation.pk}/members", MEMBER)
    listed = staff_api.get("/summits/forum/delegations").json()
    assert sorted(d["organisation"]["slug"] for d in listed) == ["kyiv", "wellington"]
    response = staff_api.post(
        f"/summits/forum/delegations/{delegation.pk}/status", {"status": "confirmed", "note": "ok"}
    )
    assert response.status_code == 200
    assert [(h["to_status"], h["by"]) for h in response.json()["history"]] == [
        ("registered", "aroha@wellington.example"),
        ("confirmed", "organiser"),
    ]


def test_a_contact_cannot_confirm_their_own_delegation(contact_api, delegation):
    contact_api.post(f"/summits/forum/delegations/{delegation.pk}/members", MEMBER)
    response = contact_api.post(
        f"/summits/forum/delegations/{delegation.pk}/status", {"status": "confirmed"}
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "Only organiser staff may do this."}
    assert Delegation.objects.get(pk=delegation.pk).status == "registered"


def test_bad_member_data_changes_nothing_and_is_explained(contact_api, delegation):
    path = f"/summits/forum/delegations/{delegation.pk}/members"
    response = contact_api.post(path, {**MEMBER, "departure_at": "2023-09-01T10:00:00+09:00"})
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "departure_at": ["The departure cannot be before the arrival."]
    }
    too_long = contact_api.post(path, {**MEMBER, "family_name": "W" * 101})
    assert too_long.status_code == 400
    assert list(too_long.json()["errors"]) == ["family_name"]
    assert not Delegate.objects.exists()
    assert Delegation.objects.get(pk=delegation.pk).status == "invited"


def test_personal_data_needs_a_token(anonymous_api, delegation):
    response = anonymous_api.get(f"/summits/forum/delegations/{delegation.pk}")
    assert (response.status_code, response.json()) == (401, NOT_AUTHENTICATED)


def test_counts_and_a_frozen_snapshot_through_the_api(staff_api, delegation, contact, contact_api):
    services.add_member(actor=contact, delegation=delegation, data=member_data(role="head"))
    Delegation.objects.filter(pk=delegation.pk).update(
        registered_at=datetime.datetime(2023, 9, 22, 10, tzinfo=datetime.UTC)
    )
    Delegate.objects.update(registered_at=datetime.datetime(2023, 9, 22, 10, tzinfo=datetime.UTC))
    counts = staff_api.get("/summits/forum/counts?as_of=2023-09-23").json()
    assert (
        counts["foreign_cities"],
        counts["countries"],
        counts["organisations"],
        counts["people"],
    ) == (1, 1, 0, 1)
    assert counts["sentence"]["en"] == (
        "1 foreign city delegations from 1 countries, and 0 international organisations and "
        "companies, as registered on 23 September"
    )
    before = staff_api.get("/summits/forum/counts?as_of=2023-09-21").json()
    assert (before["foreign_cities"], before["people"]) == (0, 0)
    frozen = staff_api.post("/summits/forum/counts/snapshots", {"as_of": "2023-09-23"})
    assert frozen.status_code == 201
    assert contact_api.get("/summits/forum/counts?as_of=2023-09-23").status_code == 403
    assert [s["as_of"] for s in staff_api.get("/summits/forum/counts/snapshots").json()] == [
        "2023-09-23"
    ]
