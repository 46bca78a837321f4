"""One line per programme change, in the reader's language and the summit's time zone."""

import datetime

from django import template
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from summitry.core.bilingual import current_language, other_language

register = template.Library()


def _title(change: dict) -> str:
    lang = current_language()
    return change["title"].get(lang) or change["title"].get(other_language(lang)) or ""


def _when(value: str) -> str:
    moment = timezone.localtime(datetime.datetime.fromisoformat(value))
    return formats.date_format(moment, "SHORT_DATETIME_FORMAT")


@register.simple_tag
def change_line(change: dict) -> str:
    title = _title(change)
    if change["change"] == "added":
        return _("New: %(title)s") % {"title": title}
    if change["change"] == "removed":
        return _("Removed: %(title)s") % {"title": title}
    parts = []
    for field in change["fields"]:
        before, after = change["before"][field], change["after"][field]
        if field in ("starts_at", "ends_at"):
            before, after = _when(before), _when(after)
        elif isinstance(after, dict):
            lang = current_language()
            before, after = before.get(lang) or "", after.get(lang) or ""
        label = {
            "title": _("title"),
            "starts_at": _("start"),
            "ends_at": _("end"),
            "place": _("place"),
            "room": _("room"),
        }[field]
        parts.append(f"{label}: {before or '—'} → {after or '—'}")
    return _("Changed: %(title)s (%(changes)s)") % {"title": title, "changes": "; ".join(parts)}
