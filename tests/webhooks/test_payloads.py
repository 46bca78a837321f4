"""A payload never holds more than the subscription's owner may see at the summit: names and
contact data of delegates only for an owner who manages delegations; travel, hotel, diet and
access needs never; meetings, agreements and applications reduced to their id without the
permission that shows them; winners only once public. An owner who no longer manages
webhooks at the summit gets nothing sent."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from summitry.awards import services as award_services
from summitry.awards.models import Winner
from summitry.delegations import services as delegation_services
from summitry.demo.loader import ensure_team
from summitry.diplomacy.models import Agreement, MeetingRequest
from summitry.summits.models import Team
from summitry.summits.permissions import forget
from summitry.webhooks import catalogue, services
from summitry.webhooks.models import Delivery
from tests.factories import OrganisationFactory, UserFactory
from tests.judging.support import make_application, make_award, make_categories

from .conftest import MEMBER
from .receiver import Receiver

pytestmark = pytest.mark.django_db

EVENTS = ["delegation.registered", "member.added", "member.changed"]
NEVER = ("hotel", "arrival_at", "departure_at", "dietary_needs", "dietary_notes", "access_needs")


@pytest.fixture
def integrator(summit):
    """Staff who manage the summit's webhooks and nothing else."""
    user = UserFactory(username="integrator", email="integrator@example.org")
    ensure_team(summit, name_ko="연동", name_en="Integrations", codes={"webhooks"}, members=[user])
    return user


@pytest.fixture
def two_receivers():
    found = Receiver(), Receiver()
    yield found
    for receiver in found:
        receiver.close()


def test_delegates_contact_data_only_for_an_owner_who_manages_delegations(
    organiser, integrator, summit, delegation, two_receivers, django_capture_on_commit_callbacks
):
    full, reduced = two_receivers
    for owner, receiver in ((organiser, full), (integrator, reduced)):
        services.create_subscription(
            actor=owner,
            summit=summit,
            name={"en": owner.username},
            url=receiver.url,
            events=EVENTS,
        )
    with django_capture_on_commit_callbacks(execute=True):
        member = delegation_services.add_member(actor=organiser, delegation=delegation, data=MEMBER)
        delegation_services.update_member(
            actor=organiser, member=member, changes={"phone": "+64 4 000 0000"}
        )
    seen = {
        name: {
            r["headers"]["X-Summitry-Event"]: json.loads(r["body"])["data"]
            for r in receiver.received
        }
        for name, receiver in (("full", full), ("reduced", reduced))
    }
    assert set(seen["full"]) == set(seen["reduced"]) == set(EVENTS)
    added = seen["full"]["member.added"]
    assert added["email"] == "tory@wellington.example"
    assert added["person"]["family_name"] == "Whanau"
    assert seen["full"]["member.changed"]["phone"] == "+64 4 000 0000"
    assert seen["full"]["delegation.registered"]["contact"]["email"] == "aroha@wellington.example"
    for data in seen["reduced"].values():
        text = json.dumps(data)
        assert "tory@wellington.example" not in text and "Whanau" not in text
        assert "aroha" not in text and "+64" not in text
        assert data["organisation"]["slug"] == "wellington"
    assert seen["reduced"]["member.added"] == {
        "id": member.pk,
        "delegation": delegation.pk,
        "organisation": added["organisation"],
        "role": "head",
        "place": "registered",
        "registered_at": added["registered_at"],
    }
    for receiver in (full, reduced):
        for request in receiver.received:
            text = request["body"].decode()
            assert "Lotte" not in text and "vegetarian" not in text and "Wheelchair" not in text


def test_an_owner_who_lost_the_permission_gets_nothing(
    integrator, summit, delegation, organiser, receiver, django_capture_on_commit_callbacks
):
    subscription, _secret = services.create_subscription(
        actor=integrator, summit=summit, name={"en": "CRM"}, url=receiver.url, events=EVENTS
    )
    Team.objects.get(summit=summit, name_en="Integrations").members.remove(integrator)
    forget(integrator)
    with django_capture_on_commit_callbacks(execute=True):
        delegation_services.add_member(actor=organiser, delegation=delegation, data=MEMBER)
    assert receiver.received == [] and Delivery.objects.count() == 0
    # Its page says so to the staff who still manage webhooks.
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(organiser)
    page = client.get(reverse("webhooks:subscription", args=["forum", subscription.pk]))
    assert "Its owner no longer manages webhooks at this summit" in page.content.decode()


def test_meetings_and_agreements_are_an_id_without_their_permission(summit):
    host = OrganisationFactory(slug="seoul", name_en="Seoul", country="KR")
    guest = OrganisationFactory(slug="kyiv", name_en="Kyiv", country="UA")
    meeting = MeetingRequest.objects.create(
        summit=summit,
        requester=guest,
        counterpart=host,
        topic_en="Reconstruction",
        requester_language="en",
        counterpart_language="ko",
    )
    agreement = Agreement.objects.create(
        summit=summit,
        partner=guest,
        kind="mou",
        title_en="Sister cities",
        signed_on=datetime.date(2030, 9, 25),
    )
    assert catalogue.meeting(meeting, frozenset({"webhooks"})) == {"id": meeting.pk}
    assert catalogue.agreement(agreement, frozenset({"webhooks"})) == {"id": agreement.pk}
    shown = catalogue.meeting(meeting, frozenset({"webhooks", "meetings"}))
    assert shown["topic"]["en"] == "Reconstruction" and shown["requester"]["slug"] == "kyiv"
    signed = catalogue.agreement(agreement, frozenset({"webhooks", "agreements"}))
    assert signed["title"]["en"] == "Sister cities" and signed["signed_on"] == "2030-09-25"


@pytest.fixture
def winner(summit):
    """An award with one winner, its results not yet published."""
    award = make_award(summit=summit)
    people, _leadership = make_categories(award)
    application = make_application(award, people, 1, applicant=UserFactory(username="applicant"))
    return Winner.objects.create(
        award=award,
        category=people,
        application=application,
        prize_title_en="Grand prize",
        decided_at=timezone.now(),
    )


def test_applications_and_winners_follow_the_awards_rules(winner):
    award, application = winner.award, winner.application
    reduced = catalogue.application(application, frozenset({"webhooks"}))
    assert reduced == {"id": application.pk, "award": {"id": award.pk, "slug": award.slug}}
    full = catalogue.application(application, frozenset({"webhooks", "awards"}))
    assert full["title"] == application.title and full["applicant_name"]
    award.results_published_at = timezone.now() + datetime.timedelta(days=1)
    assert catalogue.winners(award, frozenset({"webhooks"}))["winners"] == []
    assert len(catalogue.winners(award, frozenset({"webhooks", "awards"}))["winners"]) == 1
    award.results_published_at = timezone.now() - datetime.timedelta(minutes=1)
    public = catalogue.winners(award, frozenset({"webhooks"}))
    assert public["winners"][0]["prize"]["en"] == "Grand prize"


def test_publishing_the_winners_is_an_event(
    summit, organiser, integrator, receiver, winner, django_capture_on_commit_callbacks
):
    award = winner.award
    services.create_subscription(
        actor=integrator,
        summit=summit,
        name={"en": "Press"},
        url=receiver.url,
        events=["award.winners_published"],
    )
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        award_services.publish_results(actor=organiser, award=award, at=tomorrow)
        award_services.publish_results(actor=organiser, award=award, at=None)
    (request,) = receiver.received
    data = json.loads(request["body"])["data"]
    assert data["award"]["slug"] == award.slug and data["results_published_at"]
    # Not public until tomorrow, and the integrator has no awards permission.
    assert data["winners"] == []


def test_publishing_the_programme_is_an_event(
    summit, organiser, integrator, receiver, django_capture_on_commit_callbacks
):
    from summitry.programme.releases import publish

    services.create_subscription(
        actor=integrator,
        summit=summit,
        name={"en": "Agency"},
        url=receiver.url,
        events=["programme.published"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        publish(actor=organiser, summit=summit)
    (request,) = receiver.received
    data = json.loads(request["body"])["data"]
    assert data["version"] == 1 and data["changes"] == 0
    assert data["schedule_url"].endswith("/forum/programme/schedule.json")


def test_signing_an_agreement_is_an_event_the_other_steps_are_not(
    summit, organiser, integrator, receiver, django_capture_on_commit_callbacks
):
    from summitry.diplomacy import services as diplomacy

    agreement = Agreement.objects.create(
        summit=summit,
        partner=OrganisationFactory(slug="kyiv", name_en="Kyiv", country="UA"),
        kind="mou",
        title_en="Sister cities",
        status="approved",
        council_resolution="2030-17",
    )
    for owner in (organiser, integrator):
        services.create_subscription(
            actor=owner,
            summit=summit,
            name={"en": owner.username},
            url=receiver.url,
            events=["agreement.signed"],
        )
    with django_capture_on_commit_callbacks(execute=True):
        diplomacy.advance(
            actor=organiser,
            agreement=agreement,
            to="signed",
            signed_on=datetime.date(2030, 9, 25),
        )
        diplomacy.advance(actor=organiser, agreement=agreement, to="active")
    bodies = sorted(
        (json.loads(r["body"])["data"] for r in receiver.received), key=lambda d: len(d)
    )
    assert bodies[0] == {"id": agreement.pk}
    assert bodies[1]["signed_on"] == "2030-09-25" and bodies[1]["status"] == "signed"
