"""City diplomacy at the 2023 forum (seeds 000, 001, 003): bilateral meetings and agreements.

Seed 001: during the forum Seoul held bilateral meetings (7) and signed city agreements (2)
with 9 cities, Wellington and Kyiv among them: with Wellington an MOU upgrading the relationship
to friendship cities (친선도시 격상 협약), with Kyiv a new friendship city agreement (우호도시
협약). The seeds name neither the seven other cities nor any time or room, so:

- the seven meetings (with Taipei, Dublin, Suzhou, Odense, Bilbao and Vienna, whose delegations
  the seeds name, and Melbourne, a sample delegation), their topics, attendees, languages, times
  and rooms are sample data: ``MeetingRequest.is_sample=True``;
- the two agreements are real (``is_sample=False``); their signing dates, ceremony times, place
  and the approval reference are sample values, and their history says so;
- the choice of Art Hall 2 for meetings and signings, the interpreters and the gifts are
  sample data (names end in "(sample)").

Every row is keyed by a natural key and written only when it differs, so loading twice changes
nothing; nothing is e-mailed.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from summitry.core.scoping import in_summit
from summitry.diplomacy import scheduling, services
from summitry.diplomacy.models import (
    Agreement,
    AgreementChange,
    AgreementKind,
    AgreementStatus,
    DiplomacySettings,
    Gift,
    GiftDirection,
    Interpreter,
    MeetingRequest,
    RequestStatus,
)
from summitry.directory.models import Organisation, Person
from summitry.summits.models import Room, Summit

from .loader import ensure_team, ensure_user, upsert

SEOUL = ZoneInfo("Asia/Seoul")
PROTOCOL_USERNAME = "protocol"
PROTOCOL_PASSWORD = "summitry-demo"  # noqa: S105 - a published demo login, never in production
SAMPLE = (" (sample)", " (샘플)")


def _at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2023, 9, day, hour, minute, tzinfo=SEOUL)


# The room of the DDP used for bilateral meetings and signings (a sample choice).
ROOMS = ["Art Hall 2"]
WINDOWS = [
    {"date": "2023-09-24", "start": "14:00", "end": "17:30"},
    {"date": "2023-09-25", "start": "09:00", "end": "12:00"},
    {"date": "2023-09-26", "start": "13:30", "end": "17:00"},
]
INTERPRETERS = [
    ("Interpreter Kim (sample)", "ko", "en"),
    ("Interpreter Lee (sample)", "ko", "en"),
    ("Interpreter Park (sample)", "ko", "zh"),
]
# city slug: (topic en, topic ko, their language, start, room index) — all sample.
MEETINGS = {
    "taipei": ("Smart city and urban regeneration", "스마트도시와 도시재생", "zh", _at(25, 10), 0),
    "dublin": ("Housing for all", "모두를 위한 주거", "en", _at(25, 10, 30), 0),
    "bilbao": ("Culture-led regeneration", "문화 주도 도시재생", "en", _at(25, 11), 0),
    "vienna": (
        "Social housing and liveability",
        "사회주택과 살기 좋은 도시",
        "en",
        _at(25, 11, 30),
        0,
    ),
    "suzhou": ("Heritage and tourism", "문화유산과 관광", "zh", _at(26, 14), 0),
    "odense": ("Robotics and innovation", "로봇과 혁신", "en", _at(26, 14, 30), 0),
    "sample-melbourne": ("Climate resilience", "기후 회복력", "en", _at(26, 15), 0),
}
# Requests the host made (the rest were requested by the cities).
HOST_REQUESTED = {"vienna", "sample-melbourne"}
AGREEMENTS = {
    "wellington": {
        "kind": AgreementKind.UPGRADE,
        "title": {
            "en": "MOU upgrading Seoul and Wellington to friendship cities",
            "ko": "서울-웰링턴 친선도시 격상 협약(MOU)",
        },
        "signatories": ["oh-se-hoon", "tory-whanau"],
        "ceremony": (_at(24, 17, 30), _at(24, 18)),
    },
    "kyiv": {
        "kind": AgreementKind.FRIENDSHIP,
        "title": {"en": "Seoul–Kyiv friendship city agreement", "ko": "서울-키이우 우호도시 협약"},
        "signatories": ["oh-se-hoon", "volodymyr-prokopiv"],
        "ceremony": (_at(26, 17), _at(26, 17, 30)),
    },
}
CEREMONY_ROOM = "Art Hall 2"
GIFTS = [
    (
        "given",
        "wellington",
        "Najeonchilgi (mother-of-pearl lacquer) box",
        "나전칠기 함",
        300000,
        _at(24, 17).date(),
        "Wellington delegation",
    ),
    (
        "received",
        "wellington",
        "Pounamu (greenstone) pendant",
        "포우나무(녹옥) 펜던트",
        250000,
        _at(24, 17).date(),
        "Seoul City Hall, International Relations Division",
    ),
    (
        "received",
        "kyiv",
        "Painted Petrykivka plate",
        "페트리키우카 장식 접시",
        150000,
        _at(26, 17).date(),
        "Seoul City Hall, International Relations Division",
    ),
]


def _bi(en: str, ko: str) -> dict[str, str]:
    return {"en": en, "ko": ko}


def _protocol_officer(summit):
    """The demo protocol officer: in the forum's protocol team (bilateral meetings, gifts,
    agreements; what the programme holds is visible to every team member); not staff of the
    platform. An existing account keeps its password."""
    user = ensure_user(
        PROTOCOL_USERNAME,
        email="protocol@example.org",
        first_name="Demo",
        last_name="Protocol Officer",
    )
    ensure_team(
        summit,
        name_ko="의전팀",
        name_en="Protocol",
        codes={"meetings", "gifts", "agreements"},
        members=[user],
    )
    return user


def _settings(summit: Summit) -> tuple[DiplomacySettings, list[Room]]:
    rooms = list(in_summit(Room, summit).filter(name_en__in=ROOMS).order_by("position", "pk"))
    config = upsert(
        DiplomacySettings,
        {"summit": summit},
        {
            "meeting_minutes": 30,
            "windows": WINDOWS,
            "precedence_rule": "rank",
            "rotation_letter": "A",
        },
    )
    if set(config.rooms.all()) != set(rooms):
        config.rooms.set(rooms)
    for name, a, b in INTERPRETERS:
        upsert(Interpreter, {"summit": summit, "name": name}, {"language_a": a, "language_b": b})
    return config, rooms


def _head(summit: Summit, organisation: Organisation) -> Person:
    from summitry.delegations.models import Delegate

    return (
        in_summit(Delegate, summit)
        .filter(delegation__organisation=organisation, role="head")
        .select_related("person")
        .first()
        .person
    )


def _meetings(summit: Summit, host: Organisation, mayor: Person, rooms: list[Room]) -> int:
    for slug, (topic_en, topic_ko, language, start, room) in MEETINGS.items():
        city = Organisation.objects.get(slug=slug)
        host_asks = slug in HOST_REQUESTED
        requester, counterpart = (host, city) if host_asks else (city, host)
        languages = ("ko", language) if host_asks else (language, "ko")
        meeting = upsert(
            MeetingRequest,
            {"summit": summit, "requester": requester, "counterpart": counterpart},
            {
                "topic": _bi(topic_en, topic_ko),
                "requester_language": languages[0],
                "counterpart_language": languages[1],
                "priority": 2,
                "status": RequestStatus.ACCEPTED,
                "starts_at": start,
                "ends_at": start + datetime.timedelta(minutes=30),
                "room": rooms[room],
                "pinned": True,
                "is_sample": True,
            },
        )
        attendees = {mayor, _head(summit, city)}
        if set(meeting.attendees.all()) != attendees:
            meeting.attendees.set(attendees)
    problems = scheduling.verify_draft(summit)
    if problems:
        raise ValueError(f"The demo's bilateral schedule breaks the rules: {problems}")
    # Interpreters, then the programme items (no e-mails).
    meetings = list(scheduling.accepted(summit))
    chosen = scheduling.assign_interpreters(summit, meetings)
    for meeting in meetings:
        if meeting.interpreter_id != chosen.get(meeting.pk):
            meeting.interpreter_id = chosen.get(meeting.pk)
            meeting.save(update_fields=["interpreter"])
    services.publish_draft(actor=None, summit=summit, notify=False)
    return len(meetings)


def _agreements(summit: Summit) -> int:
    room = in_summit(Room, summit).filter(name_en=CEREMONY_ROOM).first()
    for slug, spec in AGREEMENTS.items():
        partner = Organisation.objects.get(slug=slug)
        starts, ends = spec["ceremony"]
        agreement = upsert(
            Agreement,
            {"summit": summit, "partner": partner, "kind": spec["kind"]},
            {
                "title": spec["title"],
                "status": AgreementStatus.SIGNED,
                "council_resolution": "Sample reference (not in the sources)",
                "signed_on": starts.date(),
                "place": _bi(
                    "Dongdaemun Design Plaza (DDP), Art Hall 2 (sample)",
                    "동대문디자인플라자(DDP) 아트홀 2관 (샘플)",
                ),
                "is_sample": False,
            },
        )
        signatories = set(Person.objects.filter(slug__in=spec["signatories"]))
        if set(agreement.signatories.all()) != signatories:
            agreement.signatories.set(signatories)
        steps = [
            (AgreementStatus.PROPOSED, AgreementStatus.NEGOTIATING),
            (AgreementStatus.NEGOTIATING, AgreementStatus.APPROVED),
            (AgreementStatus.APPROVED, AgreementStatus.SIGNED),
        ]
        # When each step was taken: sample moments (the seeds date only the forum).
        moments = {
            AgreementStatus.NEGOTIATING: datetime.datetime(2023, 6, 1, 10, tzinfo=SEOUL),
            AgreementStatus.APPROVED: datetime.datetime(2023, 9, 1, 10, tzinfo=SEOUL),
            AgreementStatus.SIGNED: starts,
        }
        for from_status, to_status in steps:
            change, _created = AgreementChange.objects.get_or_create(
                agreement=agreement,
                from_status=from_status,
                to_status=to_status,
                defaults={
                    "note": "Seed 001: signed during the forum; the date and time are sample "
                    "values."
                    if to_status == AgreementStatus.SIGNED
                    else "Sample step (the seeds give no dates)."
                },
            )
            if change.at != moments[to_status]:
                AgreementChange.objects.filter(pk=change.pk).update(at=moments[to_status])
        ceremony = agreement.ceremony
        if (
            ceremony is None
            or ceremony.starts_at != starts
            or ceremony.ends_at != ends
            or ceremony.room_id != (room.pk if room else None)
        ):
            services.ceremony_item(
                actor=None, agreement=agreement, starts_at=starts, ends_at=ends, room=room
            )
    return len(AGREEMENTS)


def _gifts(summit: Summit, officer) -> int:
    for direction, slug, en, ko, value, day, kept in GIFTS:
        upsert(
            Gift,
            {"summit": summit, "description_en": en + SAMPLE[0]},
            {
                "direction": GiftDirection(direction),
                "counterpart": Organisation.objects.get(slug=slug),
                "description_ko": ko + SAMPLE[1],
                "value": value,
                "date": day,
                "kept_at": kept,
                "recorded_by": officer,
                "is_sample": True,
            },
        )
    return len(GIFTS)


def load(summit, orgs) -> str:
    officer = _protocol_officer(summit)
    host = orgs["seoul"]
    mayor = Person.objects.get(slug="oh-se-hoon")
    _config, rooms = _settings(summit)
    agreements = _agreements(summit)
    meetings = _meetings(summit, host, mayor, rooms)
    gifts = _gifts(summit, officer)
    return (
        f"{meetings} bilateral meetings (sample), {agreements} agreements, {gifts} gifts "
        f"(sample); protocol officer {PROTOCOL_USERNAME} / {PROTOCOL_PASSWORD}"
    )
