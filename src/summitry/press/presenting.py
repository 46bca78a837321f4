"""A release as a reader sees it, in the active language: its figures filled in (frozen or
live), its body's sanitised HTML, the edition and embargo lines, whether it is embargoed for
this reader, and whether the version shown is the original or a translation."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from summitry.core.bilingual import Localised, current_language, localise

from . import policy, queries
from .figures import fill
from .models import PressRelease
from .richtext import sanitise


@dataclass
class Presented:
    release: PressRelease
    headline: Localised
    summary: list[str]
    summary_lang: str
    body: SafeString
    body_lang: str
    department: Localised
    embargoed: bool
    public: bool
    is_translation: bool
    figures: dict

    @property
    def pk(self) -> int:
        return self.release.pk


def _filled(localised: Localised, counts: dict) -> Localised:
    return Localised(fill(localised.text, counts), localised.lang, localised.wanted)


def present(release: PressRelease, at: datetime.datetime) -> Presented:
    counts = queries.figures_for(release)
    headline = _filled(localise(release, "headline"), counts)
    summary = _filled(localise(release, "summary"), counts)
    body = localise(release, "body")
    # Sanitised again here, whoever wrote it; the figures are escaped.
    html = mark_safe(sanitise(fill(body.text, counts, escape=True)))  # noqa: S308
    if body.is_fallback:
        html = format_html('<div lang="{}">{}</div>', body.lang, html)
    return Presented(
        release=release,
        headline=headline,
        summary=[line.strip(" -•\t") for line in summary.text.splitlines() if line.strip()],
        summary_lang=summary.lang,
        body=html,
        body_lang=body.lang,
        department=localise(release, "department"),
        embargoed=not policy.is_public(release, at),
        public=policy.is_public(release, at),
        is_translation=headline.lang != release.original_language
        and current_language() == headline.lang,
        figures=counts,
    )
