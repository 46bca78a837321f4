"""The 6th WeGO General Assembly (seed 002), at the Seoul Smart City Prize and Forum 2023.

Facts from seed 002 (Asia Today, 17 Sep 2023): the assembly met on 26 Sep 2023 from 14:00 in
the multipurpose hall of Seoul City Hall, chaired by the Mayor of Seoul as WeGO's president
city ("WeGO의 의장도시인 서울시의 오 시장이 의장으로 총회를 주재"); 71 member cities,
international organisations, institutions and IT companies, about 200 participants, met to
"discuss and decide" WeGO's direction until the next assembly. The seed names no agenda,
motion, vote or result, and no member but Seoul. So, clearly marked:

- the 71 voting members are Seoul (a fact) and, as **sample** memberships
  (``Member.is_sample``), the eight foreign cities the other seeds name (Taipei, Wellington,
  Kyiv, Dublin, Suzhou, Odense, Bilbao, Vienna) and 62 real cities under slugs beginning with
  "sample-wego-";
- the agenda, the motion adopted by two-thirds, the executive committee election, who was
  present, the proxies and every vote are sample data (their titles say so);
- logins (password ``summitry-demo``): ``wego-chair`` runs the assembly (the chair's staff),
  ``voter-seoul``, ``voter-taipei`` and ``voter-wellington`` are voting delegates; Dublin has
  handed its vote to Wellington (a proxy); ``alternate-taipei`` is Taipei's alternate. The
  other delegates' and alternates' accounts cannot sign in;
- also sample: alternates of Taipei, Kyiv and Busan (Busan's casts its member's vote in the
  run-off); a single-seat election of the vice-president city that no candidate wins in the
  first round, decided by the run-off between the top two the chair created; and a **sample
  record of the 5th WeGO General Assembly** (its date and contents are not from the seeds)
  whose minutes the 6th approves by vote under its first agenda item, so they are public.

Everything is keyed by a natural key; the closed votes are cast once, when their poll is
still a draft, so loading twice changes nothing.
"""

from __future__ import annotations

import datetime
import random
import zoneinfo

from django.contrib.auth import get_user_model

from summitry.assembly import services
from summitry.assembly.models import (
    AgendaItem,
    Alternate,
    Assembly,
    Member,
    Motion,
    Poll,
    VotingRight,
)
from summitry.directory.models import Organisation, OrganisationKind, Region

from .loader import ensure_organiser, ensure_team, ensure_user, upsert

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
SLUG = "wego-ga-6"
CHAIR_USERNAME = "wego-chair"
VOTERS = ("seoul", "taipei", "wellington")  # demo logins voter-<slug>

# Cities the seeds name (slugs and names as the 2023 forum's demo writes them).
NAMED = {
    "seoul": ("Seoul Metropolitan Government", "서울특별시", "KR", Region.ASIA),
    "taipei": ("Taipei", "타이베이", "TW", Region.ASIA),
    "wellington": ("Wellington", "웰링턴", "NZ", Region.OCEANIA),
    "kyiv": ("Kyiv", "키이우", "UA", Region.EUROPE),
    "dublin": ("Dublin", "더블린", "IE", Region.EUROPE),
    "suzhou": ("Suzhou", "쑤저우", "CN", Region.ASIA),
    "odense": ("Odense", "오덴세", "DK", Region.EUROPE),
    "bilbao": ("Bilbao", "빌바오", "ES", Region.EUROPE),
    "vienna": ("Vienna", "비엔나", "AT", Region.EUROPE),
}
A, E, F, M = Region.ASIA, Region.EUROPE, Region.AFRICA, Region.AMERICAS
# fmt: off
SAMPLE_CITIES = [
    ("Busan", "부산", "KR", A), ("Incheon", "인천", "KR", A),
    ("Daejeon", "대전", "KR", A), ("Gwangju", "광주", "KR", A),
    ("Suwon", "수원", "KR", A), ("Osaka", "오사카", "JP", A),
    ("Sendai", "센다이", "JP", A), ("Hangzhou", "항저우", "CN", A),
    ("Wuhan", "우한", "CN", A), ("Ho Chi Minh City", "호찌민", "VN", A),
    ("Phnom Penh", "프놈펜", "KH", A), ("Vientiane", "비엔티안", "LA", A),
    ("Yangon", "양곤", "MM", A), ("Dhaka", "다카", "BD", A),
    ("Kathmandu", "카트만두", "NP", A), ("Colombo", "콜롬보", "LK", A),
    ("Bengaluru", "벵갈루루", "IN", A), ("Makati", "마카티", "PH", A),
    ("Cebu", "세부", "PH", A), ("Bandung", "반둥", "ID", A),
    ("George Town", "조지타운", "MY", A), ("Astana", "아스타나", "KZ", A),
    ("Bishkek", "비슈케크", "KG", A), ("Dushanbe", "두샨베", "TJ", A),
    ("Tbilisi", "트빌리시", "GE", A), ("Baku", "바쿠", "AZ", A),
    ("Yerevan", "예레반", "AM", A), ("Amman", "암만", "JO", A),
    ("Dubai", "두바이", "AE", A), ("Muscat", "무스카트", "OM", A),
    ("Kuwait City", "쿠웨이트시티", "KW", A), ("Bucharest", "부쿠레슈티", "RO", E),
    ("Sofia", "소피아", "BG", E), ("Tallinn", "탈린", "EE", E),
    ("Riga", "리가", "LV", E), ("Vilnius", "빌뉴스", "LT", E),
    ("Warsaw", "바르샤바", "PL", E), ("Prague", "프라하", "CZ", E),
    ("Lisbon", "리스본", "PT", E), ("Porto", "포르투", "PT", E),
    ("Madrid", "마드리드", "ES", E), ("Milan", "밀라노", "IT", E),
    ("Athens", "아테네", "GR", E), ("Zagreb", "자그레브", "HR", E),
    ("Belgrade", "베오그라드", "RS", E), ("Chisinau", "키시너우", "MD", E),
    ("Addis Ababa", "아디스아바바", "ET", F), ("Kampala", "캄팔라", "UG", F),
    ("Dar es Salaam", "다르에스살람", "TZ", F), ("Accra", "아크라", "GH", F),
    ("Lagos", "라고스", "NG", F), ("Casablanca", "카사블랑카", "MA", F),
    ("Tunis", "튀니스", "TN", F), ("Maputo", "마푸투", "MZ", F),
    ("Cape Town", "케이프타운", "ZA", F), ("Bogotá", "보고타", "CO", M),
    ("Lima", "리마", "PE", M), ("Quito", "키토", "EC", M),
    ("Santiago", "산티아고", "CL", M), ("Buenos Aires", "부에노스아이레스", "AR", M),
    ("Montevideo", "몬테비데오", "UY", M), ("San José", "산호세", "CR", M),
]
# fmt: on
ABSENT = 7  # sample: the last seven sample members are not present
ALTERNATES = ("taipei", "kyiv", "sample-wego-busan")  # alternate-taipei is a demo login
VICE_PRESIDENT_CANDIDATES = ("taipei", "kyiv", "sample-wego-busan")
PREVIOUS_SLUG = "wego-ga-5"
EXECUTIVE_CANDIDATES = ("taipei", "wellington", "kyiv", "odense", "bilbao", "sample-wego-busan")
# A ranked (single transferable vote) election of two audit cities: sample, like its ballots.
AUDIT_CANDIDATES = ("wellington", "odense", "bilbao", "sample-wego-busan")


def _bi(en: str, ko: str) -> dict[str, str]:
    return {"en": en, "ko": ko}


def _slug(name: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "sample-wego-" + "-".join(plain.lower().split())


def _members(wego) -> list[Member]:
    specs = [(slug, *spec, slug != "seoul") for slug, spec in NAMED.items()]
    specs += [
        (_slug(en), en, ko, country, region, True) for en, ko, country, region in SAMPLE_CITIES
    ]
    members = []
    for slug, en, ko, country, region, sample in specs:
        org = upsert(
            Organisation,
            {"slug": slug},
            {
                "kind": OrganisationKind.CITY,
                "name": _bi(en, ko),
                "country": country,
                "region": region,
            },
        )
        members.append(
            upsert(
                Member,
                {"body": wego, "organisation": org},
                {
                    "membership_class": "full",
                    "votes": True,
                    "good_standing": True,
                    "is_sample": sample,
                },
            )
        )
    return members


def _delegates(members: list[Member]) -> list:
    """One voting delegate account per member: demo logins for VOTERS, the others unusable."""
    user_model = get_user_model()
    users = []
    for member in members:
        slug = member.organisation.slug
        if slug in VOTERS:
            users.append(
                ensure_user(
                    f"voter-{slug}",
                    email=f"voter-{slug}@example.org",
                    first_name="Voting delegate",
                    last_name=str(member.organisation.name_en),
                )
            )
            continue
        username = f"wego-delegate-{slug}"
        user = user_model.objects.filter(username=username).first()
        if user is None:
            user = user_model(username=username, first_name="Sample delegate", last_name=slug)
            user.set_unusable_password()
            user.save()
        users.append(user)
    return users


def load(summit) -> str:
    organiser, _created = ensure_organiser()
    wego = Organisation.objects.get(slug="wego")
    members = _members(wego)
    seoul = next(m for m in members if m.organisation.slug == "seoul")
    chair = ensure_user(
        CHAIR_USERNAME, email="wego-chair@example.org", first_name="Demo", last_name="WeGO Chair"
    )
    ensure_team(
        summit,
        name_ko="WeGO 총회 사무국",
        name_en="WeGO General Assembly secretariat",
        codes={"assembly"},
        members=[chair],
    )
    assembly = upsert(
        Assembly,
        {"summit": summit, "slug": SLUG},
        {
            "body": wego,
            "title": _bi("6th WeGO General Assembly", "제6차 WeGO 총회"),
            "chair": seoul.organisation,
            "starts_at": datetime.datetime(2023, 9, 26, 14, 0, tzinfo=SEOUL),
            "quorum_fraction": "1/2",
            "quorum_comparison": "more_than",
            "max_proxies": 1,
        },
    )
    users = _delegates(members)
    by_slug = {}
    for n, (member, user) in enumerate(zip(members, users, strict=True)):
        by_slug[member.organisation.slug] = upsert(
            VotingRight,
            {"assembly": assembly, "member": member},
            {"delegate": user, "present": n < len(members) - ABSENT},
        )
    if by_slug["dublin"].proxy_id is None:
        services.give_proxy(
            actor=organiser, right=by_slug["dublin"], holder=by_slug["wellington"].member
        )
    agenda = {}
    for position, (kind, en, ko) in enumerate(
        [
            (
                "other",
                "Opening, roll call and approval of the minutes of the 5th General Assembly "
                "(sample)",
                "개회, 출석 확인 및 제5차 총회 회의록 승인(샘플)",
            ),
            ("report", "Activity report 2022–2023 (sample)", "2022–2023 활동 보고(샘플)"),
            (
                "motion",
                "WeGO's direction until the 7th General Assembly (sample)",
                "제7차 총회까지 WeGO의 방향(샘플)",
            ),
            (
                "election",
                "Election of the Executive Committee cities (sample)",
                "집행위원회 도시 선출(샘플)",
            ),
            ("motion", "Membership fees 2024–2025 (sample)", "2024–2025 회비(샘플)"),
            ("other", "Other business and closing (sample)", "기타 안건 및 폐회(샘플)"),
        ],
        start=1,
    ):
        agenda[position] = upsert(
            AgendaItem,
            {"assembly": assembly, "position": position},
            {"kind": kind, "title": _bi(en, ko)},
        )
    direction = upsert(
        Motion,
        {"assembly": assembly, "title_en": "Strategic direction 2023–2025 (sample)"},
        {
            "agenda_item": agenda[3],
            "title": _bi("Strategic direction 2023–2025 (sample)", "2023–2025 전략 방향(샘플)"),
            "text": _bi(
                "Sample motion: the General Assembly adopts the strategic direction of WeGO "
                "until its 7th General Assembly: people-centred, inclusive smart cities.",
                "샘플 안건: 총회는 제7차 총회까지 WeGO의 전략 방향으로 사람 중심의 포용적 "
                "스마트도시를 채택합니다.",
            ),
        },
    )
    fees = upsert(
        Motion,
        {"assembly": assembly, "title_en": "Membership fees 2024–2025 unchanged (sample)"},
        {
            "agenda_item": agenda[5],
            "title": _bi(
                "Membership fees 2024–2025 unchanged (sample)", "2024–2025 회비 동결(샘플)"
            ),
        },
    )
    for motion in (direction, fees):
        if motion.state == "submitted":
            services.move_motion(actor=organiser, motion=motion, state="admitted")
    direction_poll = upsert(
        Poll,
        {"assembly": assembly, "title_en": "Adopt the strategic direction 2023–2025? (sample)"},
        {
            "agenda_item": agenda[3],
            "motion": direction,
            "title": _bi(
                "Adopt the strategic direction 2023–2025? (sample)",
                "2023–2025 전략 방향을 채택합니까?(샘플)",
            ),
            "kind": "open",
            "rule_fraction": "2/3",
            "rule_base": "cast",
            "rule_comparison": "at_least",
        },
    )
    election = upsert(
        Poll,
        {"assembly": assembly, "title_en": "Executive Committee cities 2023–2025 (sample)"},
        {
            "agenda_item": agenda[4],
            "title": _bi(
                "Executive Committee cities 2023–2025 (sample)", "2023–2025 집행위원회 도시(샘플)"
            ),
            "kind": "secret",
            "method": "block",
            "seats": 4,
        },
    )
    election.candidates.set([by_slug[slug].member for slug in EXECUTIVE_CANDIDATES])
    upsert(
        Poll,
        {"assembly": assembly, "title_en": "Keep the membership fees for 2024–2025? (sample)"},
        {
            "agenda_item": agenda[5],
            "motion": fees,
            "title": _bi(
                "Keep the membership fees for 2024–2025? (sample)",
                "2024–2025 회비를 동결합니까?(샘플)",
            ),
            "kind": "open",
        },
    )
    alternates = _alternates(by_slug)
    previous = _previous_assembly(summit, wego)
    if agenda[1].approves_minutes_id is None and previous.minutes_approved_at is None:
        services.link_minutes(actor=organiser, item=agenda[1], minutes_of=previous)
    approval = upsert(
        Poll,
        {
            "assembly": assembly,
            "title_en": "Approve the minutes of the 5th General Assembly? (sample)",
        },
        {
            "agenda_item": agenda[1],
            "title": _bi(
                "Approve the minutes of the 5th General Assembly? (sample)",
                "제5차 총회 회의록을 승인합니까?(샘플)",
            ),
            "kind": "open",
        },
    )
    vice = upsert(
        Poll,
        {"assembly": assembly, "title_en": "Vice-president city 2023–2025 (sample)"},
        {
            "agenda_item": agenda[4],
            "title": _bi("Vice-president city 2023–2025 (sample)", "2023–2025 부의장 도시(샘플)"),
            "kind": "secret",
            "method": "single",
            "seats": 1,
        },
    )
    vice.candidates.set([by_slug[slug].member for slug in VICE_PRESIDENT_CANDIDATES])
    audit = upsert(
        Poll,
        {"assembly": assembly, "title_en": "Audit committee cities 2023–2025 (sample)"},
        {
            "agenda_item": agenda[4],
            "title": _bi("Audit committee cities 2023–2025 (sample)", "2023–2025 감사 도시(샘플)"),
            "kind": "secret",
            "method": "ranked",
            "seats": 2,
        },
    )
    audit.candidates.set([by_slug[slug].member for slug in AUDIT_CANDIDATES])
    lot = random.Random(2023)  # noqa: S311 - sample votes, not security
    # The demo's delegates (and the proxy) leave their votes for the visitor to cast.
    skip = {*VOTERS, "dublin"}
    voters = [(by_slug[m.organisation.slug], u) for m, u in zip(members, users, strict=True)]
    voters = [(r, u) for r, u in voters if r.present and r.member.organisation.slug not in skip]
    if direction_poll.state == "draft":
        services.open_poll(actor=organiser, poll=direction_poll)
        for right, user in voters:
            choice = lot.choices(["yes", "no", "abstain"], weights=[8, 1, 1])[0]
            services.cast(actor=user, poll=direction_poll, member_id=right.member_id, choice=choice)
        services.close_poll(actor=organiser, poll=direction_poll)
    if approval.state == "draft":
        services.open_poll(actor=organiser, poll=approval)
        for right, user in voters:
            choice = lot.choices(["yes", "no", "abstain"], weights=[9, 0, 1])[0]
            services.cast(actor=user, poll=approval, member_id=right.member_id, choice=choice)
        services.close_poll(actor=organiser, poll=approval)
    _vice_president(organiser, vice, voters, alternates, by_slug, lot)
    _ranked(organiser, audit, voters, by_slug, lot)
    if election.state == "draft":
        services.open_poll(actor=organiser, poll=election)
        ids = [str(by_slug[slug].member_id) for slug in EXECUTIVE_CANDIDATES]
        weights = [9, 8, 7, 5, 3, 4]
        for right, user in voters:
            picked = []
            while len(picked) < lot.randint(1, 4):
                pick = lot.choices(ids, weights=weights)[0]
                if pick not in picked:
                    picked.append(pick)
            services.cast(actor=user, poll=election, member_id=right.member_id, choice=picked)
        services.close_poll(actor=organiser, poll=election)
    return (
        f"the 6th WeGO General Assembly: {len(members)} members, an agenda of {len(agenda)} "
        f"items, a motion adopted by two-thirds, an executive committee election, a ranked "
        f"(STV) election of two audit cities, a "
        f"vice-president decided by a run-off, the 5th assembly's minutes approved; chair login "
        f"{CHAIR_USERNAME}, voting delegates {', '.join(f'voter-{s}' for s in VOTERS)}"
    )


def _ranked(organiser, poll, voters, by_slug, lot) -> None:
    """The audit cities' ranked election: each voter ranks one to four candidates (sample
    ballots); the close counts it by single transferable vote, as a real vote is."""
    if poll.state != "draft":
        return
    services.open_poll(actor=organiser, poll=poll)
    ids = [str(by_slug[slug].member_id) for slug in AUDIT_CANDIDATES]
    for right, user in voters:
        ranking = lot.sample(ids, k=lot.randint(1, len(ids)))
        services.cast(actor=user, poll=poll, member_id=right.member_id, choice=ranking)
    services.close_poll(actor=organiser, poll=poll)


def _alternates(by_slug) -> dict:
    """Sample alternates (a second delegate who votes when the voting delegate has not):
    ``alternate-taipei`` is a demo login, the others cannot sign in."""
    user_model = get_user_model()
    found = {}
    for slug in ALTERNATES:
        if slug == "taipei":
            user = ensure_user(
                "alternate-taipei",
                email="alternate-taipei@example.org",
                first_name="Alternate",
                last_name="Taipei",
            )
        else:
            username = f"wego-alternate-{slug}"
            user = user_model.objects.filter(username=username).first()
            if user is None:
                user = user_model(username=username, first_name="Sample alternate", last_name=slug)
                user.set_unusable_password()
                user.save()
        upsert(Alternate, {"right": by_slug[slug], "user": user}, {})
        found[slug] = user
    return found


def _previous_assembly(summit, wego) -> Assembly:
    """A sample record of the 5th WeGO General Assembly (not from the seeds: its date and
    contents are made up), whose minutes the 6th approves."""
    previous = upsert(
        Assembly,
        {"summit": summit, "slug": PREVIOUS_SLUG},
        {
            "body": wego,
            "title": _bi("5th WeGO General Assembly (sample record)", "제5차 WeGO 총회(샘플 기록)"),
            "starts_at": datetime.datetime(2021, 10, 20, 15, 0, tzinfo=SEOUL),
        },
    )
    if previous.minutes_approved_at is None:
        upsert(
            Assembly,
            {"pk": previous.pk},
            {
                "minutes_notes": _bi(
                    "Sample record standing in for the 5th General Assembly: the demo shows its "
                    "minutes approved by the 6th.",
                    "제5차 총회를 대신하는 샘플 기록입니다. 데모는 제6차 총회가 이 회의록을 "
                    "승인하는 과정을 보여 줍니다.",
                )
            },
        )
    for position, (kind, en, ko) in enumerate(
        [
            ("report", "Activity report 2020–2021 (sample)", "2020–2021 활동 보고(샘플)"),
            ("election", "Election of the Executive Committee (sample)", "집행위원회 선출(샘플)"),
        ],
        start=1,
    ):
        upsert(
            AgendaItem,
            {"assembly": previous, "position": position},
            {"kind": kind, "title": _bi(en, ko)},
        )
    return previous


def _vice_president(organiser, poll, voters, alternates, by_slug, lot) -> None:
    """The single-seat election: no majority in the first round (sample votes spread over
    three candidates), the chair creates the run-off between the top two, the room votes
    again (Busan's vote cast by its alternate), the run-off elects."""
    ids = [str(by_slug[slug].member_id) for slug in VICE_PRESIDENT_CANDIDATES]
    if poll.state == "draft":
        services.open_poll(actor=organiser, poll=poll)
        for right, user in voters:
            pick = lot.choices(ids, weights=[45, 35, 20])[0]
            services.cast(actor=user, poll=poll, member_id=right.member_id, choice=pick)
        services.close_poll(actor=organiser, poll=poll)
        poll.refresh_from_db()
    if poll.result.get("outcome") not in ("runoff", "tie"):
        return
    runoff = poll.runoffs.first()
    if runoff is None:
        runoff = services.create_runoff(actor=organiser, poll=poll)
    if runoff.state != "draft":
        return
    services.open_poll(actor=organiser, poll=runoff)
    finalists = [str(c.pk) for c in runoff.candidates.all()]
    busan = by_slug["sample-wego-busan"]
    for right, user in voters:
        if right.pk == busan.pk:
            user = alternates["sample-wego-busan"]  # the alternate stands in
        pick = lot.choices(finalists, weights=[55, 45])[0]
        services.cast(actor=user, poll=runoff, member_id=right.member_id, choice=pick)
    services.close_poll(actor=organiser, poll=runoff)
