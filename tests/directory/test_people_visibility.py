"""Who sees whom in the directory: public figures for everyone, a delegation's members for its
contact and staff, and no delegate's person left behind when their summit goes."""

import datetime

import pytest

from summitry.core import services as core_services
from summitry.core.tokens import issue_token
from summitry.delegations import services as delegation_services
from summitry.delegations.models import Delegation
from summitry.directory.models import Person
from summitry.programme.models import ItemPerson, ProgrammeItem
from summitry.programme.releases import publish
from tests.conftest import ApiClient
from tests.factories import OrganisationFactory, PersonFactory, SummitFactory

SEOUL = datetime.timezone(datetime.timedelta(hours=9))


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(person["slug"] for person in response.json()["items"])


@pytest.fixture
def world(db, organiser):
    summit = SummitFactory(slug="forum")
    speaker = PersonFactory(slug="public-speaker")
    closed = PersonFactory(slug="closed-dinner-host")
    bystander = PersonFactory(slug="directory-only")
    keynote = ProgrammeItem.objects.create(
        summit=summit,
        kind="keynote",
        block="afternoon",
        title_en="Keynote",
        starts_at=datetime.datetime(2023, 9, 25, 14, tzinfo=SEOUL),
        ends_at=datetime.datetime(2023, 9, 25, 15, tzinfo=SEOUL),
    )
    dinner = ProgrammeItem.objects.create(
        summit=summit,
        kind="meal",
        block="dinner",
        audience="invited",
        title_en="Closed dinner",
        starts_at=datetime.datetime(2023, 9, 25, 19, tzinfo=SEOUL),
        ends_at=datetime.datetime(2023, 9, 25, 21, tzinfo=SEOUL),
    )
    ItemPerson.objects.create(item=keynote, person=speaker, role="speaker")
    ItemPerson.objects.create(item=dinner, person=closed, role="host")
    invitation, _secret = delegation_services.invite(
        actor=organiser,
        summit=summit,
        organisation=OrganisationFactory(slug="wellington"),
        contact_name="Aroha",
        contact_email="aroha@wellington.example",
        language="en",
    )
    contact = delegation_services.claim_invitation(
        invitation=invitation, name="Aroha", password="a sturdy passphrase 2023"
    )
    member = delegation_services.add_member(
        actor=contact,
        delegation=Delegation.objects.get(invitation=invitation),
        data={"role": "member", "given_name": "Del", "family_name": "Egate"},
    )
    return {
        "summit": summit,
        "contact": contact,
        "member": member,
        "people": (speaker, closed, bystander),
    }


def test_anonymous_visitors_see_only_people_with_a_public_role(world, organiser, anonymous_api):
    assert slugs(anonymous_api.get("/people")) == []  # nothing is public before publication
    publish(actor=organiser, summit=world["summit"])
    assert slugs(anonymous_api.get("/people")) == ["public-speaker"]
    member_slug = world["member"].person.slug
    for hidden in ("closed-dinner-host", "directory-only", member_slug):
        assert anonymous_api.get(f"/people/{hidden}").status_code == 404
    assert anonymous_api.get("/people/public-speaker").status_code == 200


def test_a_contact_sees_their_members_and_staff_see_everyone(world, organiser, staff_api):
    publish(actor=organiser, summit=world["summit"])
    contact_api = ApiClient(issue_token(user=world["contact"], name="tests")[1])
    member_slug = world["member"].person.slug
    assert slugs(contact_api.get("/people")) == sorted(["public-speaker", member_slug])
    assert contact_api.get(f"/people/{member_slug}").status_code == 200
    everyone = slugs(staff_api.get("/people"))
    assert {"public-speaker", "closed-dinner-host", "directory-only", member_slug} <= set(
        everyone
    )


def test_a_deleted_summits_delegates_leave_no_person_behind(
    world, organiser, django_capture_on_commit_callbacks
):
    member_person = world["member"].person_id
    with django_capture_on_commit_callbacks(execute=True):
        core_services.delete(actor=organiser, instance=world["summit"])
    assert not Person.objects.filter(pk=member_person).exists()
    # Directory entries that are not delegates' stay.
    assert Person.objects.filter(
        slug__in=["public-speaker", "closed-dinner-host", "directory-only"]
    ).count() == 3
