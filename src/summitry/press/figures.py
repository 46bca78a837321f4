"""Figures a release cites from the delegations' counts: ``{{ counts.foreign_cities }}``.

A placeholder is replaced by the value of the counts (live for a draft, frozen at approval);
nothing else of a template language is evaluated, so a release's text cannot run code.
"""

from __future__ import annotations

import html
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PLACEHOLDER = re.compile(r"\{\{\s*counts\.([a-z_]+)\s*\}\}")
# The counts a sentence can cite (delegations.queries.counts): numbers, and the day.
CITABLE = ("foreign_cities", "countries", "organisations", "people", "delegations", "as_of")


def names_in(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text or ""))


def check(texts: dict[str, str]) -> None:
    """A ValidationError naming each field that cites an unknown figure."""
    errors = {}
    for field, text in texts.items():
        unknown = sorted(names_in(text) - set(CITABLE))
        if unknown:
            errors[field] = [
                _("Unknown figures: %(names)s. Known: %(known)s.")
                % {"names": ", ".join(unknown), "known": ", ".join(CITABLE)}
            ]
    if errors:
        raise ValidationError(errors)


def fill(text: str, counts: dict | None, *, escape: bool = False) -> str:
    """``text`` with each placeholder replaced by its figure (left as written if unknown)."""
    if not text or counts is None:
        return text or ""

    def value(match: re.Match) -> str:
        name = match.group(1)
        if name not in CITABLE or name not in counts:
            return match.group(0)
        shown = str(counts[name])
        return html.escape(shown) if escape else shown

    return PLACEHOLDER.sub(value, text)
