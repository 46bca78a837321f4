"""Every change to online items: formats and video rooms, streams, interpreters, the roster
(planned by the solver in the task queue, or adjusted by hand). Staff holding ``online`` only."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from summitry.core import services as core
from summitry.core.tasks import run_after_commit
from summitry.directory.models import Person

from . import access, queries, roster
from .models import (
    LANGUAGES,
    Assignment,
    Interpreter,
    OnlineItem,
    RosterRun,
    RunState,
    Stream,
)

FORMAT_FIELDS = ("format", "floor_language", "provider", "join_url", "opens_minutes", "rehearsal")


def _summit_of(programme_item):
    return programme_item.summit


@transaction.atomic
def set_format(*, actor, item, data: dict[str, Any]) -> OnlineItem:
    """An item's format, floor language and video room (created on first use)."""
    access.require_staff(actor, item.summit)
    values = {name: data[name] for name in FORMAT_FIELDS if name in data}
    if values.get("provider") is None:
        values["provider"] = ""
    if values.get("join_url") is None:
        values["join_url"] = ""
    if not values.get("rehearsal"):
        values.pop("rehearsal", None)
    _studio_changed(item.summit)
    online = queries.online_of(item)
    if online is None:
        return core.create(actor=actor, instance=OnlineItem(item=item, **values))
    return core.update(actor=actor, instance=online, changes=values)


def _studio_changed(summit) -> None:
    """The studio's board shows formats, rehearsals and the roster: its watchers re-render."""
    from summitry.core import live

    from .qa import studio_topic

    transaction.on_commit(lambda: live.bump(studio_topic(summit)))


def _online(actor, item) -> OnlineItem:
    online = queries.online_of(item)
    if online is None:
        online = set_format(actor=actor, item=item, data={"format": "in_person"})
    return online


@transaction.atomic
def add_stream(*, actor, item, channel: str, url: str) -> Stream:
    access.require_staff(actor, item.summit)
    online = _online(actor, item)
    return core.create(actor=actor, instance=Stream(online=online, channel=channel, url=url))


@transaction.atomic
def delete_stream(*, actor, stream: Stream) -> None:
    access.require_staff(actor, stream.online.item.summit)
    core.delete(actor=actor, instance=stream)


def parse_languages(text: str) -> dict[str, str]:
    """ "ko A, en B, ja C" → {"ko": "A", "en": "B", "ja": "C"}; a clear message otherwise."""
    known = {code for code, _label in LANGUAGES}
    result: dict[str, str] = {}
    for part in text.replace(";", ",").split(","):
        words = part.split()
        if not words:
            continue
        if len(words) != 2 or words[0].lower() not in known or words[1].upper() not in "ABC":
            raise ValidationError(
                {
                    "languages": _(
                        "Write each language as its code and class, e.g. “ko A, en B”: "
                        "“%(part)s” is not."
                    )
                    % {"part": part.strip()}
                }
            )
        result[words[0].lower()] = words[1].upper()
    return result


@transaction.atomic
def add_interpreter(*, actor, summit, data: dict[str, Any]) -> Interpreter:
    """A new interpreter: a person (in the directory) with their languages and terms."""
    access.require_staff(actor, summit)
    person = data.get("person")
    if person is None:
        person = core.create(
            actor=actor,
            instance=Person(
                slug=_free_slug(data),
                given_name=data.get("given_name", ""),
                family_name=data.get("family_name", ""),
                name_hangul=data.get("name_hangul", ""),
            ),
        )
    languages = data["languages"]
    if isinstance(languages, str):
        languages = parse_languages(languages)
    return core.create(
        actor=actor,
        instance=Interpreter(
            summit=summit,
            person=person,
            user=data.get("user"),
            languages=languages,
            works_into_b=data.get("works_into_b", True),
            daily_max_minutes=data.get("daily_max_minutes") or 360,
            rate=data.get("rate") or 0,
            rate_per=data.get("rate_per") or "day",
            currency=data.get("currency") or "KRW",
            unavailable=list(data.get("unavailable") or []),
        ),
    )


def _free_slug(data: dict[str, Any]) -> str:
    from django.utils.text import slugify

    base = slugify(f"{data.get('given_name', '')} {data.get('family_name', '')}") or "interpreter"
    base = f"interpreter-{base}"[:70]
    slug, n = base, 1
    while Person.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def delete_interpreter(*, actor, interpreter: Interpreter) -> None:
    access.require_staff(actor, interpreter.summit)
    core.delete(actor=actor, instance=interpreter)


@transaction.atomic
def plan_roster(*, actor, summit) -> RosterRun:
    """Hand the summit's interpretation to the solver in the task queue; the run records its
    answer and the verifier's verdict, and the roster becomes the solver's."""
    access.require_staff(actor, summit)
    current = list(queries.assignments(summit))
    run = core.create(
        actor=actor,
        instance=RosterRun(
            summit=summit, requested_by=actor, problem=roster.problem_data(summit, current)
        ),
    )
    from . import tasks

    run_after_commit(tasks.plan_roster, run.pk)
    return run


def time_limit() -> float:
    from django.conf import settings

    return float(getattr(settings, "SUMMITRY_ROSTER_TIME_LIMIT", 10.0))


def complete_run(run_id: int) -> RosterRun:
    """Solve a queued run (idempotent: a finished run is left as it is) and, when the solver
    found a roster, make it the summit's roster, keeping nothing set by hand."""
    from summitry.solvers.interpretation import ProblemError, parse_problem, solve, verify

    with transaction.atomic():
        run = RosterRun.objects.select_for_update().get(pk=run_id)
        if run.state != RunState.QUEUED:
            return run
        try:
            problem = parse_problem(run.problem)
        except ProblemError as error:
            run.state, run.error, run.finished_at = RunState.FAILED, str(error), timezone.now()
            run.save()
            return run
        solution = solve(problem, time_limit=time_limit(), workers=1)
        answer = solution.to_json()
        run.solution = answer
        run.status = solution.status
        run.cost = solution.cost
        run.relays = solution.relays
        run.verdict = verify(problem, answer)
        run.state = RunState.DONE
        run.finished_at = timezone.now()
        run.save()
        if solution.status in ("optimal", "feasible") and not run.verdict:
            _replace_roster(run, solution)
    return run


def _replace_roster(run: RosterRun, solution) -> None:
    summit = run.summit
    items = {roster.item_key(o): o for o in queries.interpreted_items(summit)}
    people = {roster.interpreter_key(i): i for i in queries.interpreters(summit)}
    queries.assignments(summit).delete()
    _studio_changed(summit)
    Assignment.objects.bulk_create(
        [
            Assignment(
                online=items[a.item],
                channel=a.channel,
                interpreter=people[a.interpreter],
                via=a.via or "",
            )
            for a in solution.assignments
            if a.item in items and a.interpreter in people
        ]
    )


@transaction.atomic
def assign(
    *, actor, summit, item_id: int, channel: str, interpreter_id: int, via: str = ""
) -> Assignment:
    """An interpreter put in a booth by hand; clashes are shown, not refused (staff know
    things the rules do not), but the booth must exist."""
    access.require_staff(actor, summit)
    programme_item = queries.item(summit, item_id)
    online = queries.online_of(programme_item)
    if online is None or channel not in queries.booths(online):
        raise ValidationError({"channel": _("This item has no booth in that language.")})
    if via and (via == channel or via not in queries.booths(online)):
        raise ValidationError({"via": _("Relay comes from another booth of the same item.")})
    interpreter = queries.interpreter(summit, interpreter_id)
    _studio_changed(summit)
    return core.create(
        actor=actor,
        instance=Assignment(
            online=online, channel=channel, interpreter=interpreter, via=via, by_hand=True
        ),
    )


@transaction.atomic
def unassign(*, actor, assignment: Assignment) -> None:
    access.require_staff(actor, assignment.online.item.summit)
    _studio_changed(assignment.online.item.summit)
    core.delete(actor=actor, instance=assignment)
