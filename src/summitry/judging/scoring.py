"""Scores: a judge's marks for an assignment while the round is open, as the round's method
asks (criteria with weights, a verdict, a rank), and the value each becomes (0-100)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from summitry.core import audit
from summitry.core import services as core
from summitry.core.bilingual import localise

from . import rules
from .models import Assignment, Criterion, Method, Round, Score, Verdict
from .problem import conflict_reasons

VERDICT_VALUES = {Verdict.YES: 100.0, Verdict.MAYBE: 50.0, Verdict.NO: 0.0}


def is_open(round: Round, now=None) -> bool:
    now = now or timezone.now()
    return round.opens_at <= now < round.closes_at


def score_value(round: Round, score: Score, criteria: list[Criterion], load: int) -> float | None:
    """0–100 when the score is complete for the round's method, else None."""
    if score.abstained:
        return None
    if round.method == Method.RUBRIC:
        total = weights = 0.0
        for criterion in criteria:
            value = score.criteria.get(str(criterion.pk))
            if value is None:
                return None
            total += criterion.weight * (value - 1) / (criterion.scale - 1)
            weights += criterion.weight
        return round_to(100 * total / weights) if weights else None
    if round.method == Method.YES_NO:
        return VERDICT_VALUES.get(score.verdict)
    if score.rank is None:
        return None
    return round_to(100 * (load - score.rank) / (load - 1)) if load > 1 else 100.0


def round_to(value: float) -> float:
    return float(f"{value:.2f}")


def _clean_criteria(round: Round, criteria: list[Criterion], given: dict) -> dict[str, int]:
    known = {str(c.pk): c for c in criteria}
    cleaned: dict[str, int] = {}
    errors: dict[str, list[str]] = {}
    for key, raw in (given or {}).items():
        criterion = known.get(str(key))
        if criterion is None:
            errors.setdefault("criteria", []).append(_("This round has no such criterion."))
            continue
        if raw in (None, ""):
            continue
        try:
            value = int(raw)
        except (TypeError, ValueError):
            errors[f"criteria.{key}"] = [_("Enter a whole number.")]
            continue
        if not 1 <= value <= criterion.scale:
            errors[f"criteria.{key}"] = [
                _("%(criterion)s is scored from 1 to %(scale)s.")
                % {"criterion": localise(criterion, "name"), "scale": criterion.scale}
            ]
            continue
        cleaned[str(key)] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def save_score(
    *,
    actor,
    assignment: Assignment,
    criteria: dict | None = None,
    verdict: str | None = None,
    rank: int | None = None,
    comment: str | None = None,
    abstained: bool | None = None,
    abstain_reason: str | None = None,
) -> Score:
    """A judge saves (part of) their score; only their own, only while the round is open.
    Fields left as None keep what was saved."""
    round = assignment.round
    if not rules.is_judge(actor, assignment.judge):
        raise PermissionDenied(_("Only the assigned judge may score this application."))
    if conflict_reasons(round, assignment.judge, assignment.application):
        raise PermissionDenied(_("You have a conflict of interest with this application."))
    if not is_open(round):
        raise ValidationError(_("This round is not open for scoring."))
    score = Score.objects.filter(assignment=assignment).first() or Score(assignment=assignment)
    is_new = score.pk is None
    round_criteria = list(round.criteria.all())
    if criteria is not None:
        score.criteria = {**score.criteria, **_clean_criteria(round, round_criteria, criteria)}
        score.criteria = {k: v for k, v in score.criteria.items() if criteria.get(k) != ""}
    if verdict is not None:
        if verdict and verdict not in Verdict.values:
            raise ValidationError({"verdict": [_("Choose yes, no or maybe.")]})
        score.verdict = verdict
    load = Assignment.objects.filter(round=round, judge=assignment.judge).count()
    if rank is not None:
        if not 1 <= rank <= load:
            raise ValidationError({"rank": [_("Rank from 1 to %(count)s.") % {"count": load}]})
        taken = Score.objects.filter(
            assignment__round=round, assignment__judge=assignment.judge, rank=rank
        ).exclude(pk=score.pk)
        if taken.exists():
            raise ValidationError({"rank": [_("You gave this rank to another application.")]})
        score.rank = rank
    if comment is not None:
        score.comment = comment
    if abstained is not None:
        score.abstained = abstained
    if abstain_reason is not None:
        score.abstain_reason = abstain_reason.strip()
    if score.abstained and not score.abstain_reason:
        raise ValidationError({"abstain_reason": [_("Say why you abstain.")]})
    score.value = score_value(round, score, round_criteria, load)
    core.validate(score)
    score.save()
    audit.record(
        actor=actor,
        obj=score,
        action="added" if is_new else "changed",
        fields=["criteria", "verdict", "rank", "comment", "abstained", "value"],
    )
    return score
