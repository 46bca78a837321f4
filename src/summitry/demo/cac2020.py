"""The CAC (Cities Against COVID-19) Global Summit 2020 (seed 004): an online summit.

Facts from seed 004 (Money Today, 27 May 2020, from a Seoul Metropolitan Government release):
an online international conference, 1–5 June 2020, without an audience, by video conference,
with Korean–English simultaneous interpretation; about 120 mayors, scholars and experts; the
mayors' meeting on 2 June with about 40 cities (Moscow, Jakarta, …) adopting the Seoul
Declaration, opened by Mayor Park Won-soon's keynote; on 3 June the climate and environment
session "Post-COVID social transformation triggered by climate change" with Park Won-soon,
Prof. Choe Jae-chun (Ewha Womans University) and Samuel Bowles; on 4 June a one-to-one video
talk between Jared Diamond and the mayor; on 5 June the closing talk; an IR session of about 20
innovative companies; every programme streamed live on Seoul's official YouTube channels
(Korean and English), and carried by Arirang TV; a video-conference studio with a large LED
screen in City Hall's multi-purpose hall.

The seed gives no hours, no video-room addresses, no stream ids and no interpreters' names:
the hours (10:00 or 14:00 Seoul time), the IR session's day, the stream links and the video
rooms are the demo's own, and the interpreters are **sample records** (``is_sample=True``,
named "Sample interpreter"). The roster is planned by the solver when the demo loads.
"""

from __future__ import annotations

import datetime
import zoneinfo

from summitry.core import services as core
from summitry.core.scoping import in_summit
from summitry.directory.models import Person
from summitry.online import services as online_services
from summitry.online.models import (
    Format,
    Interpreter,
    OnlineItem,
    RosterRun,
    SpeakerPrep,
    Stream,
)
from summitry.programme import releases
from summitry.programme.models import (
    Audience,
    ItemPerson,
    ItemRole,
    ItemType,
    ProgrammeItem,
    TimeBlock,
)
from summitry.programme.services import save_item
from summitry.summits.models import Summit, SummitFormat, SummitStatus

from .loader import ensure_organiser, ensure_organisers_team, upsert

TITLE = "CAC (Cities Against COVID-19) Global Summit 2020"
SLUG = "cac2020"
SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")


def _bi(en: str, ko: str) -> dict[str, str]:
    return {"en": en, "ko": ko}


def _at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2020, 6, day, hour, minute, tzinfo=SEOUL)


SUMMIT = {
    "edition": 1,
    "name": _bi("CAC Global Summit 2020", "CAC 글로벌 서밋 2020"),
    "theme": _bi("Together We Stand", "Together We Stand"),
    "description": _bi(
        "An online international conference of Seoul with cities of the world to overcome the "
        "COVID-19 crisis and prepare for the great transition: about 120 mayors, scholars and "
        "experts over five days, by video conference, with Korean–English simultaneous "
        "interpretation, streamed live on Seoul's official YouTube channels.",
        "코로나19 위기를 극복하고 대전환의 시대를 대비하기 위해 서울시가 세계 도시와 함께 여는 "
        "온라인 국제회의. 세계 각국의 시장, 석학, 전문가 약 120명이 5일간 화상회의로 참여하며 "
        "한국어·영어 동시통역과 서울시 공식 유튜브 생중계로 진행됩니다.",
    ),
    "start_date": datetime.date(2020, 6, 1),
    "end_date": datetime.date(2020, 6, 5),
    "time_zone": "Asia/Seoul",
    "format": SummitFormat.ONLINE,
    "status": SummitStatus.PUBLISHED,
}

# kind, block, title, description, start, end, floor language
PROGRAMME = [
    (
        ItemType.MEETING,
        TimeBlock.MORNING,
        _bi("Mayors' meeting of city governments", "도시정부 시장회의"),
        _bi(
            "Mayors of about 40 cities, Moscow and Jakarta among them, on the role of city "
            "governments and their solidarity; Mayor Park Won-soon's keynote, “Seoul's proposal "
            "to overcome the urban crisis of the pandemic era”, and the adoption of the Seoul "
            "Declaration.",
            "모스크바, 자카르타 등 세계 40여 개 도시 시장이 참여해 도시정부의 역할과 연대를 "
            "논의합니다. 박원순 시장의 기조연설 ‘팬데믹 시대 도시위기를 극복할 서울의 제안’과 "
            "‘서울선언문’ 채택.",
        ),
        _at(2, 10),
        _at(2, 12),
        "ko",
    ),
    (
        ItemType.THEMED_SESSION,
        TimeBlock.MORNING,
        _bi("Climate and environment session", "기후·환경 세션"),
        _bi(
            "“Post-COVID social transformation triggered by climate change”: talks and a "
            "discussion with Mayor Park Won-soon, Prof. Choe Jae-chun (Ewha Womans University) "
            "and Samuel Bowles, author of The Moral Economy; Seoul's Green New Deal.",
            "‘기후 변화가 촉발한 코로나, 그 이후 사회 대전환 고찰’을 주제로 박원순 시장, 최재천 "
            "이화여대 석좌교수, ‘도덕경제학’의 저자 새뮤얼 보울스의 발표와 토론. 서울형 그린뉴딜.",
        ),
        _at(3, 10),
        _at(3, 12),
        "ko",
    ),
    (
        ItemType.FORUM_SESSION,
        TimeBlock.MORNING,
        _bi("One-to-one video talk with Jared Diamond", "제러드 다이아몬드 일대일 화상 대담"),
        _bi(
            "The author of Guns, Germs, and Steel and the mayor on the future of humankind "
            "after the pandemic.",
            "‘총, 균, 쇠’의 저자 제러드 다이아몬드와 박원순 시장이 팬데믹 이후 인류의 미래를 "
            "이야기합니다.",
        ),
        _at(4, 10),
        _at(4, 11),
        "en",
    ),
    (
        ItemType.PRESENTATION,
        TimeBlock.AFTERNOON,
        _bi("Innovative companies' IR", "혁신기업 IR"),
        _bi(
            "About 20 innovative companies (untact IT, bio-medical and medical devices) "
            "presented to investors of the world. (Its day and hours are the demo's own.)",
            "IT 기반 언택트 기업, 바이오의료·의료기기 기업 등 혁신기업 20여 개 사를 전 세계에 "
            "소개합니다. (날짜와 시간은 데모의 가정입니다.)",
        ),
        _at(4, 14),
        _at(4, 16),
        "ko",
    ),
    (
        ItemType.FORUM_SESSION,
        TimeBlock.MORNING,
        _bi("Closing talk", "종합대담"),
        _bi(
            "The mayor and the summit's main participants review its results and the tasks ahead.",
            "박원순 시장 등 서밋 주요 참석자가 글로벌 서밋의 성과를 총평하고 향후 과제를 "
            "논의합니다.",
        ),
        _at(5, 10),
        _at(5, 11, 30),
        "ko",
    ),
]

# Remote speakers the seed names (004: the climate session with Samuel Bowles, the talk with
# Jared Diamond). The seed does not say where each joined from ("from their offices or
# studies, anywhere"): the zones are the demo's assumption, said so in their labels.
REMOTE_SPEAKERS = [
    (
        "Climate and environment session",
        "samuel-bowles", "Samuel", "Bowles", "새뮤얼 보울스",
        "America/Denver", _bi("Santa Fe (assumed)", "산타페 (가정)"),
    ),
    (
        "One-to-one video talk with Jared Diamond",
        "jared-diamond", "Jared", "Diamond", "제러드 다이아몬드",
        "America/Los_Angeles", _bi("Los Angeles (assumed)", "로스앤젤레스 (가정)"),
    ),
]  # fmt: skip

# Sample interpreters (made up): Korean–English booths.
INTERPRETERS = [
    ("1", "샘플 통역사 1", {"ko": "A", "en": "B"}, 900000),
    ("2", "샘플 통역사 2", {"ko": "A", "en": "B"}, 900000),
    ("3", "샘플 통역사 3", {"en": "A", "ko": "B"}, 1000000),
    ("4", "샘플 통역사 4", {"en": "A", "ko": "B", "ja": "C"}, 1000000),
    ("5", "샘플 통역사 5", {"ko": "A", "en": "B", "zh": "C"}, 950000),
]


def _programme(summit: Summit) -> list[tuple[ProgrammeItem, str]]:
    existing = {item.title_en: item for item in in_summit(ProgrammeItem, summit)}
    result = []
    for kind, block, title, description, starts, ends, floor in PROGRAMME:
        values = core.flatten_bilingual(
            {
                "kind": kind,
                "block": block,
                "title": title,
                "description": description,
                "starts_at": starts,
                "ends_at": ends,
                "audience": Audience.PUBLIC,
                "place": _bi("Online (video conference)", "온라인(화상회의)"),
            }
        )
        item = existing.get(title["en"])
        if item is None or any(getattr(item, k) != v for k, v in values.items()):
            item = item or ProgrammeItem(summit=summit)
            for name, value in values.items():
                setattr(item, name, value)
            item = save_item(actor=None, item=item, people=[], invitees=[])
        result.append((item, floor))
    if releases.latest(summit) is None:
        releases.publish(actor=ensure_organiser()[0], summit=summit)
    return result


def _online(items: list[tuple[ProgrammeItem, str]]) -> None:
    for n, (item, floor) in enumerate(items, start=1):
        online = upsert(
            OnlineItem,
            {"item": item},
            {
                "format": Format.ONLINE,
                "floor_language": floor,
                "provider": "jitsi",
                "join_url": f"https://meet.jit.si/summitry-demo-cac2020-{n}",
                "opens_minutes": 30,
            },
        )
        for channel in ("ko", "en"):
            upsert(
                Stream,
                {"online": online, "channel": channel},
                {
                    "url": f"https://www.youtube.com/watch?v=SAMPLE-cac2020-{n}-{channel}",
                    "is_sample": True,
                },
            )


def _remote_speakers(items: list[tuple[ProgrammeItem, str]]) -> int:
    by_title = {item.title_en: item for item, _floor in items}
    placed = 0
    for title, slug, given, family, hangul, zone, label in REMOTE_SPEAKERS:
        item = next((i for t, i in by_title.items() if t.startswith(title)), None)
        if item is None:
            continue
        person = upsert(
            Person,
            {"slug": slug},
            {"given_name": given, "family_name": family, "name_hangul": hangul},
        )
        upsert(ItemPerson, {"item": item, "person": person}, {"role": ItemRole.SPEAKER})
        upsert(
            SpeakerPrep,
            {"online": item.online, "person": person},
            {"time_zone": zone, "zone_label_en": label["en"], "zone_label_ko": label["ko"]},
        )
        placed += 1
    return placed


def _interpreters(summit: Summit) -> None:
    for number, hangul, languages, rate in INTERPRETERS:
        person = upsert(
            Person,
            {"slug": f"cac2020-sample-interpreter-{number}"},
            {"given_name": "Sample", "family_name": f"Interpreter {number}", "name_hangul": hangul},
        )
        # Not upsert: the languages are a mapping, which upsert would take for a bilingual text.
        values = {"languages": languages, "rate": rate, "rate_per": "day", "is_sample": True}
        found = in_summit(Interpreter, summit).filter(person=person).first()
        if found is None:
            core.create(actor=None, instance=Interpreter(summit=summit, person=person, **values))
        elif any(getattr(found, k) != v for k, v in values.items()):
            core.update(actor=None, instance=found, changes=values)


SAMPLE_QUESTIONS = (
    (
        "ko",
        "표본 시청자 1",
        "서울선언 이후 도시 간 방역 협력은 어떻게 이어지나요? (표본 질문)",
        "approved",
    ),
    (
        "en",
        "Sample viewer 2",
        "How will cities share data on the pandemic? (sample question)",
        "answered",
    ),
    (
        "en",
        "Sample viewer 3",
        "Will the declaration be open to more cities? (sample question)",
        "pending",
    ),
)


def _live_qa(items: list[tuple[ProgrammeItem, str]]) -> None:
    """Sample questions (marked in their text) and a quick poll on the first online item."""
    from summitry.online.models import PollOption, Question, QuickPoll

    online = OnlineItem.objects.get(item=items[0][0])
    for language, name, text, state in SAMPLE_QUESTIONS:
        Question.objects.get_or_create(
            online=online,
            text=text,
            defaults={
                "language": language,
                "author_name": name,
                "viewer": f"viewer:sample-{name}",
                "state": state,
            },
        )
    poll, created = QuickPoll.objects.get_or_create(
        online=online,
        text_en="Which field of cooperation first? (sample poll)",
        defaults={"text_ko": "어느 협력 분야부터? (표본 설문)", "state": "open"},
    )
    if created:
        for n, (ko, en) in enumerate(
            (("방역", "Disease control"), ("경제", "Economy"), ("기후", "Climate"))
        ):
            PollOption.objects.create(poll=poll, label_ko=ko, label_en=en, position=n)


def load() -> str:
    summit = upsert(Summit, {"slug": SLUG}, SUMMIT)
    ensure_organisers_team(summit)
    items = _programme(summit)
    _online(items)
    speakers = _remote_speakers(items)
    _live_qa(items)
    _interpreters(summit)
    if not in_summit(RosterRun, summit).exists():
        # The roster, planned by the solver (at once: the demo must show it when it is loaded).
        run = core.create(
            actor=None,
            instance=RosterRun(
                summit=summit,
                problem=online_services.roster.problem_data(summit),
            ),
        )
        online_services.complete_run(run.pk)
    from . import cac2020_declaration, cac2020_ir

    ir = cac2020_ir.load(summit)
    declaration = cac2020_declaration.load(summit)
    return (
        f"{len(items)} online items, {speakers} remote speakers in their zones, "
        f"{len(INTERPRETERS)} sample interpreters, a solved roster; "
        f"{ir}; {declaration}"
    )
