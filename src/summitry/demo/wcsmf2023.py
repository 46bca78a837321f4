"""World Cities Summit Mayors Forum 2023, Seoul: the facts of seeds 000, 001 and 003.

Every record here is taken from the seeds (Korean press releases and an article of Seoul
Metropolitan Government, September 2023); English forms of Korean names are the ones the seeds
print, or the official English names of the places and bodies. Where a seed gives only a
count (50 cities from 30 countries, 22 organisations), the delegations capability adds
clearly marked sample records; this module holds only named facts.
"""

from __future__ import annotations

import datetime

from summitry.directory.models import Organisation, OrganisationKind, Person, ProtocolRank, Region
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

from .loader import ensure_organisers_team, upsert

TITLE = "World Cities Summit Mayors Forum 2023 (Seoul, 24–26 Sep 2023)"
SLUG = "wcsmf2023"

CITY, INTL, GOV, INST, CO = (
    OrganisationKind.CITY,
    OrganisationKind.INTERNATIONAL,
    OrganisationKind.GOVERNMENT,
    OrganisationKind.INSTITUTION,
    OrganisationKind.COMPANY,
)

# slug: (kind, English name, Korean name, short name, country, region, parent slug)
# fmt: off
ORGANISATIONS = {
    # Organisers (seed 001: 주관 URA 및 CLC; CLC is under Singapore's Ministry of National
    # Development, "싱가포르 국가개발부 산하기관").
    "sg-mnd": (GOV, "Ministry of National Development", "싱가포르 국가개발부", "MND", "SG", Region.ASIA, None),
    "clc": (GOV, "Centre for Liveable Cities", "살기좋은도시만들기센터", "CLC", "SG", Region.ASIA, "sg-mnd"),
    "ura": (GOV, "Urban Redevelopment Authority", "싱가포르 도시개발청", "URA", "SG", Region.ASIA, "sg-mnd"),
    # Host (seeds 000, 001).
    "seoul": (CITY, "Seoul Metropolitan Government", "서울특별시", "", "KR", Region.ASIA, None),
    # Foreign cities named in the seeds (000, 001): delegations and laureate cities.
    "taipei": (CITY, "Taipei", "타이베이", "", "TW", Region.ASIA, None),
    "wellington": (CITY, "Wellington", "웰링턴", "", "NZ", Region.OCEANIA, None),
    "kyiv": (CITY, "Kyiv", "키이우", "", "UA", Region.EUROPE, None),
    "dublin": (CITY, "Dublin", "더블린", "", "IE", Region.EUROPE, None),
    "suzhou": (CITY, "Suzhou", "쑤저우", "", "CN", Region.ASIA, None),
    "odense": (CITY, "Odense", "오덴세", "", "DK", Region.EUROPE, None),
    "bilbao": (CITY, "Bilbao", "빌바오", "", "ES", Region.EUROPE, None),
    "vienna": (CITY, "Vienna", "비엔나", "", "AT", Region.EUROPE, None),
    # International organisations and companies named in seed 001.
    "undp": (INTL, "United Nations Development Programme", "유엔개발계획", "UNDP", "", "", None),
    "metropolis": (INTL, "Metropolis", "메트로폴리스", "", "", "", None),
    "aws": (CO, "Amazon Web Services", "아마존 웹서비스", "AWS", "US", Region.AMERICAS, None),
    # Places of the site visits, whose heads guided the delegations (seed 003).
    "seoul-biennale": (INST, "Seoul Biennale of Architecture and Urbanism", "서울도시건축비엔날레", "", "KR", Region.ASIA, "seoul"),
    "seoul-museum-of-craft-art": (INST, "Seoul Museum of Craft Art", "서울공예박물관", "", "KR", Region.ASIA, "seoul"),
}
# fmt: on

ORGANISERS = ["clc", "ura"]
HOSTS = ["seoul"]
PARTICIPANT_CITIES = [
    "taipei",
    "wellington",
    "kyiv",
    "dublin",
    "suzhou",
    "odense",
    "bilbao",
    "vienna",
]
PARTICIPANT_ORGANISATIONS = ["undp", "metropolis", "aws"]

M, V, S = ProtocolRank.MAYOR, ProtocolRank.VICE_MAYOR, ProtocolRank.SENIOR_OFFICIAL

# slug: (given, family, family first, Hangul, English position, Korean position, rank, org)
PEOPLE = {
    "oh-se-hoon": ("Se-hoon", "Oh", True, "오세훈", "Mayor of Seoul", "서울특별시장", M, "seoul"),
    "chiang-wan-an": (
        "Wan-an",
        "Chiang",
        True,
        "장완안",
        "Mayor of Taipei",
        "타이베이 시장",
        M,
        "taipei",
    ),
    "tory-whanau": (
        "Tory",
        "Whanau",
        False,
        "토리 화나우",
        "Mayor of Wellington",
        "웰링턴 시장",
        M,
        "wellington",
    ),
    "volodymyr-prokopiv": (
        "Volodymyr",
        "Prokopiv",
        False,
        "볼로디미르 프로코핍",
        "Deputy Mayor of Kyiv",
        "키이우 부시장",
        V,
        "kyiv",
    ),
    "daithi-de-roiste": (
        "Daithi",
        "de Roiste",
        False,
        "다이 데 로샤",
        "Lord Mayor of Dublin",
        "더블린 시장",
        M,
        "dublin",
    ),
    "ji-jing": ("Jing", "Ji", True, "지 징", "Vice Mayor of Suzhou", "쑤저우 부시장", V, "suzhou"),
    # The press releases' contact officers (seeds 001, 003). Their names are printed in Korean
    # only, so the directory keeps no Latin form: English pages show the Korean, marked.
    "seoul-ir-division-director": (
        "",
        "",
        True,
        "조혜정",
        "Director, International Relations Division, Economic Policy Office",
        "경제정책실 국제교류과장",
        S,
        "seoul",
    ),
    "seoul-multilateral-team-leader": (
        "",
        "",
        True,
        "최웅철",
        "Team Leader, Multilateral Cooperation Team",
        "다자협력팀장",
        S,
        "seoul",
    ),
    # Guides of site visit I (seed 003).
    "seoul-biennale-general-director": (
        "",
        "",
        True,
        "조병수",
        "General Director, Seoul Biennale of Architecture and Urbanism",
        "서울도시건축비엔날레 총감독",
        ProtocolRank.HEAD_OF_ORGANISATION,
        "seoul-biennale",
    ),
    "seoul-museum-of-craft-art-director": (
        "",
        "",
        True,
        "김수정",
        "Director, Seoul Museum of Craft Art",
        "서울공예박물관장",
        ProtocolRank.HEAD_OF_ORGANISATION,
        "seoul-museum-of-craft-art",
    ),
}

SUMMIT = {
    "edition": 12,
    "name": {"en": "World Cities Summit Mayors Forum 2023", "ko": "2023 세계도시정상회의 시장포럼"},
    "theme": {
        "en": "Liveable and Sustainable Cities: Forging an Inclusive and Resilient Future",
        "ko": "살기 좋고 지속가능한 도시: 포용적이고 회복력있는 미래를 선도하다",
    },
    "description": {
        "en": (
            "Mayors, leaders of international organisations and senior officials from around "
            "the world share their cities' policies and field cases and look for the way to "
            "inclusive cities. Only Lee Kuan Yew World City Prize laureates may host the forum; "
            "Seoul, the 2018 laureate, is the first host in Korea, and it is the largest "
            "international conference held in Seoul since COVID-19."
        ),
        "ko": (
            "각 도시의 정책을 공유하고 현장사례를 나누며 포용도시의 방향성을 모색하는 포럼입니다. "
            "리콴유 세계도시상 수상도시에게만 개최도시 자격이 주어지며, 2018년 수상도시인 서울에서 "
            "우리나라 최초로 열립니다. 코로나19 이후 서울에서 개최되는 최대 규모의 국제회의입니다."
        ),
    },
    "start_date": datetime.date(2023, 9, 24),
    "end_date": datetime.date(2023, 9, 26),
    "time_zone": "Asia/Seoul",
    "format": SummitFormat.IN_PERSON,
    "status": SummitStatus.PUBLISHED,
}

# The four themed sessions (seed 001, 세부주제).
THEMES = [
    (
        "How can Mayors forge inclusive societies and empower communities?",
        "포용적 사회 조성 및 시민 역량 강화 방안",
    ),
    (
        "The Soul of the City: How can Mayors conserve culture and heritage?",
        "도시의 문화유산 보존 방안",
    ),
    (
        "How can Mayors accelerate de-carbonisation and strengthen climate resilience?",
        "탄소중립 가속화 및 기후회복력 강화 방안",
    ),
    (
        "How can Mayors facilitate and promote innovation and creativity?",
        "혁신 및 창의성 촉진 방안",
    ),
]

# Venues: DDP (forum, exhibitions, prize dinner: seeds 001, 002), Sebitseom (pre-event, 24 Sep)
# and the four places of the two site visits (seeds 001, 003).
# key: (English name, Korean name, English address, Korean address, main, rooms)
VENUES = {
    "ddp": (
        "Dongdaemun Design Plaza (DDP)",
        "동대문디자인플라자(DDP)",
        "281 Eulji-ro, Jung-gu, Seoul",
        "서울특별시 중구 을지로 281",
        True,
        [
            (
                "Art Hall (Seoul–Singapore Policy Exhibition)",
                "아트홀 (서울-싱가포르 정책전시관)",
                "",
            ),
            ("Art Hall 2", "아트홀 2관", ""),
            (
                "Design Lab 2F Open Lounge (Advanced Lifestyle Exhibition)",
                "디자인랩 2층 오픈라운지 (첨단 라이프스타일 전시관)",
                "2F",
            ),
        ],
    ),
    "sebitseom": ("Sebitseom (Some Sevit), Han River", "세빛섬", "", "", False, []),
    "songhyeon": (
        "Songhyeon Green Plaza (Seoul Biennale of Architecture and Urbanism)",
        "열린송현녹지광장 (서울도시건축비엔날레)",
        "",
        "",
        False,
        [],
    ),
    "craft-museum": ("Seoul Museum of Craft Art", "서울공예박물관", "", "", False, []),
    "cheonggyecheon-museum": ("Cheonggyecheon Museum", "청계천박물관", "", "", False, []),
    "sewerage-museum": ("Seoul Sewerage Science Museum", "서울하수도과학관", "", "", False, []),
}


def _bi(en: str, ko: str) -> dict[str, str]:
    return {"en": en, "ko": ko}


def load() -> str:
    orgs: dict[str, Organisation] = {}
    for slug, (kind, en, ko, short, country, region, parent) in ORGANISATIONS.items():
        orgs[slug] = upsert(
            Organisation,
            {"slug": slug},
            {
                "kind": kind,
                "name": _bi(en, ko),
                "short_name": _bi(short, short),
                "country": country,
                "region": region,
                "parent": orgs[parent] if parent else None,
            },
        )
    for slug, (given, family, first, hangul, pos_en, pos_ko, rank, org) in PEOPLE.items():
        upsert(
            Person,
            {"slug": slug},
            {
                "given_name": given,
                "family_name": family,
                "family_name_first": first,
                "name_hangul": hangul,
                "position": _bi(pos_en, pos_ko),
                "protocol_rank": rank,
                "organisation": orgs[org],
            },
        )

    summit = upsert(Summit, {"slug": SLUG}, SUMMIT)
    ensure_organisers_team(summit)
    roles = (
        [(slug, OrganisationRole.ORGANISER) for slug in ORGANISERS]
        + [(slug, OrganisationRole.HOST) for slug in HOSTS]
        + [
            (slug, OrganisationRole.PARTICIPANT)
            for slug in PARTICIPANT_CITIES + PARTICIPANT_ORGANISATIONS
        ]
    )
    for position, (slug, role) in enumerate(roles):
        upsert(
            SummitOrganisation,
            {"summit": summit, "organisation": orgs[slug], "role": role},
            {"position": position},
        )
    for number, (en, ko) in enumerate(THEMES, start=1):
        upsert(SessionTheme, {"summit": summit, "number": number}, {"title": _bi(en, ko)})
    for position, (en, ko, addr_en, addr_ko, main, rooms) in enumerate(VENUES.values()):
        venue = upsert(
            Venue,
            {"summit": summit, "name_en": en},
            {
                "name": _bi(en, ko),
                "address": _bi(addr_en, addr_ko),
                "is_main": main,
                "position": position,
            },
        )
        for room_position, (room_en, room_ko, floor) in enumerate(rooms):
            upsert(
                Room,
                {"venue": venue, "name_en": room_en},
                {"name": _bi(room_en, room_ko), "floor": floor, "position": room_position},
            )

    from . import (
        wcsmf2023_checkin,
        wcsmf2023_delegations,
        wcsmf2023_diplomacy,
        wcsmf2023_exhibitions,
        wcsmf2023_press,
        wcsmf2023_programme,
    )

    delegations = wcsmf2023_delegations.load(summit, orgs)
    programme = wcsmf2023_programme.load(summit, orgs)
    diplomacy = wcsmf2023_diplomacy.load(summit, orgs)
    diplomacy += "; " + wcsmf2023_checkin.load(summit)
    diplomacy += "; " + wcsmf2023_press.load(summit)
    diplomacy += "; " + wcsmf2023_exhibitions.load(summit)
    return (
        f"{len(orgs)} organisations, {len(PEOPLE)} people, 1 summit with "
        f"{len(roles)} organisation roles, {len(THEMES)} themes and {len(VENUES)} venues; "
        f"{delegations}; {programme}; {diplomacy}"
    )
