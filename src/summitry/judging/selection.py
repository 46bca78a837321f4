"""Shortlists and winners: the cut of a round's results (top N per category or a threshold,
ties left to staff) and the final round's winners, handed to the awards."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from summitry.awards import services as award_services
from summitry.awards.models import Application, Award
from summitry.core import audit
from summitry.core.bilingual import localise

from . import queries, rules
from .models import Assignment, Round, ShortlistEntry, Source
from .results import results


def _cut(ranked: list[dict], top: int | None, threshold: float | None) -> tuple[list, list]:
    """The rows kept by "top N" or "score at least", and the rows tied across the cut."""
    scored = [r for r in ranked if r["normalised"] is not None]
    if threshold is not None:
        return [r for r in scored if r["normalised"] >= threshold], []
    kept = scored[:top]
    if top and len(scored) > top and kept and scored[top]["normalised"] == kept[-1]["normalised"]:
        tied = [r for r in scored if r["normalised"] == kept[-1]["normalised"]]
        return kept, tied
    return kept, []


def _selection(round, top, threshold, application_ids):
    table = results(round)
    if application_ids is not None:
        known = {r["application"].pk for r in table["rows"]}
        unknown = set(application_ids) - known
        if unknown:
            raise ValidationError(_("Choose applications of this round."))
        return [
            r["application"] for r in table["rows"] if r["application"].pk in set(application_ids)
        ]
    if top is None and threshold is None:
        raise ValidationError(_("Give a number per category or a threshold."))
    if top is not None and top < 1:
        raise ValidationError({"top": [_("Take at least one application per category.")]})
    chosen, ties = [], []
    for group in table["categories"]:
        kept, tied = _cut(group["rows"], top, threshold)
        chosen.extend(r["application"] for r in kept)
        if tied:
            ties.append((group["category"], tied))
    if ties:
        raise ValidationError(
            [
                _("Tied at the cut in %(category)s: %(applications)s. Choose by hand.")
                % {
                    "category": localise(category, "name"),
                    "applications": ", ".join(str(r["application"]) for r in tied),
                }
                for category, tied in ties
            ]
        )
    return chosen


@transaction.atomic
def set_shortlist(
    *,
    actor,
    round: Round,
    top: int | None = None,
    threshold: float | None = None,
    application_ids: list[int] | None = None,
) -> list[Application]:
    """Shortlist the top N per category, those at or above a threshold (normalised), or
    the applications chosen by hand. Ties across the cut are refused, never broken."""
    rules.require_staff(actor, round.award.summit)
    chosen = _selection(round, top, threshold, application_ids)
    later = Round.objects.filter(
        award=round.award, number=round.number + 1, source=Source.SHORTLIST
    )
    if later.exists() and Assignment.objects.filter(round__in=later).exists():
        raise ValidationError(_("The next round is already assigned; its applications are fixed."))
    ShortlistEntry.objects.filter(round=round).delete()
    ShortlistEntry.objects.bulk_create(ShortlistEntry(round=round, application=a) for a in chosen)
    audit.record(actor=actor, obj=round, action="changed", fields=["shortlist"])
    return chosen


def prize_title(award: Award, category) -> dict[str, str]:
    return {
        lang: " · ".join(
            part
            for part in (str(localise(award, "name", lang)), str(localise(category, "name", lang)))
            if part
        )
        for lang in ("ko", "en")
    }


def _by_category(applications: list[Application]) -> list[tuple]:
    """The applications grouped by category, in the order given (best first)."""
    groups: dict[int, tuple] = {}
    for application in applications:
        groups.setdefault(application.category_id, (application.category, []))[1].append(
            application
        )
    return list(groups.values())


@transaction.atomic
def decide_winners(
    *, actor, round: Round, top: int | None = None, application_ids: list[int] | None = None
) -> list:
    """The final round decides the winners per category through the awards service."""
    rules.require_staff(actor, round.award.summit)
    if not round.is_final:
        raise ValidationError(_("Only the final round decides the winners."))
    chosen = _selection(round, top, None, application_ids)
    if not chosen:
        raise ValidationError(_("Choose at least one winner."))
    winners = []
    groups = {c.pk: (c, apps) for c, apps in _by_category(chosen)}
    for application in queries.round_applications(round):
        groups.setdefault(application.category_id, (application.category, []))
    for category, applications in groups.values():
        winners.extend(
            award_services.set_winners(
                actor=actor,
                category=category,
                entries=[
                    (application, prize_title(round.award, category), rank)
                    for rank, application in enumerate(applications, start=1)
                ],
            )
        )
    ShortlistEntry.objects.filter(round=round).delete()
    ShortlistEntry.objects.bulk_create(ShortlistEntry(round=round, application=a) for a in chosen)
    round.decided_at = timezone.now()
    round.save(update_fields=["decided_at"])
    audit.record(actor=actor, obj=round, action="changed", fields=["winners"])
    return winners
