"""Real rows for the judging tests: an award with two categories, applications and judges."""

from __future__ import annotations

import datetime

from django.utils import timezone

from summitry.awards.models import Answer, Application, Award, Category, Question
from summitry.judging import services
from summitry.judging.models import Criterion, Judge, Round
from tests.factories import SummitFactory, UserFactory

NOW = timezone.now()


def make_award(slug="smart", summit=None) -> Award:
    summit = summit or SummitFactory(slug=slug)
    return Award.objects.create(
        summit=summit,
        slug="prize",
        name_en="Smart City Prize",
        name_ko="스마트도시 상",
        reference_prefix="SCP",
        opens_at=NOW - datetime.timedelta(days=100),
        closes_at=NOW - datetime.timedelta(days=50),
    )


def make_categories(award: Award) -> list[Category]:
    project = Category.objects.create(
        award=award, name_en="Project", name_ko="프로젝트", position=1
    )
    return [
        Category.objects.create(
            award=award, parent=project, name_en="People-centric", name_ko="사람중심", position=1
        ),
        Category.objects.create(award=award, name_en="Leadership", name_ko="리더십", position=2),
    ]


def make_application(award, category, n, *, city="Busan", language="en", **extra) -> Application:
    applicant = UserFactory(username=f"applicant{award.pk}-{n}")
    data = {
        "award": award,
        "category": category,
        "applicant": applicant,
        "applicant_kind": "city",
        "applicant_name": f"City {n}",
        "city": city,
        "country": "KR",
        "title_en": f"Project {n}",
        "title_ko": f"프로젝트 {n}",
        "language": language,
        "reference": f"SCP-{n:03d}",
        "status": "submitted",
        "eligibility": "eligible",
    }
    data.update(extra)
    application = Application.objects.create(**data)
    question = Question.objects.filter(award=award, kind="text").first() or Question.objects.create(
        award=award, kind="text", label_en="Summary", label_ko="요약"
    )
    Answer.objects.create(application=application, question=question, text=f"Summary of {n}.")
    return application


def make_judge(
    award,
    username,
    *,
    organisation="Institute",
    city="Seoul",
    country="KR",
    languages=("ko", "en"),
    expertise=("people-centric",),
    max_load=None,
) -> Judge:
    user = UserFactory(username=username)
    return services.add_judge(
        actor=None,
        award=award,
        user=user,
        name_en=username.title(),
        name_ko=username,
        organisation_en=organisation,
        city=city,
        country=country,
        languages=list(languages),
        expertise=list(expertise),
        max_load=max_load,
    )


def make_round(
    award,
    *,
    number=1,
    method="rubric",
    k=2,
    max_load=10,
    source="eligible",
    is_final=False,
    open_now=True,
) -> Round:
    opens = NOW - datetime.timedelta(days=1) if open_now else NOW - datetime.timedelta(days=30)
    closes = NOW + datetime.timedelta(days=10) if open_now else NOW - datetime.timedelta(days=20)
    round = Round.objects.create(
        award=award,
        number=number,
        name_en=f"Round {number}",
        name_ko=f"{number}차 심사",
        opens_at=opens,
        closes_at=closes,
        source=source,
        method=method,
        judges_per_application=k,
        max_load=max_load,
        is_final=is_final,
    )
    if method == "rubric":
        Criterion.objects.create(round=round, name_en="Impact", name_ko="영향", weight=2, scale=10)
        Criterion.objects.create(
            round=round, name_en="Feasibility", name_ko="실현 가능성", weight=1, scale=5, position=1
        )
    return round


def setup(slug="smart"):
    """An award, two categories, six applications (one from Seoul), four judges."""
    award = make_award(slug)
    people, leadership = make_categories(award)
    apps = [make_application(award, people if n % 2 else leadership, n) for n in range(1, 7)]
    apps[0].city = "Seoul"
    apps[0].save()
    judges = [
        make_judge(award, "ana", city="Seoul"),
        make_judge(award, "ben", city="Daegu", expertise=("leadership",)),
        make_judge(award, "cho", city="Gwangju"),
        make_judge(award, "dev", city="London", country="GB", languages=("en",)),
    ]
    return award, (people, leadership), apps, judges
