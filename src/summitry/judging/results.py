"""Results of a round: raw means, normalised scores, disagreement flags, ranking per category.

Normalisation (shown on the results page): each judge's scores become z-scores against that
judge's own mean and standard deviation (a judge with fewer than two scores, or all equal,
gets z = 0), rescaled to the 0–100 scale with the mean and standard deviation of every score
of the round: normalised = M + z × S, kept within 0–100. An application's normalised score is
the mean over its judges. Judges disagree strongly when their raw scores of one application
lie more than DISAGREEMENT points apart. Equal normalised scores (to two decimals) share a
place and are flagged as ties; nothing breaks them silently.
"""

from __future__ import annotations

import statistics
from collections import defaultdict

from . import queries
from .models import Round

DISAGREEMENT = 40.0


def _z_scores(values: list[float]) -> list[float]:
    if len(values) < 2:
        return [0.0] * len(values)
    mean = statistics.fmean(values)
    spread = statistics.pstdev(values)
    if spread == 0:
        return [0.0] * len(values)
    return [(v - mean) / spread for v in values]


def results(round: Round) -> dict:
    applications = list(
        queries.round_applications(round).select_related("category", "organisation")
    )
    scores = list(queries.scores(round))
    by_judge: dict[int, list] = defaultdict(list)
    for score in scores:
        if not score.abstained and score.value is not None:
            by_judge[score.assignment.judge_id].append(score)
    every = [s.value for rows in by_judge.values() for s in rows]
    centre = statistics.fmean(every) if every else 0.0
    spread = statistics.pstdev(every) if len(every) > 1 else 0.0
    normalised: dict[int, float] = {}
    for rows in by_judge.values():
        for score, z in zip(rows, _z_scores([s.value for s in rows]), strict=True):
            normalised[score.pk] = min(100.0, max(0.0, centre + z * spread))

    per_application: dict[int, dict] = {
        a.pk: {"raw": [], "normalised": [], "abstained": 0, "assigned": 0} for a in applications
    }
    for application_id in queries.assigned_application_ids(round):
        if application_id in per_application:
            per_application[application_id]["assigned"] += 1
    for score in scores:
        entry = per_application.get(score.assignment.application_id)
        if entry is None:
            continue
        if score.abstained:
            entry["abstained"] += 1
        elif score.value is not None:
            entry["raw"].append(score.value)
            entry["normalised"].append(normalised[score.pk])

    shortlisted = set(queries.shortlist(round).values_list("application_id", flat=True))
    rows = []
    for application in applications:
        entry = per_application[application.pk]
        raw, norm = entry["raw"], entry["normalised"]
        rows.append(
            {
                "application": application,
                "scores": len(raw),
                "assigned": entry["assigned"],
                "abstained": entry["abstained"],
                "raw": round2(statistics.fmean(raw)) if raw else None,
                "normalised": round2(statistics.fmean(norm)) if norm else None,
                "spread": round2(max(raw) - min(raw)) if len(raw) > 1 else 0.0,
                "disagree": len(raw) > 1 and max(raw) - min(raw) > DISAGREEMENT,
                "shortlisted": application.pk in shortlisted,
                "place": None,
                "tied": False,
            }
        )

    categories: dict[int, dict] = {}
    for row in rows:
        category = row["application"].category
        categories.setdefault(category.pk, {"category": category, "rows": []})["rows"].append(row)
    for group in categories.values():
        group["rows"].sort(
            key=lambda r: (r["normalised"] is None, -(r["normalised"] or 0), str(r["application"]))
        )
        place, previous = 0, None
        for index, row in enumerate(group["rows"], start=1):
            if row["normalised"] is None:
                continue
            if row["normalised"] != previous:
                place, previous = index, row["normalised"]
            row["place"] = place
        counts: dict[float, int] = defaultdict(int)
        for row in group["rows"]:
            if row["normalised"] is not None:
                counts[row["normalised"]] += 1
        for row in group["rows"]:
            row["tied"] = row["normalised"] is not None and counts[row["normalised"]] > 1
        group["shortlisted"] = sum(r["shortlisted"] for r in group["rows"])
    ordered = sorted(
        categories.values(),
        key=lambda g: (
            g["category"].parent.position if g["category"].parent else g["category"].position,
            g["category"].position,
            g["category"].pk,
        ),
    )
    return {
        "round": round,
        "rows": rows,
        "categories": ordered,
        "mean": round2(centre),
        "spread": round2(spread),
        "complete": sum(1 for s in scores if s.is_complete),
        "total": sum(e["assigned"] for e in per_application.values()),
        "disagreements": sum(1 for r in rows if r["disagree"]),
        "ties": sum(1 for r in rows if r["tied"]),
    }


def round2(value: float) -> float:
    return float(f"{value:.2f}")
