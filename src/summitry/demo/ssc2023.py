"""The 1st Seoul Smart City Prize 2023 with its forum (seed 002): the award and its judging.

Facts from seed 002 (Asia Today, 17 Sep 2023, from a Seoul Metropolitan Government release)
and PRODUCT.md §1.2: the prize, founded with WeGO, took 240 online applications from March to
June 2023 in three categories (Project: people-centric and technology innovation; Leadership;
Special); the ceremony was on 25 Sep at 17:30 in DDP Art Hall 2; the Seoul Smart City Forum
2023 on 26 Sep at 10:00 in Seoul City Hall's 3F main conference room; the 6th WeGO General
Assembly on 26 Sep at 14:00 in the City Hall multipurpose hall.

The seed gives only the count of applications, so the 240 applications here are **sample
records** (``is_sample=True``): plausible cities, companies and institutions from many
countries, made up for the demo. The question texts of the form are the demo's own.
"""

from __future__ import annotations

import datetime
import itertools
import zoneinfo

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import slugify

from summitry.awards.models import (
    Answer,
    ApplicantKind,
    Application,
    ApplicationStatus,
    Award,
    Category,
    Eligibility,
    Question,
    QuestionKind,
)
from summitry.core import services as core
from summitry.core.scoping import in_summit
from summitry.directory.models import Organisation, OrganisationKind, Region
from summitry.programme import releases
from summitry.programme.models import Audience, ItemType, ProgrammeItem, TimeBlock
from summitry.programme.services import save_item
from summitry.summits.models import (
    OrganisationRole,
    Room,
    Summit,
    SummitFormat,
    SummitOrganisation,
    SummitStatus,
    Venue,
)

from .loader import (
    ORGANISER_USERNAME,
    ensure_organiser,
    ensure_organisers_team,
    ensure_team,
    ensure_user,
    upsert,
)

TITLE = "1st Seoul Smart City Prize, Seoul Smart City Forum and 6th WeGO General Assembly 2023"
SLUG = "ssc2023"
AWARD_SLUG = "seoul-smart-city-prize-2023"
SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
APPLICANT_USERNAME = "applicant"
APPLICANT_PASSWORD = "summitry-demo"  # noqa: S105 - a published demo login, never in production
SAMPLES_USERNAME = "ssc2023-sample-applicants"
APPLICATIONS = 240


def _bi(en: str, ko: str) -> dict[str, str]:
    return {"en": en, "ko": ko}


def _at(month: int, day: int, hour: int = 0, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2023, month, day, hour, minute, tzinfo=SEOUL)


ORGANISATIONS = {
    "seoul": (OrganisationKind.CITY, "Seoul Metropolitan Government", "서울특별시", "", "KR"),
    "wego": (
        OrganisationKind.INTERNATIONAL,
        "World Smart Sustainable Cities Organization",
        "세계스마트지속가능도시기구",
        "WeGO",
        "",
    ),
}

SUMMIT = {
    "edition": 1,
    "name": _bi(
        "Seoul Smart City Prize and Forum 2023",
        "2023 서울 스마트도시 상 · 서울 스마트시티 포럼",
    ),
    "theme": _bi("Challenges and inclusion of digital innovation", "디지털 혁신의 도전과 포용"),
    "description": _bi(
        "The 1st Seoul Smart City Prize ceremony opens two days on the future of smart cities, "
        "followed by the Seoul Smart City Forum 2023 and the 6th WeGO General Assembly, at "
        "Dongdaemun Design Plaza (DDP) and Seoul City Hall.",
        "제1회 서울 스마트도시 상 시상식을 시작으로 2023 서울 스마트시티 포럼과 제6차 WeGO 총회가 "
        "동대문디자인플라자(DDP)와 서울시청 본관에서 이어집니다.",
    ),
    "start_date": datetime.date(2023, 9, 25),
    "end_date": datetime.date(2023, 9, 26),
    "time_zone": "Asia/Seoul",
    "format": SummitFormat.IN_PERSON,
    "status": SummitStatus.PUBLISHED,
}

# key: (English name, Korean name, English address, Korean address, main, rooms)
VENUES = {
    "ddp": (
        "Dongdaemun Design Plaza (DDP)",
        "동대문디자인플라자(DDP)",
        "281 Eulji-ro, Jung-gu, Seoul",
        "서울특별시 중구 을지로 281",
        True,
        [("Art Hall 2", "아트홀 2관", "")],
    ),
    "city-hall": (
        "Seoul City Hall",
        "서울시청 본관",
        "110 Sejong-daero, Jung-gu, Seoul",
        "서울특별시 중구 세종대로 110",
        False,
        [
            ("Main Conference Room", "대회의실", "3F"),
            ("Multipurpose Hall", "다목적홀", ""),
        ],
    ),
}

CEREMONY_TITLE = _bi("2023 Seoul Smart City Prize Award Ceremony", "2023 서울 스마트도시 시상식")
# (kind, block, title, description, start, end, (venue key, room))
PROGRAMME = [
    (
        ItemType.CEREMONY,
        TimeBlock.DINNER,
        CEREMONY_TITLE,
        _bi(
            "Welcome by the Mayor of Seoul and the Chair of the Seoul Metropolitan Council, "
            "congratulations by the singer PSY, and the 21 winners of the 1st Seoul Smart City "
            "Prize.",
            "오세훈 시장 및 김현기 시의회 의장의 인사말, 가수 싸이(PSY)의 축사와 함께 최종 "
            "우승작(자) 21개를 시상합니다.",
        ),
        _at(9, 25, 17, 30),
        _at(9, 25, 19, 30),
        ("ddp", "Art Hall 2"),
    ),
    (
        ItemType.FORUM_SESSION,
        TimeBlock.MORNING,
        _bi("Seoul Smart City Forum 2023", "2023 서울 스마트시티 포럼"),
        _bi(
            "“Challenges and inclusion of digital innovation”: keynote by Bill Banks (EY) and "
            "three sessions.",
            "‘디지털 혁신의 도전과 포용’: 빌 뱅크스(EY) 기조연설과 3개 세션.",
        ),
        _at(9, 26, 10, 0),
        _at(9, 26, 12, 30),
        ("city-hall", "Main Conference Room"),
    ),
    (
        ItemType.MEETING,
        TimeBlock.AFTERNOON,
        _bi("6th WeGO General Assembly", "제6차 WeGO 총회"),
        _bi(
            "Chaired by the Mayor of Seoul (WeGO president city), with about 200 members from "
            "71 member cities, international organisations, institutions and IT companies.",
            "WeGO 의장도시인 서울시의 시장이 주재하며 71개 회원도시, 국제기구, 기관 및 IT기업에서 "
            "약 200명이 참석합니다.",
        ),
        _at(9, 26, 14, 0),
        _at(9, 26, 17, 0),
        ("city-hall", "Multipurpose Hall"),
    ),
]

AWARD = {
    "name": _bi("1st Seoul Smart City Prize", "제1회 서울 스마트도시 상"),
    "description": _bi(
        "An international prize of Seoul Metropolitan Government and WeGO for cities, "
        "companies and institutions whose smart-city work makes attractive cities that walk "
        "with the vulnerable.",
        "‘약자와 동행하는 매력적인 스마트도시’를 위해 노력한 전 세계 도시, 기업, 기관을 위한 "
        "서울시와 WeGO의 국제 상입니다.",
    ),
    "reference_prefix": "SSCP23",
    "opens_at": _at(3, 1),
    "closes_at": _at(7, 1),  # the first instant refused: applications ran to 30 June, 24:00
    "eligible_kinds": [],
    "eligible_countries": [],
    "results_published_at": _at(9, 25, 17, 30),
}

# key: (parent key, English, Korean, English description, Korean description)
CATEGORIES = {
    "project": (
        None,
        "Project",
        "프로젝트",
        "Smart-city projects that have been carried out.",
        "실행된 스마트도시 프로젝트.",
    ),
    "people-centric": (
        "project",
        "People-centric",
        "사람중심",
        "Projects that put citizens, and the vulnerable first, at the centre.",
        "시민과 약자를 중심에 둔 프로젝트.",
    ),
    "technology-innovation": (
        "project",
        "Technology innovation",
        "기술혁신",
        "Projects that solve urban problems with new technology.",
        "새로운 기술로 도시 문제를 해결한 프로젝트.",
    ),
    "leadership": (
        None,
        "Leadership",
        "리더십",
        "Leaders who have driven a city's smart transformation.",
        "도시의 스마트 전환을 이끈 리더.",
    ),
    "special": (
        None,
        "Special",
        "특별상",
        "Outstanding contributions beyond the other categories.",
        "다른 분야를 넘어서는 특별한 기여.",
    ),
}

FIELDS = [
    ("mobility", "Mobility", "모빌리티"),
    ("safety", "Safety and disaster response", "안전·재난 대응"),
    ("welfare", "Welfare and care", "복지·돌봄"),
    ("environment", "Environment and energy", "환경·에너지"),
    ("governance", "Governance and participation", "행정·시민참여"),
    ("inclusion", "Digital inclusion", "디지털 포용"),
]

# key: (category key or None, kind, English, Korean, required, word limit, extra)
QUESTIONS = [
    (
        "summary",
        None,
        QuestionKind.TEXT,
        "Summary of the work",
        "사업 요약",
        True,
        300,
        {},
    ),
    (
        "field",
        None,
        QuestionKind.CHOICE,
        "Main field",
        "주요 분야",
        True,
        None,
        {"choices": [{"value": v, "en": en, "ko": ko} for v, en, ko in FIELDS]},
    ),
    (
        "impact",
        "project",
        QuestionKind.TEXT,
        "Results and impact on citizens",
        "성과 및 시민에 미친 영향",
        True,
        500,
        {},
    ),
    (
        "budget",
        "project",
        QuestionKind.NUMBER,
        "Budget (thousand US dollars)",
        "사업 예산 (천 달러)",
        False,
        None,
        {"min_value": 0, "max_value": 10_000_000},
    ),
    (
        "leader",
        "leadership",
        QuestionKind.TEXT,
        "The leader nominated and their role",
        "추천 리더와 역할",
        True,
        200,
        {},
    ),
    (
        "website",
        None,
        QuestionKind.URL,
        "Web address of the work",
        "관련 웹사이트",
        False,
        None,
        {},
    ),
    (
        "document",
        None,
        QuestionKind.FILE,
        "Supporting document (PDF)",
        "증빙 자료 (PDF)",
        False,
        None,
        {"file_types": "pdf", "max_file_mb": 10},
    ),
]

# Sample applicants: (kind, English name, city, country). Made up, clearly marked as samples.
SAMPLE_CITIES = [
    ("Busan", "부산", "KR"),
    ("Daegu", "대구", "KR"),
    ("Suwon", "수원", "KR"),
    ("Sejong", "세종", "KR"),
    ("Tokyo", "도쿄", "JP"),
    ("Yokohama", "요코하마", "JP"),
    ("Taipei", "타이베이", "TW"),
    ("Singapore", "싱가포르", "SG"),
    ("Jakarta", "자카르타", "ID"),
    ("Bandung", "반둥", "ID"),
    ("Manila", "마닐라", "PH"),
    ("Ho Chi Minh City", "호찌민", "VN"),
    ("Da Nang", "다낭", "VN"),
    ("Bangkok", "방콕", "TH"),
    ("Kuala Lumpur", "쿠알라룸푸르", "MY"),
    ("Ulaanbaatar", "울란바토르", "MN"),
    ("Tashkent", "타슈켄트", "UZ"),
    ("Almaty", "알마티", "KZ"),
    ("Pune", "푸네", "IN"),
    ("Bengaluru", "벵갈루루", "IN"),
    ("Dubai", "두바이", "AE"),
    ("Tel Aviv", "텔아비브", "IL"),
    ("Istanbul", "이스탄불", "TR"),
    ("Kigali", "키갈리", "RW"),
    ("Nairobi", "나이로비", "KE"),
    ("Lagos", "라고스", "NG"),
    ("Cape Town", "케이프타운", "ZA"),
    ("Cairo", "카이로", "EG"),
    ("Casablanca", "카사블랑카", "MA"),
    ("Barcelona", "바르셀로나", "ES"),
    ("Bilbao", "빌바오", "ES"),
    ("Lisbon", "리스본", "PT"),
    ("Paris", "파리", "FR"),
    ("Lyon", "리옹", "FR"),
    ("Amsterdam", "암스테르담", "NL"),
    ("Helsinki", "헬싱키", "FI"),
    ("Tallinn", "탈린", "EE"),
    ("Vienna", "비엔나", "AT"),
    ("Odense", "오덴세", "DK"),
    ("Dublin", "더블린", "IE"),
    ("Kyiv", "키이우", "UA"),
    ("Warsaw", "바르샤바", "PL"),
    ("Montréal", "몬트리올", "CA"),
    ("Toronto", "토론토", "CA"),
    ("New York", "뉴욕", "US"),
    ("Austin", "오스틴", "US"),
    ("Mexico City", "멕시코시티", "MX"),
    ("Bogotá", "보고타", "CO"),
    ("Medellín", "메데인", "CO"),
    ("São Paulo", "상파울루", "BR"),
    ("Curitiba", "쿠리치바", "BR"),
    ("Buenos Aires", "부에노스아이레스", "AR"),
    ("Santiago", "산티아고", "CL"),
    ("Lima", "리마", "PE"),
    ("Wellington", "웰링턴", "NZ"),
    ("Melbourne", "멜버른", "AU"),
    ("Brisbane", "브리즈번", "AU"),
]
SAMPLE_COMPANIES = [
    ("Hanbit Mobility Labs", "Seoul", "KR"),
    ("Daon Data Co.", "Seongnam", "KR"),
    ("Nuri Robotics", "Daejeon", "KR"),
    ("Sakura Urban Systems", "Osaka", "JP"),
    ("Lion City Sensors", "Singapore", "SG"),
    ("Mekong Smart Grid", "Hanoi", "VN"),
    ("Savanna Fintech", "Nairobi", "KE"),
    ("Nordic Twin Cities", "Stockholm", "SE"),
    ("Baltic e-Gov Solutions", "Tallinn", "EE"),
    ("Iberia Traffic AI", "Madrid", "ES"),
    ("Rhine Energy Platforms", "Cologne", "DE"),
    ("Alpine Water Analytics", "Zurich", "CH"),
    ("Maple Civic Tech", "Toronto", "CA"),
    ("Andes Mobility", "Santiago", "CL"),
    ("Harbour Digital Twins", "Sydney", "AU"),
]
SAMPLE_INSTITUTIONS = [
    ("Institute for Inclusive Cities", "Seoul", "KR"),
    ("Urban Data Research Centre", "Busan", "KR"),
    ("Centre for Smart Governance", "Bengaluru", "IN"),
    ("African Urban Futures Institute", "Accra", "GH"),
    ("Latin American Smart City Observatory", "Bogotá", "CO"),
    ("European Civic Innovation Lab", "Brussels", "BE"),
    ("Pacific Resilience Institute", "Suva", "FJ"),
    ("Mediterranean Cities Network", "Marseille", "FR"),
]
TOPICS = [
    ("safe night-time walking service for women", "여성 안심 귀갓길 서비스", "safety"),
    ("AI care calls for older people living alone", "홀몸 어르신 AI 안부 전화", "welfare"),
    ("barrier-free route finder for wheelchair users", "휠체어 이용자 무장애 길찾기", "inclusion"),
    ("demand-responsive night bus", "수요응답형 심야버스", "mobility"),
    ("digital twin for flood response", "홍수 대응 디지털 트윈", "safety"),
    ("smart streetlights that save energy", "에너지 절감 스마트 가로등", "environment"),
    ("citizen proposals platform", "시민 제안 플랫폼", "governance"),
    ("digital skills for seniors", "어르신 디지털 역량 교육", "inclusion"),
    ("heat-wave shelters with live sensors", "실시간 센서 무더위 쉼터", "environment"),
    ("open data portal for city budgets", "시 예산 공개 데이터 포털", "governance"),
    ("shared e-scooter parking zones", "공유 전동킥보드 주차구역", "mobility"),
    ("remote health checks for rural districts", "농촌 지역 원격 건강 검진", "welfare"),
]
CATEGORY_SHARES = [
    ("people-centric", 90),
    ("technology-innovation", 80),
    ("leadership", 40),
    ("special", 30),
]
INELIGIBLE = {
    17: _bi(
        "The project ended before 2020; the call asks for work of the last three years.",
        "2020년 이전에 종료된 사업입니다. 최근 3년 내 사업만 신청할 수 있습니다.",
    ),
    58: _bi(
        "The same project was submitted twice; the other application is screened.",
        "같은 사업이 두 번 신청되었습니다. 다른 지원서를 심사합니다.",
    ),
    101: _bi(
        "The supporting documents do not show that the project was carried out.",
        "증빙 자료로 사업 실행 여부를 확인할 수 없습니다.",
    ),
    144: _bi(
        "A leadership nomination needs the consent of the person nominated.",
        "리더십 부문은 추천된 본인의 동의가 필요합니다.",
    ),
    199: _bi(
        "The applicant is a consultancy applying for a client's project.",
        "의뢰인의 사업을 대신 신청한 컨설팅 회사입니다.",
    ),
    231: _bi(
        "The work is a plan that has not started yet.",
        "아직 시작되지 않은 계획 단계의 사업입니다.",
    ),
}


def _user(username: str, *, email: str, password: str | None, active: bool, name: str):
    """A demo account; an existing one keeps its password."""
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    if user is None:
        user = user_model(username=username, email=email, first_name=name, is_active=active)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
    return user


def _samples() -> list[dict]:
    """The 240 sample applications, deterministic (so that loading twice changes nothing)."""
    cities = itertools.cycle(SAMPLE_CITIES)
    companies = itertools.cycle(SAMPLE_COMPANIES)
    institutions = itertools.cycle(SAMPLE_INSTITUTIONS)
    topics = itertools.cycle(TOPICS)
    categories = [key for key, count in CATEGORY_SHARES for _ in range(count)]
    span = (AWARD["closes_at"] - AWARD["opens_at"]).total_seconds()
    result = []
    for number, category in enumerate(categories, start=1):
        # One in five from a company, one in eight from an institution, the rest cities.
        if number % 5 == 0:
            name, city, country = next(companies)
            kind, city_ko, name_ko, city_en = ApplicantKind.COMPANY, "", name, city
        elif number % 8 == 0:
            name, city, country = next(institutions)
            kind, city_ko, name_ko, city_en = ApplicantKind.INSTITUTION, "", name, city
        else:
            city, city_ko, country = next(cities)
            name_ko = f"{city_ko}시"
            # Korean cities write their name in Korean; the others in English.
            name = (
                name_ko if country == "KR" else city if city.endswith(" City") else f"{city} City"
            )
            kind = ApplicantKind.CITY
            city_en, city = city, (city_ko if country == "KR" else city)
        topic_en, topic_ko, field = next(topics)
        if category == "leadership":
            title = _bi(f"Leading the {topic_en}", f"{topic_ko} 추진 리더십")
        else:
            title = _bi(f"{city_en}: {topic_en}", f"{city_ko or city_en}: {topic_ko}")
        title["en"] = title["en"][0].upper() + title["en"][1:]
        submitted = AWARD["opens_at"] + datetime.timedelta(
            seconds=int(span * ((number * 37) % APPLICATIONS + 0.5) / (APPLICATIONS + 1))
        )
        result.append(
            {
                "reference": f"{AWARD['reference_prefix']}-{number:04d}",
                "category": category,
                "applicant_kind": kind,
                "applicant_name": name,
                "applicant_name_ko": name_ko,
                # A city applies as the city it is: its entry in the directory names it in
                # both languages, so English pages read "Daegu City", Korean ones "대구시".
                "city_names": (
                    {"en": name if country != "KR" else f"{city_en} City", "ko": name_ko}
                    if kind == ApplicantKind.CITY
                    else None
                ),
                "city": city,
                "country": country,
                "title": title,
                "language": "ko" if country == "KR" else "en",
                "submitted_at": submitted,
                "field": field,
                "topic": (topic_en, topic_ko),
                "ineligible": INELIGIBLE.get(number),
            }
        )
    return result


def _summit() -> tuple[Summit, dict[str, Room]]:
    orgs = {}
    for slug, (kind, en, ko, short, country) in ORGANISATIONS.items():
        orgs[slug] = upsert(
            Organisation,
            {"slug": slug},
            {
                "kind": kind,
                "name": _bi(en, ko),
                "short_name": _bi(short, short),
                "country": country,
                "region": Region.ASIA if country == "KR" else "",
            },
        )
    summit = upsert(Summit, {"slug": SLUG}, SUMMIT)
    roles = [
        ("seoul", OrganisationRole.ORGANISER),
        ("wego", OrganisationRole.ORGANISER),
        ("seoul", OrganisationRole.HOST),
    ]
    for position, (slug, role) in enumerate(roles):
        upsert(
            SummitOrganisation,
            {"summit": summit, "organisation": orgs[slug], "role": role},
            {"position": position},
        )
    rooms: dict[str, Room] = {}
    for position, (key, (en, ko, addr_en, addr_ko, main, venue_rooms)) in enumerate(VENUES.items()):
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
        for room_position, (room_en, room_ko, floor) in enumerate(venue_rooms):
            rooms[f"{key}/{room_en}"] = upsert(
                Room,
                {"venue": venue, "name_en": room_en},
                {"name": _bi(room_en, room_ko), "floor": floor, "position": room_position},
            )
    return summit, rooms


def _programme(summit: Summit, rooms: dict[str, Room]) -> ProgrammeItem:
    existing = {item.title_en: item for item in in_summit(ProgrammeItem, summit)}
    ceremony = None
    for kind, block, title, description, starts, ends, (venue, room) in PROGRAMME:
        values = core.flatten_bilingual(
            {
                "kind": kind,
                "block": block,
                "title": title,
                "description": description,
                "starts_at": starts,
                "ends_at": ends,
                "audience": Audience.PUBLIC,
                "room": rooms[f"{venue}/{room}"],
            }
        )
        item = existing.get(title["en"])
        if item is None or any(getattr(item, k) != v for k, v in values.items()):
            item = item or ProgrammeItem(summit=summit)
            for name, value in values.items():
                setattr(item, name, value)
            item = save_item(actor=None, item=item, people=[], invitees=[])
        if kind == ItemType.CEREMONY:
            ceremony = item
    # The programme is public: version 1, published by the organisers (once).
    if releases.latest(summit) is None:
        releases.publish(actor=ensure_organiser()[0], summit=summit)
    return ceremony


def _form(award: Award) -> tuple[dict[str, Category], dict[str, Question]]:
    categories: dict[str, Category] = {}
    for position, (key, (parent, en, ko, desc_en, desc_ko)) in enumerate(CATEGORIES.items()):
        categories[key] = upsert(
            Category,
            {"award": award, "name_en": en},
            {
                "name": _bi(en, ko),
                "description": _bi(desc_en, desc_ko),
                "parent": categories[parent] if parent else None,
                "position": position,
            },
        )
    questions: dict[str, Question] = {}
    for position, (key, category, kind, en, ko, required, limit, extra) in enumerate(QUESTIONS):
        questions[key] = upsert(
            Question,
            {"award": award, "label_en": en},
            {
                "label": _bi(en, ko),
                "category": categories[category] if category else None,
                "kind": kind,
                "required": required,
                "word_limit": limit,
                "position": position,
                **extra,
            },
        )
    return categories, questions


SAMPLE_FIELDS = ["applicant_kind", "applicant_name", "city", "country", "language"]
# Relations and the legacy columns modeltranslation keeps: checked once, not per row.
LOOKED_UP = [
    "award",
    "category",
    "applicant",
    "organisation",
    "screened_by",
    "title",
    "eligibility_reason",
]


def _sample_cities(samples: list[dict]) -> dict[str, Organisation]:
    """The sample applicant cities in the directory (made once, marked as samples in their
    identifier), by application reference."""
    found: dict[str, Organisation] = {}
    for spec in samples:
        names = spec["city_names"]
        if names is None:
            continue
        slug = "sample-" + slugify(names["en"])
        organisation, _created = Organisation.objects.get_or_create(
            slug=slug,
            defaults={
                "kind": OrganisationKind.CITY,
                "name_en": names["en"],
                "name_ko": names["ko"],
                "country": spec["country"],
            },
        )
        found[spec["reference"]] = organisation
    return found


def _applications(
    award: Award, categories: dict[str, Category], questions: dict[str, Question]
) -> int:
    """The sample applications, submitted and screened; created in bulk after validating each
    (core.validate), existing ones left as they are. Returns how many were created."""
    organiser = get_user_model().objects.filter(username=ORGANISER_USERNAME).first()
    applicant = _user(
        APPLICANT_USERNAME,
        email="applicant@example.org",
        password=APPLICANT_PASSWORD,
        active=True,
        name="Demo applicant",
    )
    samples_owner = _user(
        SAMPLES_USERNAME,
        email="",
        password=None,
        active=False,
        name="Sample applicants",
    )
    existing = {
        a.reference: a
        for a in in_summit(Application, award.summit).filter(award=award, is_sample=True)
    }
    samples = list(_samples())
    cities = _sample_cities(samples)
    new: list[Application] = []
    changed: list[Application] = []
    specs = {}
    for number, spec in enumerate(samples, start=1):
        stored = existing.get(spec["reference"])
        organisation = cities.get(spec["reference"])
        if stored is not None:
            # What the applicant wrote follows this module; decisions made since are kept.
            values = {f: spec[f] for f in SAMPLE_FIELDS}
            values["organisation_id"] = organisation.pk if organisation else None
            values.update(title_en=spec["title"]["en"], title_ko=spec["title"]["ko"])
            values["category_id"] = categories[spec["category"]].pk
            if any(str(getattr(stored, k)) != str(v) for k, v in values.items()):
                for k, v in values.items():
                    setattr(stored, k, v)
                stored.clean_fields(exclude=LOOKED_UP)
                changed.append(stored)
            continue
        ineligible = spec["ineligible"]
        application = Application(
            award=award,
            category=categories[spec["category"]],
            applicant=applicant if number == 1 else samples_owner,
            applicant_kind=spec["applicant_kind"],
            applicant_name=spec["applicant_name"],
            organisation=organisation,
            city=spec["city"],
            country=spec["country"],
            title_en=spec["title"]["en"],
            title_ko=spec["title"]["ko"],
            language=spec["language"],
            reference=spec["reference"],
            status=ApplicationStatus.SUBMITTED,
            submitted_at=spec["submitted_at"],
            eligibility=Eligibility.INELIGIBLE if ineligible else Eligibility.ELIGIBLE,
            eligibility_reason_en=ineligible["en"] if ineligible else "",
            eligibility_reason_ko=ineligible["ko"] if ineligible else "",
            screened_at=_at(7, 14, 18),
            screened_by=organiser,
            is_sample=True,
        )
        if not new:
            core.validate(application)  # the whole path once: relations, constraints
        else:
            # The same shape for the rest: each field checked, without a query per row.
            application.clean_fields(exclude=LOOKED_UP)
        new.append(application)
        specs[spec["reference"]] = spec
    created = Application.objects.bulk_create(new)
    if changed:
        Application.objects.bulk_update(
            changed, [*SAMPLE_FIELDS, "title_en", "title_ko", "category"]
        )
    answers = []
    for application in created:
        spec = specs[application.reference]
        topic_en, topic_ko = spec["topic"]
        summary = (
            f"Sample record. {spec['applicant_name']} ({spec['city']}) runs a {topic_en} "
            f"that reached residents across the city in 2022 and 2023."
            if application.language == "en"
            else f"샘플 기록. {spec['applicant_name_ko']}의 {topic_ko} 사업은 2022~2023년 "
            f"시 전역의 시민에게 제공되었습니다."
        )
        answers.append(Answer(application=application, question=questions["summary"], text=summary))
        answers.append(
            Answer(application=application, question=questions["field"], text=spec["field"])
        )
        if spec["category"] in ("people-centric", "technology-innovation"):
            impact = (
                "Sample record: used by tens of thousands of residents; satisfaction surveyed "
                "every quarter."
                if application.language == "en"
                else "샘플 기록: 수만 명의 시민이 이용했으며 분기마다 만족도를 조사했습니다."
            )
            answers.append(
                Answer(application=application, question=questions["impact"], text=impact)
            )
        if spec["category"] == "leadership":
            answers.append(
                Answer(
                    application=application,
                    question=questions["leader"],
                    text=(
                        f"Sample record: the head of {spec['applicant_name']}, who led the work."
                        if application.language == "en"
                        else f"샘플 기록: 사업을 이끈 {spec['applicant_name']}의 대표."
                    ),
                )
            )
    Answer.objects.bulk_create(answers)
    return len(created) + len(changed)


PRIZE_TEAM_USERNAME = "prize"


@transaction.atomic
def load() -> str:
    summit, rooms = _summit()
    ensure_organisers_team(summit)
    # The prize's own team: awards and judging at this summit only (and nothing of the 2023
    # forum's console, although both summits are Seoul's).
    ensure_team(
        summit,
        name_ko="스마트도시상 사무국",
        name_en="Smart City Prize team",
        codes={"awards", "judging", "outbox"},
        members=[
            ensure_user(
                PRIZE_TEAM_USERNAME,
                email="prize@example.org",
                first_name="Demo",
                last_name="Prize Team",
            )
        ],
    )
    ceremony = _programme(summit, rooms)
    award = upsert(Award, {"summit": summit, "slug": AWARD_SLUG}, {**AWARD, "ceremony": ceremony})
    categories, questions = _form(award)
    created = _applications(award, categories, questions)

    from . import ssc2023_judging

    judging = ssc2023_judging.load(award)
    return (
        f"1 summit with {len(VENUES)} venues and {len(PROGRAMME)} programme items; "
        f"the award with {len(CATEGORIES)} categories, {len(QUESTIONS)} questions and "
        f"{APPLICATIONS} sample applications ({created} written); "
        f"applicant login: {APPLICANT_USERNAME} / {APPLICANT_PASSWORD}; {judging}"
    )
