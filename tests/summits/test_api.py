"""The REST API of summits: /api/v1/summits and each summit's venues, rooms, themes and
organisations; also the OpenAPI document and the interactive docs."""

from __future__ import annotations

import datetime
import json
from types import SimpleNamespace

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from openapi_spec_validator import validate

from summitry.directory.models import OrganisationKind, Region
from summitry.summits.models import (
    OrganisationRole,
    Room,
    SessionTheme,
    Summit,
    SummitFormat,
    SummitOrganisation,
    SummitStatus,
    Venue,
)
from tests.api_support import (
    INVALID,
    NOT_AUTHENTICATED,
    NOT_FOUND,
    PLATFORM_REFUSED,
    SETTINGS_REFUSED,
    log_entries,
    row,
)
from tests.factories import (
    OrganisationFactory,
    RoomFactory,
    SessionThemeFactory,
    SummitFactory,
    SummitOrganisationFactory,
    VenueFactory,
)

# Callers who must not see drafts.
PUBLIC_READERS = ["anonymous_api", "member_api"]


# --- fixtures -------------------------------------------------------------------------------


@pytest.fixture
def seoul2023(db) -> SimpleNamespace:
    """Summit A: published, two venues (the main one first), three rooms, two themes and
    two organisations."""
    summit = SummitFactory(
        slug="seoul2023",
        edition=10,
        name_en="World Cities Summit 2023",
        name_ko="세계도시정상회의 2023",
        theme_en="Inclusive cities",
        theme_ko="포용 도시",
        description_en="Mayors meet in Seoul.",
        description_ko="시장들이 서울에서 만납니다.",
        start_date=datetime.date(2023, 9, 24),
        end_date=datetime.date(2023, 9, 26),
        time_zone="Asia/Seoul",
        format=SummitFormat.HYBRID,
        status=SummitStatus.PUBLISHED,
    )
    # Created out of display order, to see the API order them.
    ddp = VenueFactory(
        summit=summit,
        name_en="Dongdaemun Design Plaza",
        name_ko="동대문디자인플라자",
        address_en="281 Eulji-ro",
        address_ko="을지로 281",
        position=1,
    )
    city_hall = VenueFactory(
        summit=summit,
        name_en="Seoul City Hall",
        name_ko="서울시청",
        address_en="110 Sejong-daero",
        address_ko="세종대로 110",
        map_url="https://map.example.org/city-hall",
        is_main=True,
        position=5,
    )
    small_room = RoomFactory(
        venue=city_hall,
        name_en="Seosomun Room",
        name_ko="서소문회의실",
        floor="8",
        capacity=50,
        position=1,
    )
    grand_hall = RoomFactory(
        venue=city_hall,
        name_en="Grand Hall",
        name_ko="다목적홀",
        floor="B3",
        capacity=400,
        position=0,
    )
    art_hall = RoomFactory(
        venue=ddp, name_en="Art Hall", name_ko="알림1관", floor="B2", capacity=None, position=0
    )
    SessionThemeFactory(summit=summit, number=2, title_en="Housing", title_ko="주거")
    SessionThemeFactory(summit=summit, number=1, title_en="Climate", title_ko="기후")
    seoul = OrganisationFactory(
        slug="seoul", name_en="Seoul", name_ko="서울", country="KR", region=Region.ASIA
    )
    undp = OrganisationFactory(
        slug="undp",
        kind=OrganisationKind.INTERNATIONAL,
        name_en="UNDP",
        name_ko="유엔개발계획",
        country="",
    )
    SummitOrganisationFactory(summit=summit, organisation=undp, role=OrganisationRole.PARTICIPANT)
    SummitOrganisationFactory(summit=summit, organisation=seoul, role=OrganisationRole.ORGANISER)
    return SimpleNamespace(
        summit=summit,
        city_hall=city_hall,
        ddp=ddp,
        grand_hall=grand_hall,
        small_room=small_room,
        art_hall=art_hall,
        seoul=seoul,
        undp=undp,
    )


@pytest.fixture
def wellington2025(db) -> SimpleNamespace:
    """Summit B: concluded (so public), one venue, one room, one theme, one organisation."""
    summit = SummitFactory(
        slug="wellington2025",
        edition=11,
        name_en="World Cities Summit 2025",
        name_ko="세계도시정상회의 2025",
        theme_en="Resilient cities",
        theme_ko="회복력 있는 도시",
        description_en="",
        description_ko="",
        start_date=datetime.date(2025, 3, 3),
        end_date=datetime.date(2025, 3, 4),
        time_zone="Pacific/Auckland",
        format=SummitFormat.IN_PERSON,
        status=SummitStatus.CONCLUDED,
    )
    tepapa = VenueFactory(summit=summit, name_en="Te Papa", name_ko="테파파", is_main=True)
    marae = RoomFactory(venue=tepapa, name_en="Marae", name_ko="마라에", floor="4", capacity=300)
    SessionThemeFactory(summit=summit, number=1, title_en="Water", title_ko="물")
    wellington = OrganisationFactory(
        slug="wellington",
        name_en="Wellington",
        name_ko="웰링턴",
        country="NZ",
        region=Region.OCEANIA,
    )
    SummitOrganisationFactory(summit=summit, organisation=wellington, role=OrganisationRole.HOST)
    return SimpleNamespace(summit=summit, tepapa=tepapa, marae=marae, wellington=wellington)


@pytest.fixture
def busan2026(db) -> SimpleNamespace:
    """A draft summit, with a venue and a room."""
    summit = SummitFactory(
        slug="busan2026",
        edition=12,
        name_en="World Cities Summit 2026",
        name_ko="세계도시정상회의 2026",
        theme_en="",
        theme_ko="",
        description_en="",
        description_ko="",
        start_date=datetime.date(2026, 10, 5),
        end_date=datetime.date(2026, 10, 7),
        status=SummitStatus.DRAFT,
    )
    bexco = VenueFactory(summit=summit, name_en="BEXCO", name_ko="벡스코", is_main=True)
    hall = RoomFactory(venue=bexco, name_en="Convention Hall", name_ko="컨벤션홀")
    return SimpleNamespace(summit=summit, bexco=bexco, hall=hall)


@pytest.fixture
def summits(seoul2023, wellington2025, busan2026) -> SimpleNamespace:
    return SimpleNamespace(a=seoul2023, b=wellington2025, draft=busan2026)


# --- expected representations ---------------------------------------------------------------

SEOUL_2023 = {
    "slug": "seoul2023",
    "edition": 10,
    "name": {"ko": "세계도시정상회의 2023", "en": "World Cities Summit 2023"},
    "theme": {"ko": "포용 도시", "en": "Inclusive cities"},
    "description": {"ko": "시장들이 서울에서 만납니다.", "en": "Mayors meet in Seoul."},
    "start_date": "2023-09-24",
    "end_date": "2023-09-26",
    "time_zone": "Asia/Seoul",
    "format": "hybrid",
    "status": "published",
}
WELLINGTON_2025 = {
    "slug": "wellington2025",
    "edition": 11,
    "name": {"ko": "세계도시정상회의 2025", "en": "World Cities Summit 2025"},
    "theme": {"ko": "회복력 있는 도시", "en": "Resilient cities"},
    "description": {"ko": "", "en": ""},
    "start_date": "2025-03-03",
    "end_date": "2025-03-04",
    "time_zone": "Pacific/Auckland",
    "format": "in_person",
    "status": "concluded",
}
BUSAN_2026 = {
    "slug": "busan2026",
    "edition": 12,
    "name": {"ko": "세계도시정상회의 2026", "en": "World Cities Summit 2026"},
    "theme": {"ko": "", "en": ""},
    "description": {"ko": "", "en": ""},
    "start_date": "2026-10-05",
    "end_date": "2026-10-07",
    "time_zone": "Asia/Seoul",
    "format": "in_person",
    "status": "draft",
}
SEOUL_2023_THEMES = [
    {"number": 1, "title": {"ko": "기후", "en": "Climate"}},
    {"number": 2, "title": {"ko": "주거", "en": "Housing"}},
]
SEOUL_2023_ROLES = [
    {"role": "organiser", "organisation": {"slug": "seoul", "name": {"ko": "서울", "en": "Seoul"}}},
    {
        "role": "participant",
        "organisation": {"slug": "undp", "name": {"ko": "유엔개발계획", "en": "UNDP"}},
    },
]
WELLINGTON_2025_THEMES = [{"number": 1, "title": {"ko": "물", "en": "Water"}}]
WELLINGTON_2025_ROLES = [
    {
        "role": "host",
        "organisation": {"slug": "wellington", "name": {"ko": "웰링턴", "en": "Wellington"}},
    },
]


def seoul2023_rooms(a: SimpleNamespace) -> dict[str, dict]:
    return {
        "grand_hall": {
            "id": a.grand_hall.pk,
            "venue": a.city_hall.pk,
            "name": {"ko": "다목적홀", "en": "Grand Hall"},
            "floor": "B3",
            "capacity": 400,
            "position": 0,
        },
        "small_room": {
            "id": a.small_room.pk,
            "venue": a.city_hall.pk,
            "name": {"ko": "서소문회의실", "en": "Seosomun Room"},
            "floor": "8",
            "capacity": 50,
            "position": 1,
        },
        "art_hall": {
            "id": a.art_hall.pk,
            "venue": a.ddp.pk,
            "name": {"ko": "알림1관", "en": "Art Hall"},
            "floor": "B2",
            "capacity": None,
            "position": 0,
        },
    }


def seoul2023_venues(a: SimpleNamespace) -> list[dict]:
    rooms = seoul2023_rooms(a)
    return [
        {
            "id": a.city_hall.pk,
            "name": {"ko": "서울시청", "en": "Seoul City Hall"},
            "address": {"ko": "세종대로 110", "en": "110 Sejong-daero"},
            "map_url": "https://map.example.org/city-hall",
            "is_main": True,
            "position": 5,
            "rooms": [rooms["grand_hall"], rooms["small_room"]],
        },
        {
            "id": a.ddp.pk,
            "name": {"ko": "동대문디자인플라자", "en": "Dongdaemun Design Plaza"},
            "address": {"ko": "을지로 281", "en": "281 Eulji-ro"},
            "map_url": "",
            "is_main": False,
            "position": 1,
            "rooms": [rooms["art_hall"]],
        },
    ]


def wellington2025_rooms(b: SimpleNamespace) -> list[dict]:
    return [
        {
            "id": b.marae.pk,
            "venue": b.tepapa.pk,
            "name": {"ko": "마라에", "en": "Marae"},
            "floor": "4",
            "capacity": 300,
            "position": 0,
        }
    ]


def wellington2025_venues(b: SimpleNamespace) -> list[dict]:
    return [
        {
            "id": b.tepapa.pk,
            "name": {"ko": "테파파", "en": "Te Papa"},
            "address": {"ko": "", "en": ""},
            "map_url": "",
            "is_main": True,
            "position": 0,
            "rooms": wellington2025_rooms(b),
        }
    ]


NEW_SUMMIT = {
    "slug": "busan2027",
    "edition": 13,
    "name": {"ko": "세계도시정상회의 2027", "en": "World Cities Summit 2027"},
    "start_date": "2027-05-10",
    "end_date": "2027-05-12",
}
NEW_VENUE = {
    "name": {"ko": "서울광장", "en": "Seoul Plaza"},
    "address": {"ko": "세종대로 110", "en": "110 Sejong-daero"},
    "map_url": "https://map.example.org/plaza",
    "position": 2,
}


def new_room(venue: Venue) -> dict:
    return {
        "venue": venue.pk,
        "name": {"ko": "시민청", "en": "Citizens Hall"},
        "floor": "B1",
        "capacity": 120,
        "position": 3,
    }


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Summit, Venue, Room, SessionTheme, SummitOrganisation)
    }


# --- summits: reads -------------------------------------------------------------------------


def test_summit_list_is_paginated_newest_first(anonymous_api, seoul2023, wellington2025):
    response = anonymous_api.get("/summits")

    assert response.status_code == 200
    assert response.json() == {"items": [WELLINGTON_2025, SEOUL_2023], "count": 2}


def test_summit_list_honours_limit_and_offset(anonymous_api, seoul2023, wellington2025):
    response = anonymous_api.get("/summits?limit=1&offset=1")

    assert response.status_code == 200
    assert response.json() == {"items": [SEOUL_2023], "count": 2}


def test_read_summit_gives_bilingual_fields_organisations_and_themes(anonymous_api, summits):
    response = anonymous_api.get("/summits/seoul2023")

    assert response.status_code == 200
    assert response.json() == {
        **SEOUL_2023,
        "organisations": SEOUL_2023_ROLES,
        "themes": SEOUL_2023_THEMES,
    }


def test_read_summit_with_a_member_token(member_api, summits):
    response = member_api.get("/summits/wellington2025")

    assert response.status_code == 200
    assert response.json() == {
        **WELLINGTON_2025,
        "organisations": WELLINGTON_2025_ROLES,
        "themes": WELLINGTON_2025_THEMES,
    }


def test_read_unknown_summit_is_404(anonymous_api, summits):
    response = anonymous_api.get("/summits/atlantis2030")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_reads_with_an_invalid_token_are_refused(invalid_token_api, summits):
    for path in [
        "/summits",
        "/summits/seoul2023",
        "/summits/seoul2023/venues",
        "/summits/seoul2023/rooms",
        "/summits/seoul2023/themes",
        "/summits/seoul2023/organisations",
    ]:
        response = invalid_token_api.get(path)
        assert (path, response.status_code, response.json()) == (path, 401, NOT_AUTHENTICATED)


def test_venue_list_gives_the_main_venue_first_with_rooms_in_order(anonymous_api, summits):
    response = anonymous_api.get("/summits/seoul2023/venues")

    assert response.status_code == 200
    assert response.json() == seoul2023_venues(summits.a)


def test_read_venue(anonymous_api, summits):
    response = anonymous_api.get(f"/summits/seoul2023/venues/{summits.a.ddp.pk}")

    assert response.status_code == 200
    assert response.json() == seoul2023_venues(summits.a)[1]


def test_room_list_follows_the_venue_order_then_position(anonymous_api, summits):
    rooms = seoul2023_rooms(summits.a)

    response = anonymous_api.get("/summits/seoul2023/rooms")

    assert response.status_code == 200
    assert response.json() == [rooms["grand_hall"], rooms["small_room"], rooms["art_hall"]]


def test_read_room(anonymous_api, summits):
    response = anonymous_api.get(f"/summits/seoul2023/rooms/{summits.a.small_room.pk}")

    assert response.status_code == 200
    assert response.json() == seoul2023_rooms(summits.a)["small_room"]


def test_theme_list_is_ordered_by_number(anonymous_api, summits):
    response = anonymous_api.get("/summits/seoul2023/themes")

    assert response.status_code == 200
    assert response.json() == SEOUL_2023_THEMES


def test_organisation_list_of_a_summit(anonymous_api, summits):
    response = anonymous_api.get("/summits/seoul2023/organisations")

    assert response.status_code == 200
    assert response.json() == SEOUL_2023_ROLES


def test_organisation_list_of_a_summit_filters_by_role(anonymous_api, summits):
    participants = anonymous_api.get("/summits/seoul2023/organisations?role=participant")
    hosts = anonymous_api.get("/summits/seoul2023/organisations?role=host")

    assert participants.json() == [SEOUL_2023_ROLES[1]]
    assert hosts.json() == []


def test_unknown_venue_and_room_are_404(anonymous_api, summits):
    assert anonymous_api.get("/summits/seoul2023/venues/999999").json() == NOT_FOUND
    assert anonymous_api.get("/summits/seoul2023/rooms/999999").status_code == 404


# --- drafts ---------------------------------------------------------------------------------


@pytest.mark.parametrize("client", PUBLIC_READERS)
def test_draft_summit_is_absent_from_the_list(request, client, summits):
    response = request.getfixturevalue(client).get("/summits")

    assert response.status_code == 200
    assert response.json() == {"items": [WELLINGTON_2025, SEOUL_2023], "count": 2}


@pytest.mark.parametrize("client", PUBLIC_READERS)
def test_draft_summit_and_everything_in_it_is_404(request, client, summits):
    api = request.getfixturevalue(client)
    draft = summits.draft
    paths = [
        "/summits/busan2026",
        "/summits/busan2026/venues",
        "/summits/busan2026/rooms",
        "/summits/busan2026/themes",
        "/summits/busan2026/organisations",
        f"/summits/busan2026/venues/{draft.bexco.pk}",
        f"/summits/busan2026/rooms/{draft.hall.pk}",
    ]

    statuses = {path: api.get(path).status_code for path in paths}

    assert statuses == dict.fromkeys(paths, 404)


def test_staff_sees_draft_summits_in_the_list(staff_api, summits):
    response = staff_api.get("/summits")

    assert response.status_code == 200
    assert response.json() == {"items": [BUSAN_2026, WELLINGTON_2025, SEOUL_2023], "count": 3}


def test_staff_reads_a_draft_summit_and_its_venues(staff_api, summits):
    draft = summits.draft

    summit = staff_api.get("/summits/busan2026")
    venues = staff_api.get("/summits/busan2026/venues")

    assert summit.status_code == 200
    assert summit.json() == {**BUSAN_2026, "organisations": [], "themes": []}
    assert venues.status_code == 200
    assert [venue["id"] for venue in venues.json()] == [draft.bexco.pk]
    assert venues.json()[0]["rooms"][0]["id"] == draft.hall.pk


# --- summits: writes ------------------------------------------------------------------------


@pytest.mark.parametrize(("client", "status", "body"), PLATFORM_REFUSED)
def test_create_summit_is_refused_without_a_permitted_staff_token(request, client, status, body):
    api = request.getfixturevalue(client)

    response = api.post("/summits", NEW_SUMMIT)

    assert response.status_code == status
    assert response.json() == body
    assert not Summit.objects.exists()
    assert not LogEntry.objects.exists()


def test_staff_creates_summit_as_a_draft_by_default(staff_api):
    response = staff_api.post("/summits", NEW_SUMMIT)

    assert response.status_code == 201
    assert response.json() == {
        "slug": "busan2027",
        "edition": 13,
        "name": {"ko": "세계도시정상회의 2027", "en": "World Cities Summit 2027"},
        "theme": {"ko": "", "en": ""},
        "description": {"ko": "", "en": ""},
        "start_date": "2027-05-10",
        "end_date": "2027-05-12",
        "time_zone": "Asia/Seoul",
        "format": "in_person",
        "status": "draft",
        "organisations": [],
        "themes": [],
    }
    created = Summit.objects.get(slug="busan2027")
    assert (
        created.edition,
        created.name_ko,
        created.name_en,
        created.start_date,
        created.end_date,
        created.status,
    ) == (
        13,
        "세계도시정상회의 2027",
        "World Cities Summit 2027",
        datetime.date(2027, 5, 10),
        datetime.date(2027, 5, 12),
        "draft",
    )


@pytest.mark.parametrize(("client", "status", "body"), SETTINGS_REFUSED)
def test_update_summit_is_refused_without_a_permitted_staff_token(
    request, seoul2023, client, status, body
):
    api = request.getfixturevalue(client)
    before = row(Summit, seoul2023.summit.pk)

    response = api.patch("/summits/seoul2023", {"status": "cancelled"})

    assert response.status_code == status
    assert response.json() == body
    assert row(Summit, seoul2023.summit.pk) == before
    assert not LogEntry.objects.exists()


def test_staff_updates_summit_one_language_at_a_time(staff_api, seoul2023):
    before = row(Summit, seoul2023.summit.pk)

    response = staff_api.patch(
        "/summits/seoul2023",
        {"status": "concluded", "theme": {"en": "Cities for all"}, "end_date": "2023-09-27"},
    )

    assert response.status_code == 200
    assert response.json() == {
        **SEOUL_2023,
        "status": "concluded",
        "end_date": "2023-09-27",
        "theme": {"ko": "포용 도시", "en": "Cities for all"},
        "organisations": SEOUL_2023_ROLES,
        "themes": SEOUL_2023_THEMES,
    }
    assert row(Summit, seoul2023.summit.pk) == {
        **before,
        "status": "concluded",
        "end_date": datetime.date(2023, 9, 27),
        "theme": "Cities for all",
        "theme_en": "Cities for all",
    }


def test_staff_publishes_a_draft_summit(staff_api, anonymous_api, busan2026):
    response = staff_api.patch("/summits/busan2026", {"status": "published"})

    assert response.status_code == 200
    assert response.json()["status"] == "published"
    assert Summit.objects.get(slug="busan2026").status == "published"
    assert anonymous_api.get("/summits/busan2026").status_code == 200


@pytest.mark.parametrize(("client", "status", "body"), PLATFORM_REFUSED)
def test_delete_summit_is_refused_without_a_permitted_staff_token(
    request, seoul2023, client, status, body
):
    api = request.getfixturevalue(client)
    before = (row(Summit, seoul2023.summit.pk), counts())

    response = api.delete("/summits/seoul2023")

    assert response.status_code == status
    assert response.json() == body
    assert (row(Summit, seoul2023.summit.pk), counts()) == before
    assert not LogEntry.objects.exists()


def test_staff_deletes_summit_with_everything_in_it(staff_api, seoul2023, wellington2025):
    response = staff_api.delete("/summits/seoul2023")

    assert response.status_code == 204
    assert response.content == b""
    # Only summit B and its rows remain.
    assert counts() == {
        "Summit": 1,
        "Venue": 1,
        "Room": 1,
        "SessionTheme": 1,
        "SummitOrganisation": 1,
    }
    assert list(Summit.objects.values_list("slug", flat=True)) == ["wellington2025"]


def test_writes_to_an_unknown_summit_are_404(staff_api, seoul2023):
    before = counts()

    assert staff_api.patch("/summits/atlantis2030", {"edition": 2}).status_code == 404
    assert staff_api.delete("/summits/atlantis2030").status_code == 404
    assert staff_api.post("/summits/atlantis2030/venues", NEW_VENUE).status_code == 404
    assert counts() == before
    assert not LogEntry.objects.exists()


# --- venues: writes -------------------------------------------------------------------------


@pytest.mark.parametrize(("client", "status", "body"), SETTINGS_REFUSED)
def test_create_venue_is_refused_without_a_permitted_staff_token(
    request, seoul2023, client, status, body
):
    api = request.getfixturevalue(client)

    response = api.post("/summits/seoul2023/venues", NEW_VENUE)

    assert response.status_code == status
    assert response.json() == body
    assert Venue.objects.count() == 2
    assert not LogEntry.objects.exists()


def test_staff_creates_venue(staff_api, seoul2023):
    response = staff_api.post("/summits/seoul2023/venues", NEW_VENUE)

    assert response.status_code == 201
    created = Venue.objects.get(name_en="Seoul Plaza")
    assert response.json() == {
        "id": created.pk,
        "name": {"ko": "서울광장", "en": "Seoul Plaza"},
        "address": {"ko": "세종대로 110", "en": "110 Sejong-daero"},
        "map_url": "https://map.example.org/plaza",
        "is_main": False,
        "position": 2,
        "rooms": [],
    }
    assert created.summit == seoul2023.summit


@pytest.mark.parametrize(("client", "status", "body"), SETTINGS_REFUSED)
def test_update_venue_is_refused_without_a_permitted_staff_token(
    request, seoul2023, client, status, body
):
    api = request.getfixturevalue(client)
    venue = seoul2023.ddp
    before = row(Venue, venue.pk)

    response = api.patch(f"/summits/seoul2023/venues/{venue.pk}", {"position": 9})

    assert response.status_code == status
    assert response.json() == body
    assert row(Venue, venue.pk) == before
    assert not LogEntry.objects.exists()


def test_staff_updates_venue(staff_api, seoul2023):
    venue = seoul2023.ddp
    before = row(Venue, venue.pk)

    response = staff_api.patch(
        f"/summits/seoul2023/venues/{venue.pk}", {"name": {"ko": "DDP"}, "position": 9}
    )

    assert response.status_code == 200
    assert response.json() == {
        **seoul2023_venues(seoul2023)[1],
        "name": {"ko": "DDP", "en": "Dongdaemun Design Plaza"},
        "position": 9,
    }
    assert row(Venue, venue.pk) == {**before, "name_ko": "DDP", "position": 9}


def test_second_main_venue_is_refused(staff_api, seoul2023):
    venue = seoul2023.ddp
    before = row(Venue, venue.pk)

    response = staff_api.patch(f"/summits/seoul2023/venues/{venue.pk}", {"is_main": True})

    assert response.status_code == 400
    assert response.json() == {
        "detail": INVALID,
        "errors": {"__all__": ["A summit has only one main venue."]},
    }
    assert row(Venue, venue.pk) == before


@pytest.mark.parametrize(("client", "status", "body"), SETTINGS_REFUSED)
def test_delete_venue_is_refused_without_a_permitted_staff_token(
    request, seoul2023, client, status, body
):
    api = request.getfixturevalue(client)
    venue = seoul2023.city_hall
    before = (row(Venue, venue.pk), counts())

    response = api.delete(f"/summits/seoul2023/venues/{venue.pk}")

    assert response.status_code == status
    assert response.json() == body
    assert (row(Venue, venue.pk), counts()) == before
    assert not LogEntry.objects.exists()


def test_staff_deletes_venue_with_its_rooms(staff_api, seoul2023):
    response = staff_api.delete(f"/summits/seoul2023/venues/{seoul2023.city_hall.pk}")

    assert response.status_code == 204
    assert list(Venue.objects.values_list("pk", flat=True)) == [seoul2023.ddp.pk]
    assert list(Room.objects.values_list("pk", flat=True)) == [seoul2023.art_hall.pk]


# --- rooms: writes --------------------------------------------------------------------------


@pytest.mark.parametrize(("client", "status", "body"), SETTINGS_REFUSED)
def test_create_room_is_refused_without_a_permitted_staff_token(
    request, seoul2023, client, status, body
):
    api = request.getfixturevalue(client)

    response = api.post("/summits/seoul2023/rooms", new_room(seoul2023.city_hall))

    assert response.status_code == status
    assert response.json() == body
    assert Room.objects.count() == 3
    assert not LogEntry.objects.exists()


def test_staff_creates_room(staff_api, seoul2023):
    response = staff_api.post("/summits/seoul2023/rooms", new_room(seoul2023.city_hall))

    assert response.status_code == 201
    created = Room.objects.get(name_en="Citizens Hall")
    assert response.json() == {
        "id": created.pk,
        "venue": seoul2023.city_hall.pk,
        "name": {"ko": "시민청", "en": "Citizens Hall"},
        "floor": "B1",
        "capacity": 120,
        "position": 3,
    }
    assert (created.venue, created.name_ko, created.floor, created.capacity) == (
        seoul2023.city_hall,
        "시민청",
        "B1",
        120,
    )


@pytest.mark.parametrize(("client", "status", "body"), SETTINGS_REFUSED)
def test_update_room_is_refused_without_a_permitted_staff_token(
    request, seoul2023, client, status, body
):
    api = request.getfixturevalue(client)
    room = seoul2023.small_room
    before = row(Room, room.pk)

    response = api.patch(f"/summits/seoul2023/rooms/{room.pk}", {"capacity": 60})

    assert response.status_code == status
    assert response.json() == body
    assert row(Room, room.pk) == before
    assert not LogEntry.objects.exists()


def test_staff_moves_room_to_another_venue_of_the_same_summit(staff_api, seoul2023):
    room = seoul2023.small_room
    before = row(Room, room.pk)

    response = staff_api.patch(
        f"/summits/seoul2023/rooms/{room.pk}", {"venue": seoul2023.ddp.pk, "capacity": 60}
    )

    assert response.status_code == 200
    assert response.json() == {
        **seoul2023_rooms(seoul2023)["small_room"],
        "venue": seoul2023.ddp.pk,
        "capacity": 60,
    }
    assert row(Room, room.pk) == {**before, "venue_id": seoul2023.ddp.pk, "capacity": 60}


def test_staff_clears_a_rooms_capacity(staff_api, seoul2023):
    room = seoul2023.grand_hall

    response = staff_api.patch(f"/summits/seoul2023/rooms/{room.pk}", {"capacity": None})

    assert response.status_code == 200
    assert response.json()["capacity"] is None
    room.refresh_from_db()
    assert room.capacity is None


@pytest.mark.parametrize(("client", "status", "body"), SETTINGS_REFUSED)
def test_delete_room_is_refused_without_a_permitted_staff_token(
    request, seoul2023, client, status, body
):
    api = request.getfixturevalue(client)
    room = seoul2023.art_hall
    before = row(Room, room.pk)

    response = api.delete(f"/summits/seoul2023/rooms/{room.pk}")

    assert response.status_code == status
    assert response.json() == body
    assert row(Room, room.pk) == before
    assert not LogEntry.objects.exists()


def test_staff_deletes_room(staff_api, seoul2023):
    response = staff_api.delete(f"/summits/seoul2023/rooms/{seoul2023.art_hall.pk}")

    assert response.status_code == 204
    assert sorted(Room.objects.values_list("pk", flat=True)) == sorted(
        [seoul2023.grand_hall.pk, seoul2023.small_room.pk]
    )


# --- bad input ------------------------------------------------------------------------------


def test_summit_ending_before_it_starts_is_refused(staff_api):
    response = staff_api.post("/summits", {**NEW_SUMMIT, "end_date": "2027-05-09"})

    assert response.status_code == 400
    assert response.json() == {
        "detail": INVALID,
        "errors": {"end_date": ["The last day cannot be before the first day."]},
    }
    assert not Summit.objects.exists()


def test_summit_date_message_is_in_korean_for_a_korean_caller(staff_api, korean_staff_api):
    body = {**NEW_SUMMIT, "end_date": "2027-05-09"}

    english = staff_api.post("/summits", body)
    korean = korean_staff_api.post("/summits", body)

    assert korean.status_code == 400
    assert list(korean.json()["errors"]) == ["end_date"]
    assert korean.json()["errors"]["end_date"] != english.json()["errors"]["end_date"]
    assert korean.json()["detail"] != english.json()["detail"]
    assert not Summit.objects.exists()


def test_moving_a_summits_end_before_its_start_is_refused(staff_api, seoul2023):
    before = row(Summit, seoul2023.summit.pk)

    response = staff_api.patch("/summits/seoul2023", {"start_date": "2023-09-30"})

    assert response.status_code == 400
    assert response.json() == {
        "detail": INVALID,
        "errors": {"end_date": ["The last day cannot be before the first day."]},
    }
    assert row(Summit, seoul2023.summit.pk) == before


def test_unknown_time_zone_is_refused(staff_api):
    response = staff_api.post("/summits", {**NEW_SUMMIT, "time_zone": "Mars/Olympus_Mons"})

    assert response.status_code == 400
    assert response.json() == {
        "detail": INVALID,
        "errors": {
            "time_zone": ["“Mars/Olympus_Mons” is not a known time zone (for example Asia/Seoul)."]
        },
    }
    assert not Summit.objects.exists()


def test_changing_to_an_unknown_time_zone_is_refused(staff_api, seoul2023):
    before = row(Summit, seoul2023.summit.pk)

    response = staff_api.patch("/summits/seoul2023", {"time_zone": "Seoul"})

    assert response.status_code == 400
    assert response.json() == {
        "detail": INVALID,
        "errors": {"time_zone": ["“Seoul” is not a known time zone (for example Asia/Seoul)."]},
    }
    assert row(Summit, seoul2023.summit.pk) == before


def test_summit_name_missing_in_both_languages_is_refused(staff_api):
    response = staff_api.post("/summits", {**NEW_SUMMIT, "name": {"ko": "", "en": ""}})

    assert response.status_code == 400
    assert response.json() == {
        "detail": INVALID,
        "errors": {
            "__all__": ["Fill in the name in Korean, in English, or both."],
        },
    }
    assert not Summit.objects.exists()


def test_over_long_summit_name_is_refused(staff_api):
    response = staff_api.post("/summits", {**NEW_SUMMIT, "name": {"ko": "", "en": "S" * 201}})

    assert response.status_code == 400
    message = "Ensure this value has at most 200 characters (it has 201)."
    assert response.json() == {"detail": INVALID, "errors": {"name_en": [message]}}
    assert not Summit.objects.exists()


def test_summit_edition_zero_is_refused(staff_api):
    response = staff_api.post("/summits", {**NEW_SUMMIT, "edition": 0})

    assert response.status_code == 400
    assert response.json() == {
        "detail": INVALID,
        "errors": {"edition": ["The edition number starts at 1."]},
    }
    assert not Summit.objects.exists()


def test_duplicate_summit_slug_is_refused(staff_api, seoul2023):
    before = counts()

    response = staff_api.post("/summits", {**NEW_SUMMIT, "slug": "seoul2023"})

    assert response.status_code == 400
    assert response.json() == {
        "detail": INVALID,
        "errors": {"slug": ["Summit with this Short identifier already exists."]},
    }
    assert counts() == before


def test_room_capacity_of_zero_is_refused(staff_api, seoul2023):
    response = staff_api.post(
        "/summits/seoul2023/rooms", {**new_room(seoul2023.city_hall), "capacity": 0}
    )

    assert response.status_code == 400
    assert response.json() == {
        "detail": INVALID,
        "errors": {"capacity": ["A capacity is at least one person."]},
    }
    assert Room.objects.count() == 3


def test_changing_a_room_capacity_to_zero_is_refused(staff_api, seoul2023):
    room = seoul2023.grand_hall
    before = row(Room, room.pk)

    response = staff_api.patch(f"/summits/seoul2023/rooms/{room.pk}", {"capacity": 0})

    assert response.status_code == 400
    assert response.json() == {
        "detail": INVALID,
        "errors": {"capacity": ["A capacity is at least one person."]},
    }
    assert row(Room, room.pk) == before


def test_over_long_room_name_is_refused(staff_api, seoul2023):
    response = staff_api.post(
        "/summits/seoul2023/rooms",
        {**new_room(seoul2023.city_hall), "name": {"ko": "방" * 201, "en": "Room"}},
    )

    assert response.status_code == 400
    assert response.json() == {
        "detail": INVALID,
        "errors": {"name_ko": ["Ensure this value has at most 200 characters (it has 201)."]},
    }
    assert Room.objects.count() == 3


def test_moving_a_room_to_a_venue_of_another_summit_is_refused(staff_api, summits):
    room, elsewhere = summits.a.small_room, summits.b.tepapa
    before = row(Room, room.pk)

    response = staff_api.patch(f"/summits/seoul2023/rooms/{room.pk}", {"venue": elsewhere.pk})

    assert response.status_code == 400
    assert response.json() == {
        "detail": INVALID,
        "errors": {"venue": [f"This summit has no venue {elsewhere.pk}."]},
    }
    assert row(Room, room.pk) == before
    assert not LogEntry.objects.exists()


def test_creating_a_room_in_a_venue_of_another_summit_is_refused(staff_api, summits):
    elsewhere = summits.b.tepapa
    before = counts()

    response = staff_api.post("/summits/seoul2023/rooms", new_room(elsewhere))

    assert response.status_code == 400
    assert response.json() == {
        "detail": INVALID,
        "errors": {"venue": [f"This summit has no venue {elsewhere.pk}."]},
    }
    assert counts() == before


def test_room_read_through_another_summits_slug_is_404(anonymous_api, summits):
    response = anonymous_api.get(f"/summits/wellington2025/rooms/{summits.a.grand_hall.pk}")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


# --- summit scoping -------------------------------------------------------------------------


def test_venues_of_one_summit_never_include_another_summits(anonymous_api, summits):
    assert anonymous_api.get("/summits/seoul2023/venues").json() == seoul2023_venues(summits.a)
    assert anonymous_api.get("/summits/wellington2025/venues").json() == (
        wellington2025_venues(summits.b)
    )


def test_rooms_of_one_summit_never_include_another_summits(anonymous_api, summits):
    a_rooms = seoul2023_rooms(summits.a)

    assert anonymous_api.get("/summits/seoul2023/rooms").json() == [
        a_rooms["grand_hall"],
        a_rooms["small_room"],
        a_rooms["art_hall"],
    ]
    assert anonymous_api.get("/summits/wellington2025/rooms").json() == (
        wellington2025_rooms(summits.b)
    )


def test_themes_of_one_summit_never_include_another_summits(anonymous_api, summits):
    assert anonymous_api.get("/summits/seoul2023/themes").json() == SEOUL_2023_THEMES
    assert anonymous_api.get("/summits/wellington2025/themes").json() == (WELLINGTON_2025_THEMES)


def test_organisations_of_one_summit_never_include_another_summits(anonymous_api, summits):
    assert anonymous_api.get("/summits/seoul2023/organisations").json() == SEOUL_2023_ROLES
    assert anonymous_api.get("/summits/wellington2025/organisations").json() == (
        WELLINGTON_2025_ROLES
    )


def test_another_summits_room_is_404_through_this_summit(staff_api, summits):
    room = summits.b.marae
    before = row(Room, room.pk)
    path = f"/summits/seoul2023/rooms/{room.pk}"

    responses = [
        staff_api.get(path),
        staff_api.patch(path, {"capacity": 1}),
        staff_api.delete(path),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404]
    assert row(Room, room.pk) == before
    assert not LogEntry.objects.exists()


def test_another_summits_venue_is_404_through_this_summit(staff_api, summits):
    venue = summits.b.tepapa
    before = row(Venue, venue.pk)
    path = f"/summits/seoul2023/venues/{venue.pk}"

    responses = [
        staff_api.get(path),
        staff_api.patch(path, {"position": 7}),
        staff_api.delete(path),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404]
    assert row(Venue, venue.pk) == before
    assert not LogEntry.objects.exists()


# --- audit ----------------------------------------------------------------------------------


def test_creating_a_summit_is_recorded_for_the_organiser(staff_api):
    staff_api.post("/summits", NEW_SUMMIT)

    created = Summit.objects.get(slug="busan2027")
    assert log_entries(Summit) == [
        {
            "user__username": "organiser",
            "object_id": str(created.pk),
            "action_flag": ADDITION,
            "change_message": json.dumps([{"added": {}}]),
        }
    ]


def test_updating_a_room_records_the_changed_fields(staff_api, seoul2023):
    room = seoul2023.small_room

    staff_api.patch(
        f"/summits/seoul2023/rooms/{room.pk}",
        {"capacity": 60, "floor": "8", "name": {"en": "Seosomun Hall"}},
    )

    assert log_entries(Room) == [
        {
            "user__username": "organiser",
            "object_id": str(room.pk),
            "action_flag": CHANGE,
            "change_message": json.dumps([{"changed": {"fields": ["capacity", "name_en"]}}]),
        }
    ]


def test_deleting_a_venue_is_recorded_for_the_organiser(staff_api, seoul2023):
    pk = seoul2023.ddp.pk

    staff_api.delete(f"/summits/seoul2023/venues/{pk}")

    assert log_entries(Venue) == [
        {
            "user__username": "organiser",
            "object_id": str(pk),
            "action_flag": DELETION,
            "change_message": json.dumps([{"deleted": {}}]),
        }
    ]


def test_refused_bad_input_records_nothing(staff_api, seoul2023):
    staff_api.post("/summits", {**NEW_SUMMIT, "end_date": "2027-05-09"})
    staff_api.patch(f"/summits/seoul2023/rooms/{seoul2023.grand_hall.pk}", {"capacity": 0})

    assert not LogEntry.objects.exists()


# --- OpenAPI document and docs --------------------------------------------------------------


def test_openapi_document_is_valid_and_lists_the_resources(anonymous_api):
    response = anonymous_api.get("/openapi.json")

    assert response.status_code == 200
    document = response.json()
    validate(document)
    assert document["openapi"].startswith("3.")
    assert {
        "/api/v1/summits",
        "/api/v1/summits/{slug}/venues",
        "/api/v1/organisations",
        "/api/v1/people",
    } <= set(document["paths"])


def test_docs_page_uses_no_external_cdn(anonymous_api):
    response = anonymous_api.get("/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assert "/api/v1/openapi.json" in html
    assert "cdn." not in html
    assert "unpkg" not in html
