"""Fixtures of the programme tests: a summit in Seoul with a room and people."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from summitry.programme.models import ProgrammeItem
from tests.factories import (
    OrganisationFactory,
    PersonFactory,
    RoomFactory,
    SessionThemeFactory,
    SummitFactory,
    VenueFactory,
)

SEOUL = ZoneInfo("Asia/Seoul")


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2023, 9, day, hour, minute, tzinfo=SEOUL)


@pytest.fixture
def summit(db):
    return SummitFactory(slug="forum", name_en="Mayors Forum", name_ko="시장포럼")


@pytest.fixture
def hall(summit):
    return RoomFactory(
        venue=VenueFactory(summit=summit, name_en="DDP", name_ko="DDP"),
        name_en="Art Hall 2",
        name_ko="아트홀 2관",
    )


@pytest.fixture
def theme(summit):
    return SessionThemeFactory(summit=summit, number=1, title_en="Inclusion", title_ko="포용")


@pytest.fixture
def whanau(db):
    return PersonFactory(
        slug="tory-whanau", given_name="Tory", family_name="Whanau", name_hangul="토리 화나우"
    )


@pytest.fixture
def bilbao(db):
    return OrganisationFactory(slug="bilbao", name_en="Bilbao", name_ko="빌바오", country="ES")


def item(summit, **fields) -> ProgrammeItem:
    values = {
        "kind": "forum_session",
        "block": "afternoon",
        "title_en": "Forum I",
        "title_ko": "시장포럼 I",
        "starts_at": at(25, 14),
        "ends_at": at(25, 16),
    }
    values.update(fields)
    return ProgrammeItem(summit=summit, **values)


def publish(summit, organiser):
    """Publish the programme as it stands (nothing is public before)."""
    from summitry.programme.releases import publish as publish_programme

    return publish_programme(actor=organiser, summit=summit)
