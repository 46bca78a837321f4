"""A small summit with a row of every kind the API reaches, for tests that walk the API."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from summitry.delegations import services as delegations
from summitry.diplomacy import services as diplomacy
from summitry.diplomacy.models import DiplomacySettings, Interpreter
from summitry.directory.models import ProtocolRank
from summitry.judging import services as judging
from summitry.programme import services as programme
from summitry.programme.models import ProgrammeItem
from tests.diplomacy.conftest import _delegation
from tests.factories import (
    OrganisationFactory,
    RoomFactory,
    SessionThemeFactory,
    SummitFactory,
    SummitOrganisationFactory,
    UserFactory,
    VenueFactory,
)
from tests.judging.support import make_application, make_categories, make_judge, make_round
from tests.judging.support import make_award as judging_award

SEOUL = ZoneInfo("Asia/Seoul")


@dataclass
class World:
    """The rows, and the value of each path parameter that names one of them."""

    staff: object = None
    path: dict[str, object] = field(default_factory=dict)


def build() -> World:
    world = World()
    world.staff = UserFactory(username="fuzz-staff", is_staff=True, is_superuser=True)
    summit = SummitFactory(slug="fuzz", name_en="Fuzz Forum", name_ko="퍼즈 포럼")
    seoul = OrganisationFactory(slug="seoul", name_en="Seoul", name_ko="서울", country="KR")
    SummitOrganisationFactory(summit=summit, organisation=seoul, role="host")
    theme = SessionThemeFactory(summit=summit, number=1)
    room = RoomFactory(venue=VenueFactory(summit=summit))
    wellington, contact, head, delegation = _delegation(
        summit, "wellington", "Wellington", "웰링턴", "NZ", "Tory", "Whanau", "토리", 30
    )
    kyiv, _kyiv_contact, _kyiv_head, _kyiv = _delegation(
        summit,
        "kyiv",
        "Kyiv",
        "키이우",
        "UA",
        "Volodymyr",
        "Prokopiv",
        "볼로디미르",
        ProtocolRank.VICE_MAYOR,
    )
    invitation, _secret = delegations.invite(
        actor=world.staff,
        summit=summit,
        organisation=OrganisationFactory(slug="dublin", country="IE"),
        contact_name="Sean D",
        contact_email="sean@dublin.example",
        language="en",
    )
    member = delegation.members.get()
    start = datetime.datetime(2023, 9, 25, 14, 0, tzinfo=SEOUL)
    visit = ProgrammeItem(
        summit=summit,
        kind="site_visit",
        block="afternoon",
        title_en="Site visit",
        title_ko="현장 방문",
        theme=theme,
        room=room,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        capacity=10,
        signup=True,
    )
    programme.save_item(actor=world.staff, item=visit, people=[], invitees=[])
    signup = programme.sign_up(actor=world.staff, item=visit, delegate=member)
    config = DiplomacySettings.objects.create(
        summit=summit,
        meeting_minutes=30,
        windows=[{"date": "2023-09-25", "start": "09:00", "end": "11:00"}],
    )
    config.rooms.set([room])
    interpreter = Interpreter.objects.create(
        summit=summit, name="Interpreter Kim", language_a="ko", language_b="en"
    )
    meeting = diplomacy.request_meeting(
        actor=contact,
        summit=summit,
        requester=wellington,
        counterpart=kyiv,
        topic={"en": "Smart cities", "ko": "스마트 도시"},
        attendees=[head],
        requester_language="en",
        counterpart_language="en",
        preferred_times=[],
        impossible_times=[],
        priority=3,
    )
    diplomacy.record_gift(
        actor=world.staff,
        summit=summit,
        data={
            "direction": "received",
            "counterpart": wellington,
            "description": {"en": "Greenstone"},
            "date": datetime.date(2023, 9, 25),
        },
    )
    agreement = diplomacy.create_agreement(
        actor=world.staff,
        summit=summit,
        data={"partner": wellington, "kind": "mou", "title": {"en": "MOU"}},
        signatories=[],
    )
    award = judging_award(summit=summit)
    people_centric, leadership = make_categories(award)
    applications = [
        make_application(award, people_centric if n % 2 else leadership, n) for n in range(1, 5)
    ]
    for name in ("ana", "ben", "cho"):
        make_judge(award, f"fuzz-{name}")
    round = make_round(award)
    judging.run_assignment(actor=world.staff, round=round)
    assignment = round.assignments.first()
    world.path = {
        "slug": summit.slug,
        "venue_id": room.venue_id,
        "room_id": room.pk,
        "invitation_id": invitation.pk,
        "delegation_id": delegation.pk,
        "member_id": member.pk,
        "item_id": visit.pk,
        "signup_id": signup.pk,
        "delegate_id": member.pk,
        "meeting_id": meeting.pk,
        "interpreter_id": interpreter.pk,
        "agreement_id": agreement.pk,
        "award_slug": award.slug,
        "application_id": applications[0].pk,
        "question_id": award.questions.first().pk,
        "round_id": round.pk,
        "assignment_id": assignment.pk,
        "fmt": "csv",
    }
    # /organisations/{slug} and /people/{slug} name a directory row, not the summit.
    world.organisation = wellington.slug
    world.person = head.slug
    return world
