"""The 2023 Mayors Forum's programme: the three-day grid of seed 001, with the seeds' facts.

Sources: the programme table of seed 001 (day × morning / lunch / afternoon / dinner), seeds
000, 001 and 003 (the pre-event at Sebitseom, Forum I at 14:00 on 25 Sep opened by Mayor Oh
Se-hoon's welcome and keynote, the four themed sessions with 12 cities' policy cases, the two
site visits with about 100 participants and their guides, the laureate cities' breakfast, the
Young Leaders Dialogue) and seed 002 (the Seoul Smart City Prize ceremony, 25 Sep 17:30, DDP
Art Hall 2, with Mayor Oh's remarks).

Times. Only two times are in the seeds: Forum I opens on 25 Sep at 14:00 (seeds 001, 003) and
the Seoul Smart City Prize ceremony starts on 25 Sep at 17:30 (seed 002). The days and the
time blocks of every item are the seeds'; every other start and end time below is assumed (a
plausible time within the seeds' block), and so are the lengths of the welcome, the keynote,
the themed sessions, the presentations and the stops of the site visits.

Sample data, marked as such: the seeds name four of the twelve presenters (Tory Whanau, Daithi
de Roiste, Ji Jing, Chiang Wan-an) but no presentation titles and not which session each
presented in; so the titles are generic ("(sample title)" / "(예시 제목)"), the sessions of
the named leaders are assumed, and the other eight presenters and the four chairs are sample
people of the sample delegations (slugs "sample-person-…", positions "(sample)").

Rooms: the seeds do not name the hall of the forum at DDP, so the forum's items have no room
and the place "DDP"; the prize dinner is in DDP's Art Hall 2 (seed 002).

Every item is keyed by its English title within the summit and written through the
programme's service (so the clash rules hold); an item that exists and matches is left alone,
so loading twice changes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from summitry.core import services as core
from summitry.core.scoping import in_summit
from summitry.demo.loader import ensure_organiser
from summitry.directory.models import Organisation, Person
from summitry.programme import releases
from summitry.programme.models import (
    Audience,
    ItemRole,
    ItemType,
    ProgrammeItem,
    TimeBlock,
)
from summitry.programme.services import save_item
from summitry.summits.models import Room, SessionTheme, Summit

from .wcsmf2023 import THEMES, VENUES

SEOUL = ZoneInfo("Asia/Seoul")


def _at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2023, 9, day, hour, minute, tzinfo=SEOUL)


def _bi(en: str, ko: str) -> dict[str, str]:
    return {"en": en, "ko": ko}


@dataclass
class Spec:
    """One programme item to hold; ``parent`` is the English title of its parent."""

    title: tuple[str, str]  # (English, Korean)
    kind: str
    block: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    audience: str
    description: tuple[str, str] = ("", "")
    parent: str | None = None
    place: tuple[str, str] = ("", "")
    address: tuple[str, str] = ("", "")
    room: tuple[str, str] | None = None  # (venue key, English room name)
    theme: int | None = None
    capacity: int | None = None
    invitees: list[str] = field(default_factory=list)  # organisation slugs
    # (person slug, role, presentation title in English, in Korean)
    people: list[tuple[str, str, str, str]] = field(default_factory=list)


PUBLIC, REGISTERED, INVITED = Audience.PUBLIC, Audience.REGISTERED, Audience.INVITED
MORNING, LUNCH, AFTERNOON, DINNER = (
    TimeBlock.MORNING,
    TimeBlock.LUNCH,
    TimeBlock.AFTERNOON,
    TimeBlock.DINNER,
)

# The seeds name DDP as the forum's venue, not the hall (see the module's docstring).
DDP_PLACE = ("DDP", "DDP")
DDP_ADDRESS = (VENUES["ddp"][2], VENUES["ddp"][3])


def _venue_place(key: str) -> tuple[str, str]:
    return (VENUES[key][0], VENUES[key][1])


def _venue_address(key: str) -> tuple[str, str]:
    return (VENUES[key][2], VENUES[key][3])


FORUM_I = "Mayors Forum I"
FORUM_II = "Mayors Forum II"
SITE_VISIT_I = "Site visit I: Seoul Biennale and Seoul Museum of Craft Art"
SITE_VISIT_II = "Site visit II: Cheonggyecheon Museum and Seoul Sewerage Science Museum"
LAUREATES_BREAKFAST = "Lee Kuan Yew World City Prize laureate cities' breakfast"
PRIZE_DINNER = "Seoul Smart City Prize award ceremony dinner"
# Laureate cities of the Lee Kuan Yew World City Prize named in seed 001 (Seoul, the 2018
# laureate, hosts the breakfast).
LAUREATES = ["bilbao", "vienna"]

# Themed sessions: (theme number, parent forum, start, end, chair, presenters). The chairs and
# the sessions of the presenters are sample data (the seeds give neither); the four named
# leaders are the seeds' presenters, the other eight are sample heads of sample delegations.
# All times here are assumed.
SESSIONS = [
    (
        1,
        FORUM_I,
        _at(25, 14, 50),
        _at(25, 15, 50),
        "sample-person-org-01-1",
        ["chiang-wan-an", "sample-person-medellin-1", "sample-person-kigali-1"],
    ),
    (
        2,
        FORUM_I,
        _at(25, 16, 0),
        _at(25, 17, 0),
        "sample-person-org-05-1",
        ["daithi-de-roiste", "sample-person-istanbul-1", "sample-person-strasbourg-1"],
    ),
    (
        3,
        FORUM_II,
        _at(26, 9, 30),
        _at(26, 10, 40),
        "sample-person-org-03-1",
        ["tory-whanau", "sample-person-rotterdam-1", "sample-person-helsinki-1"],
    ),
    (
        4,
        FORUM_II,
        _at(26, 10, 50),
        _at(26, 12, 0),
        "sample-person-org-13-1",
        ["ji-jing", "sample-person-curitiba-1", "sample-person-melbourne-1"],
    ),
]
TALK = datetime.timedelta(minutes=15)  # assumed: a policy case takes 15 minutes
OPENING = datetime.timedelta(minutes=10)  # assumed: the chair opens the session


# fmt: off
def grid() -> list[Spec]:
    """Every item but the themed sessions' presentations (which need the presenters), parents
    before their sub-items. Times assumed unless the comment cites a seed."""
    return [
        # --- Day 1, Sunday 24 September (seed 001: arrivals; evening pre-event) -------------
        Spec(("Arrival of foreign participants", "해외 참가자 입국"),
             ItemType.ARRIVAL_DEPARTURE, MORNING, _at(24, 8), _at(24, 17), REGISTERED,
             ("Foreign delegations arrive in Seoul.", "해외 도시 대표단이 서울에 도착합니다.")),
        Spec(("Pre-event at Sebitseom", "사전행사 (세빛섬)"),
             ItemType.RECEPTION, DINNER, _at(24, 18), _at(24, 21), REGISTERED,
             ("The forum's first event, on the Han River: the launch of Seoul's new brand "
              "“Seoul My Soul”, commemorative photos in hanbok with the river as the backdrop, "
              "and a gugak (Korean traditional music) performance.",
              "한강의 매력을 알리는 세빛섬에서 시작하는 시장포럼의 첫 일정: 서울시의 새로운 브랜드 "
              "‘Seoul My Soul’ 소개, 한강을 배경으로 한 한복 기념촬영, 국악 공연 등 문화행사."),
             place=_venue_place("sebitseom"), address=_venue_address("sebitseom")),

        # --- Day 2, Monday 25 September -------------------------------------------------------
        Spec((LAUREATES_BREAKFAST, "리관유상 수상도시 조찬간담회"),
             ItemType.MEAL, MORNING, _at(25, 7, 30), _at(25, 8, 45), INVITED,
             ("A meeting over breakfast of the past laureate cities of the Lee Kuan Yew World "
              "City Prize, such as Bilbao and Vienna, hosted by Seoul, the 2018 laureate.",
              "빌바오, 비엔나 등 역대 리관유 세계도시상 수상도시 간 교류의 장. 2018년 수상도시인 "
              "서울시가 주최합니다."),
             invitees=LAUREATES),
        Spec((SITE_VISIT_I, "현장 방문 I: 서울도시건축비엔날레·서울공예박물관"),
             ItemType.SITE_VISIT, MORNING, _at(25, 9), _at(25, 12), REGISTERED,
             ("“Seoul's past, present and future”, for about 100 forum participants: the Seoul "
              "Biennale of Architecture and Urbanism at Songhyeon Green Plaza, which draws "
              "Seoul 100 years from now, then the Seoul Museum of Craft Art and the city's "
              "work to preserve its building and site.",
              "‘서울의 과거, 현재, 미래’를 주제로 한 정책 현장 방문(참석자 100여명): 100년 후 "
              "서울의 미래를 그린 서울도시건축비엔날레가 열리는 열린송현녹지광장, 이어서 건물과 "
              "부지 보존에 대한 서울시의 노력을 보여주는 서울공예박물관."),
             capacity=100),
        Spec(_venue_place("songhyeon"),
             ItemType.VISIT_STOP, MORNING, _at(25, 9, 20), _at(25, 10, 30), REGISTERED,
             ("Guided by the Biennale's general director Cho Byoung-soo: the main sculptures "
              "of Songhyeon Green Plaza, such as Sky Cow and Earth Cow, and the shared values "
              "to pursue for Seoul's future.",
              "조병수 도시건축비엔날레 총감독의 안내로 열린송현녹지광장의 하늘소·땅소 등 주요 "
              "조형물을 관람하며 서울의 미래를 위해 추구해야 할 공동의 가치를 설명합니다."),
             parent=SITE_VISIT_I, place=_venue_place("songhyeon"),
             address=_venue_address("songhyeon"),
             people=[("seoul-biennale-general-director", ItemRole.GUIDE, "", "")]),
        Spec(_venue_place("craft-museum"),
             ItemType.VISIT_STOP, MORNING, _at(25, 10, 45), _at(25, 11, 45), REGISTERED,
             ("Director Kim Soo-jung explains the historical significance of the museum's "
              "site and its legacy: what a sustainable city means.",
              "김수정 서울공예박물관장이 박물관 부지의 역사적 의의와 계승을 설명하며 지속가능한 "
              "도시의 의미를 고찰합니다."),
             parent=SITE_VISIT_I, place=_venue_place("craft-museum"),
             address=_venue_address("craft-museum"),
             people=[("seoul-museum-of-craft-art-director", ItemRole.GUIDE, "", "")]),
        # The seeds do not say where the dialogue took place.
        Spec(("Young Leaders Dialogue", "영리더스 다이얼로그"),
             ItemType.MEETING, MORNING, _at(25, 9, 30), _at(25, 11, 30), REGISTERED,
             ("About 20 young leaders from Seoul and Singapore discuss the forum's theme.",
              "서울-싱가포르의 청년 리더 20여 명이 모여 시장포럼과 동일한 주제로 토론합니다.")),
        Spec(("Lunch", "오찬"),
             ItemType.MEAL, LUNCH, _at(25, 12, 15), _at(25, 13, 30), REGISTERED),
        # Seeds 001, 003: 25 Sep, 14:00; the end is assumed.
        Spec((FORUM_I, "시장포럼 I"),
             ItemType.FORUM_SESSION, AFTERNOON, _at(25, 14), _at(25, 17), PUBLIC,
             ("Opened by Mayor Oh Se-hoon's welcome to the delegations of 50 cities and his "
              "keynote; themed sessions 1 and 2.",
              "50개 도시 대표단에 대한 오세훈 서울시장의 환영사와 기조연설로 포럼의 시작을 엽니다. "
              "세션 1, 2."),
             place=DDP_PLACE, address=DDP_ADDRESS),
        Spec(("Welcome address", "환영사"),
             ItemType.CEREMONY, AFTERNOON, _at(25, 14), _at(25, 14, 10), PUBLIC,
             ("Mayor Oh Se-hoon welcomes the delegations of 50 cities.",
              "오세훈 서울시장이 50개 도시 대표단을 환영합니다."),
             parent=FORUM_I, place=DDP_PLACE, address=DDP_ADDRESS,
             people=[("oh-se-hoon", ItemRole.SPEAKER, "Welcome address", "환영사")]),
        Spec(("Keynote: Companionship with the vulnerable — Seoul Learn and Safe Income",
              "기조연설: 약자와의 동행 — 서울런과 안심소득"),
             ItemType.KEYNOTE, AFTERNOON, _at(25, 14, 10), _at(25, 14, 40), PUBLIC,
             ("Mayor Oh Se-hoon presents Seoul's vision of “companionship with the vulnerable” "
              "for a sustainable, inclusive city, the results of Seoul Learn and the Safe "
              "Income pilot, and the Vulnerable Companionship Index under development, and "
              "proposes the companionship with the vulnerable as a global agenda.",
              "오세훈 시장이 지속가능한 포용도시를 만들기 위한 서울시 ‘약자와의 동행’ 비전과 주요 "
              "정책인 ‘서울런’과 ‘안심소득’의 성과, 개발 중인 ‘약자동행지수’를 소개하고, "
              "‘약자와의 동행’을 범세계적 의제로 제시합니다."),
             parent=FORUM_I, place=DDP_PLACE, address=DDP_ADDRESS,
             people=[("oh-se-hoon", ItemRole.SPEAKER,
                      "Companionship with the vulnerable: Seoul Learn and Safe Income",
                      "약자와의 동행: 서울런과 안심소득")]),
        # Seed 002: 25 Sep, 17:30, DDP Art Hall 2; the end is assumed.
        Spec((PRIZE_DINNER, "서울스마트도시상 수여식 만찬"),
             ItemType.CEREMONY, DINNER, _at(25, 17, 30), _at(25, 20), REGISTERED,
             ("The first Seoul Smart City Prize, founded by Seoul with the World Smart "
              "Sustainable Cities Organization (WeGO): remarks by Mayor Oh Se-hoon and the "
              "Chair of the Seoul Metropolitan Council, a congratulatory address by the singer "
              "PSY, and awards to the 21 final winners.",
              "서울시가 세계스마트시티기구(WeGO)와 함께 제정한 제1회 ‘서울 스마트도시상’ 시상식: "
              "오세훈 시장 및 김현기 시의회 의장의 인사말, 가수 싸이(PSY)의 축사, 최종 우승작(자) "
              "21개 시상."),
             room=("ddp", "Art Hall 2"),
             people=[("oh-se-hoon", ItemRole.SPEAKER, "Remarks", "인사말")]),

        # --- Day 3, Tuesday 26 September -----------------------------------------------------
        Spec((FORUM_II, "시장포럼 II"),
             ItemType.FORUM_SESSION, MORNING, _at(26, 9, 30), _at(26, 12), PUBLIC,
             ("Themed sessions 3 and 4.", "세션 3, 4."),
             place=DDP_PLACE, address=DDP_ADDRESS),
        Spec(("Farewell lunch", "송별 오찬"),
             ItemType.MEAL, LUNCH, _at(26, 12, 15), _at(26, 13, 30), REGISTERED),
        Spec((SITE_VISIT_II, "현장 방문 II: 청계천박물관·서울하수도과학관"),
             ItemType.SITE_VISIT, AFTERNOON, _at(26, 14), _at(26, 17), REGISTERED,
             ("“Seoul's past, present and future”: the Cheonggyecheon Museum and the "
              "restoration of the stream, then Seoul's advanced sewerage at the Seoul "
              "Sewerage Science Museum.",
              "‘서울의 과거, 현재, 미래’: 청계천박물관에서 청계천의 과거와 오늘이 있기까지의 복원 "
              "과정을 보고, 이어서 서울하수도과학관에서 서울의 선진화된 하수도 시설을 견학합니다."),
             capacity=100),
        Spec(_venue_place("cheonggyecheon-museum"),
             ItemType.VISIT_STOP, AFTERNOON, _at(26, 14, 20), _at(26, 15, 20), REGISTERED,
             ("The Cheonggyecheon's past and the restoration that made it what it is today.",
              "청계천의 과거와 오늘이 있기까지의 복원 과정."),
             parent=SITE_VISIT_II, place=_venue_place("cheonggyecheon-museum"),
             address=_venue_address("cheonggyecheon-museum")),
        Spec(_venue_place("sewerage-museum"),
             ItemType.VISIT_STOP, AFTERNOON, _at(26, 15, 45), _at(26, 16, 45), REGISTERED,
             ("A tour of Seoul's advanced sewerage facilities.",
              "서울의 선진화된 하수도 시설 견학."),
             parent=SITE_VISIT_II, place=_venue_place("sewerage-museum"),
             address=_venue_address("sewerage-museum")),
        Spec(("Departure of foreign participants", "해외 참가자 출국"),
             ItemType.ARRIVAL_DEPARTURE, DINNER, _at(26, 18), _at(26, 23), REGISTERED,
             ("Foreign delegations leave Seoul.", "해외 도시 대표단이 출국합니다.")),
    ]
# fmt: on


def sessions(people: dict[str, Person]) -> list[Spec]:
    """The four themed sessions, each with a chair and three policy-case presentations."""
    specs = []
    for number, forum, starts, ends, chair, presenters in SESSIONS:
        en, ko = THEMES[number - 1]
        block = AFTERNOON if forum == FORUM_I else MORNING
        title = (f"Session {number}: {en}", f"세션 {number}: {ko}")
        specs.append(
            Spec(
                title,
                ItemType.THEMED_SESSION,
                block,
                starts,
                ends,
                PUBLIC,
                (
                    "Three cities present policy cases. Which session each city presented in "
                    "is not in the sources; the chair and the session's programme are sample "
                    "data.",
                    "세 도시가 정책 사례를 발표합니다. 도시별 발표 세션은 자료에 없어 좌장과 세션 "
                    "구성은 예시 자료입니다.",
                ),
                parent=forum,
                place=DDP_PLACE,
                address=DDP_ADDRESS,
                theme=number,
                people=[(chair, ItemRole.CHAIR, "", "")],
            )
        )
        for index, slug in enumerate(presenters):
            city = people[slug].organisation
            talk = (
                f"Policy case: {city.name_en} (sample title)",
                f"정책 사례: {city.name_ko} (예시 제목)",
            )
            begins = starts + OPENING + index * TALK
            specs.append(
                Spec(
                    talk,
                    ItemType.PRESENTATION,
                    block,
                    begins,
                    begins + TALK,
                    PUBLIC,
                    parent=title[0],
                    place=DDP_PLACE,
                    address=DDP_ADDRESS,
                    theme=number,
                    people=[(slug, ItemRole.SPEAKER, *talk)],
                )
            )
    return specs


def _ordered(specs: list[Spec]) -> list[Spec]:
    """Parents before their sub-items, otherwise in the given order."""
    done, ordered, pending = set(), [], list(specs)
    while pending:
        ready = [s for s in pending if s.parent is None or s.parent in done]
        if not ready:
            raise ValueError("A programme item's parent is missing.")
        for spec in ready:
            ordered.append(spec)
            done.add(spec.title[0])
            pending.remove(spec)
    return ordered


def load(summit: Summit, organisations: dict[str, Organisation]) -> str:
    """Load the programme of the 2023 forum (``organisations``: the named ones, by slug)."""
    specs = grid()
    person_slugs = {
        slug for _number, _f, _s, _e, chair, presenters in SESSIONS for slug in [chair, *presenters]
    }
    person_slugs |= {slug for spec in specs for slug, *_rest in spec.people}
    people = {
        p.slug: p
        for p in Person.objects.filter(slug__in=person_slugs).select_related("organisation")
    }
    missing = person_slugs - set(people)
    if missing:
        raise ValueError(f"The programme needs people the demo lacks: {sorted(missing)}")
    specs = _ordered(specs + sessions(people))
    titles = [spec.title[0] for spec in specs]
    if len(titles) != len(set(titles)):
        raise ValueError("The programme's English titles must be unique: they are its keys.")

    themes = {t.number: t for t in in_summit(SessionTheme, summit)}
    rooms = {
        (key, room.name_en): room
        for key, (venue_en, *_rest) in VENUES.items()
        for room in in_summit(Room, summit).filter(venue__name_en=venue_en)
    }
    existing = {
        item.title_en: item
        for item in in_summit(ProgrammeItem, summit).prefetch_related("people", "invitees")
    }
    items: dict[str, ProgrammeItem] = {}
    written = 0
    for spec in specs:
        values = core.flatten_bilingual(
            {
                "kind": spec.kind,
                "block": spec.block,
                "title": _bi(*spec.title),
                "description": _bi(*spec.description),
                "place": _bi(*spec.place),
                "address": _bi(*spec.address),
                "map_url": "",
                "starts_at": spec.starts_at,
                "ends_at": spec.ends_at,
                "audience": spec.audience,
                "capacity": spec.capacity,
            }
        )
        relations = {
            "parent": items[spec.parent] if spec.parent else None,
            "theme": themes[spec.theme] if spec.theme else None,
            "room": rooms[spec.room] if spec.room else None,
        }
        roles = [
            {
                "person": people[slug],
                "role": role,
                "presentation_title": _bi(title_en, title_ko),
            }
            for slug, role, title_en, title_ko in spec.people
        ]
        invitees = [organisations[slug] for slug in spec.invitees]

        item = existing.get(spec.title[0])
        if item is not None and _matches(item, values, relations, roles, invitees):
            items[spec.title[0]] = item
            continue
        if item is None:
            item = ProgrammeItem(summit=summit)
        for name, value in {**values, **relations}.items():
            setattr(item, name, value)
        items[spec.title[0]] = save_item(actor=None, item=item, people=roles, invitees=invitees)
        written += 1

    # Version 1 is the programme as published; later versions are the organisers' to make.
    if releases.latest(summit) is None:
        releases.publish(actor=ensure_organiser()[0], summit=summit)
    top = sum(spec.parent is None for spec in specs)
    talks = sum(spec.kind == ItemType.PRESENTATION for spec in specs)
    return (
        f"a programme of {len(specs)} items ({top} on the grid, {len(SESSIONS)} themed sessions "
        f"with {talks} policy-case presentations; {written} written)"
    )


def _matches(item, values, relations, roles, invitees) -> bool:
    """Whether the stored item already holds these values, people and invitees."""
    if any(getattr(item, name) != value for name, value in values.items()):
        return False
    if any(
        getattr(item, f"{name}_id") != (value.pk if value else None)
        for name, value in relations.items()
    ):
        return False
    stored = sorted(
        (
            (p.position, p.person_id, p.role, p.presentation_title_en, p.presentation_title_ko)
            for p in item.people.all()
        ),
    )
    wanted = [
        (
            position,
            entry["person"].pk,
            entry["role"],
            entry["presentation_title"]["en"],
            entry["presentation_title"]["ko"],
        )
        for position, entry in enumerate(roles)
    ]
    if stored != wanted:
        return False
    return {o.pk for o in item.invitees.all()} == {o.pk for o in invitees}
