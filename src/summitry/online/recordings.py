"""Recordings of online items per language channel, their captions as WebVTT (read and
written with webvtt-py), and the public library of recordings filterable by field (the
programme's theme) and speaker."""

from __future__ import annotations

import io

import webvtt
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from webvtt.errors import MalformedFileError

from summitry.core import services as core
from summitry.core.scoping import in_summit
from summitry.programme import queries as programme_queries

from . import access, queries
from .models import Recording

MAX_CAPTIONS_BYTES = 2 * 1024 * 1024


def read_captions(data: bytes) -> str:
    """Uploaded captions as WebVTT text, written anew by webvtt-py; a clear message when the
    file is not WebVTT (or not UTF-8, or has no cue)."""
    if len(data) > MAX_CAPTIONS_BYTES:
        raise ValidationError({"captions": _("Captions are at most 2 MB.")})
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError({"captions": _("Captions must be a UTF-8 WebVTT file.")}) from error
    try:
        parsed = webvtt.from_buffer(io.StringIO(text))
    except (MalformedFileError, ValueError) as error:
        raise ValidationError(
            {"captions": _("This is not a WebVTT file (it starts with “WEBVTT” and has cues).")}
        ) from error
    if not parsed.captions:
        raise ValidationError({"captions": _("The captions file has no cue.")})
    return parsed.content


def cue_count(text: str) -> int:
    return len(webvtt.from_buffer(io.StringIO(text)).captions) if text else 0


@transaction.atomic
def add_recording(*, actor, item, channel: str, url: str, captions: bytes | None) -> Recording:
    access.require_staff(actor, item.summit)
    online = queries.online_of(item)
    if online is None or not online.is_online:
        raise ValidationError({"channel": _("Only an item held online or hybrid has recordings.")})
    text = read_captions(captions) if captions else ""
    return core.create(
        actor=actor, instance=Recording(online=online, channel=channel, url=url, captions=text)
    )


@transaction.atomic
def update_recording(*, actor, recording: Recording, changes: dict) -> Recording:
    """Staff change a recording's link or captions (WebVTT text; empty removes them)."""
    access.require_staff(actor, recording.online.item.summit)
    found = {}
    if changes.get("url") is not None:
        found["url"] = changes["url"]
    if changes.get("captions") is not None:
        text = changes["captions"]
        found["captions"] = read_captions(text.encode("utf-8")) if text.strip() else ""
    return core.update(actor=actor, instance=recording, changes=found)


def captions_language(recording: Recording) -> str | None:
    """The language of a recording's captions: its channel's, the floor language for the floor
    channel; None without captions."""
    if not recording.captions:
        return None
    if recording.channel == "floor":
        return recording.online.floor_language
    return recording.channel


@transaction.atomic
def delete_recording(*, actor, recording: Recording) -> None:
    access.require_staff(actor, recording.online.item.summit)
    core.delete(actor=actor, instance=recording)


def recording(summit, recording_id: int) -> Recording:
    found = in_summit(Recording, summit).filter(pk=recording_id).select_related("online__item")
    found = found.first()
    if found is None:
        raise Http404(_("This summit has no such recording."))
    return found


def of_item(online) -> list[Recording]:
    return list(online.recordings.all()) if online is not None else []


def library(summit, user, *, theme: str = "", speaker: str = "") -> QuerySet:
    """The recordings of the items the reader may see, by the items' times; ``theme`` and
    ``speaker`` (ids) narrow them."""
    visible = programme_queries.visible_items(summit, user).values("pk")
    rows = (
        in_summit(Recording, summit)
        .filter(online__item__in=visible)
        .select_related("online__item__theme")
        .order_by("online__item__starts_at", "online__item_id", "pk")
    )
    if theme.isdigit():
        rows = rows.filter(online__item__theme_id=int(theme))
    if speaker.isdigit():
        rows = rows.filter(
            Q(online__item__people__person_id=int(speaker))
            & Q(online__item__people__role="speaker")
        ).distinct()
    return rows


def choices(summit, user) -> dict:
    """The themes and speakers of items that have recordings (the library's filters)."""
    from summitry.directory.models import Person
    from summitry.summits.models import SessionTheme

    items = library(summit, user).values("online__item")
    themes = SessionTheme.objects.filter(items__in=items).distinct()
    speakers = Person.objects.filter(
        programme_roles__item__in=items, programme_roles__role="speaker"
    ).distinct()
    return {"themes": themes, "speakers": speakers}
