"""Judging of the 1st Seoul Smart City Prize (seed 002): judges and three rounds, 240 → 40 → 21.

The seed says that domestic and international smart-city experts judged the applications in
three rounds, chose 40 finalists and then 21 winners. The judges below are sample records
(clearly marked); their scores are deterministic sample values (a seeded random generator), the
assignments are the optimal solver's, and the winners are set through the awards service.
Loading twice changes nothing.
"""

from __future__ import annotations

import datetime
import random
import zoneinfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from summitry.judging import queries, services
from summitry.judging.models import Assignment, Criterion, Judge, Round, Score, ShortlistEntry
from summitry.judging.results import results
from summitry.judging.rules import JUDGES_GROUP

from .loader import ORGANISER_USERNAME, upsert

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
JUDGE_USERNAME = "judge"
JUDGE_PASSWORD = "summitry-demo"  # noqa: S105 - a published demo login, never in production
SEED = 2023

# (username, English name, Korean name, organisation en, organisation ko, city, country,
#  languages, expertise)
JUDGES = [
    (
        "judge",
        "Kim Seo-yeon",
        "김서연",
        "Sample University of Urban Studies",
        "샘플 도시대학교",
        "Seoul",
        "KR",
        ["ko", "en"],
        ["people-centric", "welfare", "inclusion"],
    ),
    (
        "judge-s02",
        "Lee Jun-ho",
        "이준호",
        "Sample Institute of Smart Cities",
        "샘플 스마트도시연구원",
        "Sejong",
        "KR",
        ["ko", "en"],
        ["technology-innovation", "mobility", "safety"],
    ),
    (
        "judge-s03",
        "Park Ji-min",
        "박지민",
        "Sample Policy Lab",
        "샘플 정책연구소",
        "Seoul",
        "KR",
        ["ko", "en"],
        ["leadership", "governance"],
    ),
    (
        "judge-s04",
        "Choi Min-seo",
        "최민서",
        "Sample Data Foundation",
        "샘플 데이터재단",
        "Incheon",
        "KR",
        ["ko", "en"],
        ["technology-innovation", "environment"],
    ),
    (
        "judge-s05",
        "Jung Hye-won",
        "정혜원",
        "Sample Welfare Council",
        "샘플 복지협의회",
        "Gwangju",
        "KR",
        ["ko", "en"],
        ["people-centric", "welfare", "safety"],
    ),
    (
        "judge-s06",
        "Kang Dong-hyun",
        "강동현",
        "Sample Mobility Centre",
        "샘플 모빌리티센터",
        "Daejeon",
        "KR",
        ["ko", "en"],
        ["special", "mobility", "environment"],
    ),
    (
        "judge-s07",
        "Yoon Soo-ah",
        "윤수아",
        "Sample Civic Tech Network",
        "샘플 시빅테크 네트워크",
        "Seoul",
        "KR",
        ["ko", "en"],
        ["people-centric", "governance"],
    ),
    (
        "judge-s08",
        "Han Ye-jin",
        "한예진",
        "Sample Energy Institute",
        "샘플 에너지연구원",
        "Ulsan",
        "KR",
        ["ko", "en"],
        ["special", "environment", "inclusion"],
    ),
    (
        "judge-s09",
        "Anna Berg",
        "안나 베리",
        "Sample Nordic Urban Lab",
        "샘플 북유럽 도시연구소",
        "Stockholm",
        "SE",
        ["en"],
        ["people-centric", "inclusion"],
    ),
    (
        "judge-s10",
        "Daniel Okafor",
        "대니얼 오카포",
        "Sample African Cities Forum",
        "샘플 아프리카 도시포럼",
        "Lagos",
        "NG",
        ["en"],
        ["leadership", "governance"],
    ),
    (
        "judge-s11",
        "Maria Gonzalez",
        "마리아 곤살레스",
        "Sample Latin American Smart Cities Network",
        "샘플 중남미 스마트도시 네트워크",
        "Bogotá",
        "CO",
        ["en"],
        ["technology-innovation", "mobility"],
    ),
    (
        "judge-s12",
        "Priya Raman",
        "프리야 라만",
        "Sample Institute of Technology",
        "샘플 기술연구원",
        "Bengaluru",
        "IN",
        ["en"],
        ["technology-innovation", "safety"],
    ),
    (
        "judge-s13",
        "Thomas Weber",
        "토마스 베버",
        "Sample European Cities Network",
        "샘플 유럽 도시 네트워크",
        "Berlin",
        "DE",
        ["en"],
        ["special", "environment"],
    ),
    (
        "judge-s14",
        "Sarah Mitchell",
        "세라 미첼",
        "Sample Urban Futures Institute",
        "샘플 도시미래연구소",
        "Melbourne",
        "AU",
        ["en"],
        ["leadership", "welfare"],
    ),
    (
        "judge-s15",
        "Nguyen Thi Lan",
        "응우옌 티 란",
        "Sample Asian Cities Centre",
        "샘플 아시아 도시센터",
        "Hanoi",
        "VN",
        ["en"],
        ["people-centric", "safety"],
    ),
    (
        "judge-s16",
        "Omar Haddad",
        "오마르 하다드",
        "Sample Gulf Smart City Office",
        "샘플 걸프 스마트도시 사무소",
        "Dubai",
        "AE",
        ["en"],
        ["special", "governance"],
    ),
]

ROUNDS = [
    {
        "number": 1,
        "name": {"en": "First round: screening by experts", "ko": "1차 심사: 전문가 서면 심사"},
        "opens_at": datetime.datetime(2023, 7, 17, 9, tzinfo=SEOUL),
        "closes_at": datetime.datetime(2023, 8, 4, 18, tzinfo=SEOUL),
        "source": "eligible",
        "judges_per_application": 3,
        "max_load": 48,
        "criteria": [
            ({"en": "Impact on residents", "ko": "시민에 대한 효과"}, 3, 10),
            ({"en": "Innovation", "ko": "혁신성"}, 2, 10),
            ({"en": "Feasibility and spread", "ko": "실현 가능성·확산성"}, 1, 5),
        ],
    },
    {
        "number": 2,
        "name": {"en": "Second round: in-depth review", "ko": "2차 심사: 심층 심사"},
        "opens_at": datetime.datetime(2023, 8, 9, 9, tzinfo=SEOUL),
        "closes_at": datetime.datetime(2023, 8, 18, 18, tzinfo=SEOUL),
        "source": "shortlist",
        "judges_per_application": 4,
        "max_load": 24,
        "criteria": [
            ({"en": "Results achieved", "ko": "성과"}, 2, 10),
            ({"en": "Inclusion of the vulnerable", "ko": "약자와의 동행"}, 2, 10),
            ({"en": "Transferability to other cities", "ko": "다른 도시로의 확산성"}, 1, 10),
        ],
    },
    {
        "number": 3,
        "name": {"en": "Final round: the jury", "ko": "3차 심사: 최종 심사위원회"},
        "opens_at": datetime.datetime(2023, 8, 28, 9, tzinfo=SEOUL),
        "closes_at": datetime.datetime(2023, 9, 8, 18, tzinfo=SEOUL),
        "source": "shortlist",
        "judges_per_application": 5,
        "max_load": 16,
        "is_final": True,
        "criteria": [
            ({"en": "Overall merit", "ko": "종합 평가"}, 1, 10),
        ],
    },
]

# Passed on per category: 80 to the second round, 40 finalists, 21 winners.
SHORTLISTS = {
    1: {"people-centric": 28, "technology-innovation": 24, "leadership": 16, "special": 12},
    2: {"people-centric": 14, "technology-innovation": 12, "leadership": 8, "special": 6},
    3: {"people-centric": 7, "technology-innovation": 6, "leadership": 4, "special": 4},
}


def _user(username: str, name: str, password: str | None):
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    if user is None:
        user = user_model(username=username, email=f"{username}@example.org", first_name=name)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
    return user


def _judges(award) -> list[Judge]:
    group, _created = Group.objects.get_or_create(name=JUDGES_GROUP)
    found = []
    for username, en, ko, org_en, org_ko, city, country, languages, expertise in JUDGES:
        user = _user(username, en, JUDGE_PASSWORD if username == JUDGE_USERNAME else None)
        user.groups.add(group)
        found.append(
            upsert(
                Judge,
                {"award": award, "user": user},
                {
                    "name": {"en": en, "ko": ko},
                    "organisation": {"en": org_en, "ko": org_ko},
                    "city": city,
                    "country": country,
                    "languages": languages,
                    "expertise": expertise,
                    "is_sample": True,
                },
            )
        )
    return found


def _round(award, spec) -> Round:
    values = {k: v for k, v in spec.items() if k not in ("number", "criteria")}
    round = upsert(
        Round, {"award": award, "number": spec["number"]}, {"method": "rubric", **values}
    )
    for position, (name, weight, scale) in enumerate(spec["criteria"]):
        upsert(
            Criterion,
            {"round": round, "position": position},
            {"name": name, "weight": weight, "scale": scale},
        )
    return round


def _score(rng: random.Random, quality: float, leniency: float, criteria) -> dict[str, int]:
    given = {}
    for criterion in criteria:
        share = min(1.0, max(0.0, quality + leniency + rng.gauss(0, 0.12)))
        given[str(criterion.pk)] = 1 + round(share * (criterion.scale - 1))
    return given


def _scores(round: Round, judges: list[Judge], quality: dict[int, float]) -> None:
    """Deterministic sample scores for every assignment of the round (bulk-created)."""
    if Score.objects.filter(assignment__round=round).exists():
        return
    rng = random.Random(SEED * 10 + round.number)  # noqa: S311 - sample scores, not secrets
    leniency = {j.pk: rng.uniform(-0.12, 0.12) for j in judges}
    criteria = list(round.criteria.all())
    rows = []
    for assignment in Assignment.objects.filter(round=round).order_by("application_id", "judge_id"):
        score = Score(
            assignment=assignment,
            criteria=_score(
                rng, quality[assignment.application_id], leniency[assignment.judge_id], criteria
            ),
            comment="Sample comment." if rng.random() < 0.2 else "",
        )
        score.value = services.score_value(round, score, criteria, 0)
        rows.append(score)
    Score.objects.bulk_create(rows)
    # Saved during the round, not when the demo was loaded.
    Score.objects.filter(assignment__round=round).update(
        updated_at=round.closes_at - datetime.timedelta(days=1)
    )


def _top(round: Round, counts: dict[str, int]) -> list[int]:
    """The best applications per category by normalised score; a tie at the cut stops the
    demo rather than being broken silently."""
    chosen = []
    for group in results(round)["categories"]:
        n = counts[services.category_tag(group["category"])]
        rows = [r for r in group["rows"] if r["normalised"] is not None]
        if len(rows) > n and rows[n]["normalised"] == rows[n - 1]["normalised"]:
            raise RuntimeError(f"sample scores tie at the cut of round {round.number}")
        chosen.extend(r["application"].pk for r in rows[:n])
    return chosen


@transaction.atomic
def load(award) -> str:
    organiser = get_user_model().objects.get(username=ORGANISER_USERNAME)
    judges = _judges(award)
    rng = random.Random(SEED)  # noqa: S311 - sample qualities, not secrets
    applications = list(queries.award_applications(award).order_by("reference"))
    quality = {a.pk: rng.uniform(0.2, 0.85) for a in applications}
    rounds = [_round(award, spec) for spec in ROUNDS]
    for round in rounds:
        if not Assignment.objects.filter(round=round).exists():
            services.run_assignment(actor=organiser, round=round)
        _scores(round, judges, quality)
        counts = SHORTLISTS[round.number]
        if round.is_final:
            if round.decided_at is None:
                services.decide_winners(
                    actor=organiser, round=round, application_ids=_top(round, counts)
                )
        elif not ShortlistEntry.objects.filter(round=round).exists():
            services.set_shortlist(
                actor=organiser, round=round, application_ids=_top(round, counts)
            )
    sizes = [queries.round_applications(r).count() for r in rounds]
    winners = award.winners.count()
    return (
        f"{len(judges)} sample judges (login {JUDGE_USERNAME} / {JUDGE_PASSWORD}), "
        f"{len(rounds)} rounds of {' → '.join(str(s) for s in sizes)} applications, "
        f"{winners} winners"
    )
