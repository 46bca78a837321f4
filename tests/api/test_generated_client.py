"""A Python client generated from the live OpenAPI document (openapi-python-client), driving a
live test server through one real flow per capability, as an integrator would.

The client is generated once per test session into a temporary folder (never committed); the
generator must not warn or skip anything.
"""

from __future__ import annotations

import datetime
import importlib
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from summitry.core.tokens import issue_token
from summitry.delegations import services as delegations
from summitry.delegations.models import Invitation
from tests.factories import UserFactory

PACKAGE = "summitry_api_client"
ENGLISH = {"Accept-Language": "en"}


@pytest.fixture(scope="session")
def client_package(live_server, django_db_blocker, tmp_path_factory):
    """The generated package, imported."""
    folder = tmp_path_factory.mktemp("generated")
    document = folder / "openapi.json"
    # The server thread checks its database connection at each request, outside any test.
    with (
        django_db_blocker.unblock(),
        urllib.request.urlopen(f"{live_server.url}/api/v1/openapi.json") as answer,  # noqa: S310
    ):
        document.write_bytes(answer.read())
    config = folder / "config.yaml"
    # No formatting pass over the generated code: it is read by Python, not by people.
    config.write_text("post_hooks: []\n")
    generator = Path(sys.executable).with_name("openapi-python-client")
    run = subprocess.run(  # noqa: S603 - our own tool, our own arguments
        [
            str(generator),
            "generate",
            "--path",
            str(document),
            "--output-path",
            str(folder / PACKAGE),
            "--meta",
            "none",
            "--config",
            str(config),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    assert "Warning" not in output and "WARNING" not in output, output
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(folder))
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
            del sys.modules[name]


def _import(name: str):
    return importlib.import_module(f"{PACKAGE}.{name}")


def _client(package, live_server, token: str | None = None):
    if token is None:
        return package.Client(base_url=live_server.url, headers=ENGLISH)
    return package.AuthenticatedClient(base_url=live_server.url, token=token, headers=ENGLISH)


def _contact(invitation_id: int, email: str) -> str:
    """The invited contact claims the link (a page, not the API) and takes an API token."""
    invitation = Invitation.objects.get(pk=invitation_id)
    user = delegations.claim_invitation(
        invitation=invitation,
        name=email.split("@")[0],
        email=email,
        password="a long passphrase 2023",
    )
    return issue_token(user=user, name="integration")[1]


def test_one_flow_per_capability(client_package, live_server):
    m = _import("models")
    staff_user = UserFactory(username="integrator", is_staff=True, is_superuser=True)
    staff = _client(client_package, live_server, issue_token(user=staff_user, name="it")[1])
    anonymous = _client(client_package, live_server)

    def call(operation: str, **kwargs):
        """``capability.operation_id`` of the generated client, called; its parsed answer."""
        answer = _import(f"api.{operation}").sync_detailed(**kwargs)
        assert answer.status_code < 300, (operation, answer.status_code, answer.content)
        return answer.parsed

    # Summits: a summit, a venue and a room.
    summit = call(
        "summits.create_summit",
        client=staff,
        body=m.SummitIn(
            slug="api-forum",
            edition=1,
            name=m.Bilingual(ko="API 포럼", en="API Forum"),
            start_date=datetime.date(2031, 9, 24),
            end_date=datetime.date(2031, 9, 26),
            status=m.SummitStatus.PUBLISHED,
        ),
    )
    assert (summit.slug, summit.name.en, summit.time_zone) == (
        "api-forum",
        "API Forum",
        "Asia/Seoul",
    )
    venue = call(
        "summits.create_venue",
        slug="api-forum",
        client=staff,
        body=m.VenueIn(name=m.Bilingual(ko="DDP", en="DDP")),
    )
    room = call(
        "summits.create_room",
        slug="api-forum",
        client=staff,
        body=m.RoomIn(venue=venue.id, name=m.Bilingual(en="Hall 1"), capacity=300),
    )
    assert (
        call("summits.get_room", slug="api-forum", room_id=room.id, client=anonymous).name.en
        == "Hall 1"
    )

    # Reading the summit back: its organisations are OrganisationRoleOut, no longer confused
    # with the programme's people (which made generated clients crash on a missing "person").
    read = call("summits.get_summit", slug="api-forum", client=anonymous)
    assert (
        read.organisations,
        [v.name.en for v in call("summits.list_venues", slug="api-forum", client=anonymous)],
    ) == ([], ["DDP"])

    # Directory and delegations: two cities invited, each contact registers a member.
    people = {}
    for slug, name, country in [("wellington", "Wellington", "NZ"), ("kyiv", "Kyiv", "UA")]:
        call(
            "directory.create_organisation",
            client=staff,
            body=m.OrganisationIn(
                slug=slug, kind=m.OrganisationKind.CITY, name=m.Bilingual(en=name), country=country
            ),
        )
        invitation = call(
            "delegations.create_invitation",
            slug="api-forum",
            client=staff,
            body=m.InvitationIn(
                organisation=slug,
                contact_name=f"Contact of {name}",
                contact_email=f"contact@{slug}.example",
            ),
        )
        assert invitation.link.startswith("/invitations/")
        contact = _client(
            client_package, live_server, _contact(invitation.id, f"contact@{slug}.example")
        )
        (delegation,) = call("delegations.list_delegations", slug="api-forum", client=contact)
        member = call(
            "delegations.add_member",
            slug="api-forum",
            delegation_id=delegation.id,
            client=contact,
            body=m.MemberIn(
                role=m.DelegateRole.HEAD,
                given_name="Head",
                family_name=name,
                arrival_at=datetime.datetime(2031, 9, 23, 14, 30),
            ),
        )
        # Without an offset, the arrival is in the summit's zone (Seoul, UTC+9).
        assert member.arrival_at == datetime.datetime(2031, 9, 23, 5, 30, tzinfo=datetime.UTC)
        # Registering the first member registers the delegation.
        registered = call(
            "delegations.get_delegation",
            slug="api-forum",
            delegation_id=delegation.id,
            client=contact,
        )
        assert registered.status == m.DelegationStatus.REGISTERED
        people[slug] = (contact, member)

    # Programme: an item, then the published version.
    item = call(
        "programme.create_programme_item",
        slug="api-forum",
        client=staff,
        body=m.ItemIn(
            kind=m.ItemType.KEYNOTE,
            block=m.TimeBlock.MORNING,
            title=m.Bilingual(ko="기조연설", en="Keynote"),
            room=room.id,
            starts_at=datetime.datetime(2031, 9, 24, 10, 0),
            ends_at=datetime.datetime(2031, 9, 24, 11, 0),
        ),
    )
    release = call(
        "programme.publish_programme",
        slug="api-forum",
        client=staff,
        body=m.ReleaseIn(note="First version"),
    )
    assert release.number == 1
    listed = call("programme.list_programme_items", slug="api-forum", client=anonymous)
    assert [i.id for i in listed] == [item.id]

    # Diplomacy: Wellington asks Kyiv for a meeting; Kyiv accepts.
    wellington, wellington_head = people["wellington"]
    kyiv, _kyiv_head = people["kyiv"]
    meeting = call(
        "diplomacy.request_meeting",
        slug="api-forum",
        client=wellington,
        body=m.MeetingIn(
            requester="wellington",
            counterpart="kyiv",
            topic=m.Bilingual(en="Reconstruction"),
            attendees=[wellington_head.person.id],
        ),
    )
    answered = call(
        "diplomacy.answer_meeting",
        slug="api-forum",
        meeting_id=meeting.id,
        client=kyiv,
        body=m.AnswerIn(answer="accept"),
    )
    assert answered.status == m.RequestStatus.ACCEPTED

    # Awards: a call with a category; an applicant applies and submits.
    now = datetime.datetime.now(datetime.UTC)
    call(
        "awards.create_award",
        slug="api-forum",
        client=staff,
        body=m.AwardIn(
            slug="prize",
            name=m.Bilingual(en="Prize"),
            reference_prefix="API",
            opens_at=now - datetime.timedelta(days=1),
            closes_at=now + datetime.timedelta(days=30),
        ),
    )
    category = call(
        "awards.add_award_category",
        slug="api-forum",
        award_slug="prize",
        client=staff,
        body=m.CategoryIn(name=m.Bilingual(en="Mobility")),
    )
    applicant = _client(
        client_package,
        live_server,
        issue_token(user=UserFactory(username="applicant@city.example"), name="it")[1],
    )
    application = call(
        "awards.create_application",
        slug="api-forum",
        award_slug="prize",
        client=applicant,
        body=m.ApplicationIn(
            category=category.id,
            applicant_kind=m.ApplicantKind.CITY,
            applicant_name="Busan",
            country="KR",
            title=m.Bilingual(en="Buses on time"),
        ),
    )
    submitted = call(
        "awards.submit_application",
        slug="api-forum",
        award_slug="prize",
        application_id=application.id,
        client=applicant,
    )
    assert submitted.status == m.ApplicationStatus.SUBMITTED
    assert submitted.reference.startswith("API-")

    # Counts (staff) and schedule.json (anyone).
    counts = call(
        "delegations.get_counts",
        slug="api-forum",
        as_of=datetime.date(2031, 9, 23),
        client=staff,
    )
    assert (counts.foreign_cities, counts.people) == (2, 2)
    schedule = call("programme.get_schedule_json", slug="api-forum", client=anonymous)
    assert schedule.to_dict()["schedule"]["conference"]["acronym"] == "api_forum"
