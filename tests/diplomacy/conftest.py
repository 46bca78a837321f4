"""A small summit for city diplomacy: the host (Seoul) and its mayor, three registered city
delegations with contacts and heads, two rooms, windows for bilateral meetings on 25 September
(09:00–11:00, four slots of 30 minutes), one Korean–English interpreter, a protocol officer."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest

from summitry.core.tokens import issue_token
from summitry.delegations.models import Delegate, Delegation
from summitry.demo.wcsmf2023_diplomacy import _protocol_officer
from summitry.diplomacy import services
from summitry.diplomacy.models import DiplomacySettings, Interpreter
from summitry.directory.models import ProtocolRank
from tests.conftest import ApiClient
from tests.factories import (
    OrganisationFactory,
    PersonFactory,
    RoomFactory,
    SummitFactory,
    SummitOrganisationFactory,
    UserFactory,
    VenueFactory,
)

SEOUL = ZoneInfo("Asia/Seoul")


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2023, 9, day, hour, minute, tzinfo=SEOUL)


class World:
    pass


def _delegation(summit, slug, en, ko, country, given, family, hangul, rank):
    organisation = OrganisationFactory(slug=slug, name_en=en, name_ko=ko, country=country)
    contact = UserFactory(username=slug, email=f"contact@{slug}.example")
    delegation = Delegation.objects.create(
        summit=summit, organisation=organisation, contact=contact, status="registered"
    )
    head = PersonFactory(
        slug=f"{slug}-head",
        given_name=given,
        family_name=family,
        name_hangul=hangul,
        position_en=f"Mayor of {en}",
        position_ko=f"{ko} 시장",
        protocol_rank=rank,
        organisation=organisation,
    )
    Delegate.objects.create(
        delegation=delegation, person=head, role="head", email=f"head@{slug}.example"
    )
    return organisation, contact, head, delegation


@pytest.fixture
def world(db):
    w = World()
    w.summit = SummitFactory(slug="forum", name_en="Mayors Forum", name_ko="시장포럼")
    w.seoul = OrganisationFactory(slug="seoul", name_en="Seoul", name_ko="서울", country="KR")
    SummitOrganisationFactory(summit=w.summit, organisation=w.seoul, role="host")
    w.mayor = PersonFactory(
        slug="oh-se-hoon",
        given_name="Se-hoon",
        family_name="Oh",
        family_name_first=True,
        name_hangul="오세훈",
        position_en="Mayor of Seoul",
        position_ko="서울특별시장",
        organisation=w.seoul,
    )
    venue = VenueFactory(summit=w.summit, name_en="DDP", name_ko="DDP")
    w.room_a = RoomFactory(venue=venue, name_en="Room A", name_ko="회의실 A")
    w.room_b = RoomFactory(venue=venue, name_en="Room B", name_ko="회의실 B")
    w.wellington, w.wellington_contact, w.whanau, w.wellington_delegation = _delegation(
        w.summit,
        "wellington",
        "Wellington",
        "웰링턴",
        "NZ",
        "Tory",
        "Whanau",
        "토리 화나우",
        ProtocolRank.MAYOR,
    )
    w.kyiv, w.kyiv_contact, w.prokopiv, w.kyiv_delegation = _delegation(
        w.summit,
        "kyiv",
        "Kyiv",
        "키이우",
        "UA",
        "Volodymyr",
        "Prokopiv",
        "볼로디미르 프로코핍",
        ProtocolRank.VICE_MAYOR,
    )
    w.dublin, w.dublin_contact, w.roiste, w.dublin_delegation = _delegation(
        w.summit,
        "dublin",
        "Dublin",
        "더블린",
        "IE",
        "Daithi",
        "de Roiste",
        "다이 데 로샤",
        ProtocolRank.MAYOR,
    )
    config = DiplomacySettings.objects.create(
        summit=w.summit,
        meeting_minutes=30,
        windows=[{"date": "2023-09-25", "start": "09:00", "end": "11:00"}],
    )
    config.rooms.set([w.room_a, w.room_b])
    w.config = config
    w.interpreter = Interpreter.objects.create(
        summit=w.summit, name="Interpreter Kim", language_a="ko", language_b="en"
    )
    w.officer = _protocol_officer(w.summit)
    return w


def request(w, requester=None, counterpart=None, actor=None, attendees=None, **kwargs):
    requester = requester or w.wellington
    counterpart = counterpart or w.seoul
    defaults = {
        "topic": {"en": "Friendship", "ko": "우호 협력"},
        "requester_language": "en",
        "counterpart_language": "ko",
    }
    contacts = {
        w.wellington.pk: w.wellington_contact,
        w.kyiv.pk: w.kyiv_contact,
        w.dublin.pk: w.dublin_contact,
        w.seoul.pk: w.officer,
    }
    heads = {
        w.wellington.pk: w.whanau,
        w.kyiv.pk: w.prokopiv,
        w.dublin.pk: w.roiste,
        w.seoul.pk: w.mayor,
    }
    return services.request_meeting(
        actor=actor or contacts[requester.pk],
        summit=w.summit,
        requester=requester,
        counterpart=counterpart,
        attendees=attendees if attendees is not None else [heads[requester.pk]],
        **{**defaults, **kwargs},
    )


def accepted(w, requester=None, **kwargs):
    """A request the host accepted, with the host's mayor attending."""
    meeting = request(w, requester=requester, **kwargs)
    return services.respond(actor=w.officer, meeting=meeting, answer="accept", attendees=[w.mayor])


@pytest.fixture
def api_for():
    def make(user) -> ApiClient:
        return ApiClient(issue_token(user=user, name="tests")[1])

    return make
