"""iCalendar feeds of the programme (RFC 5545), through the icalendar package."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from icalendar import Calendar, Event

from summitry.core import registry
from summitry.core.bilingual import localise


def _event(summit, item, lang: str, own_time: str = "") -> Event:
    event = Event()
    event.add("uid", f"{summit.slug}-item-{item.pk}@summitry")
    event.add("summary", localise(item, "title", lang).text)
    event.add("dtstart", item.starts_at)
    event.add("dtend", item.ends_at)
    where = [localise(item, "place", lang).text] if item.place_ko or item.place_en else []
    if item.room_id:
        where.append(
            f"{localise(item.room.venue, 'name', lang)}, {localise(item.room, 'name', lang)}"
        )
    if where:
        event.add("location", " · ".join(where))
    description = localise(item, "description", lang).text
    if own_time:  # the hours in the summit's zone and the person's own
        description = f"{own_time}\n\n{description}" if description else own_time
    if description:
        event.add("description", description)
    event.add("url", item_url(summit, item))
    return event


def item_url(summit, item) -> str:
    """The item's permalink: its public page."""
    return f"{settings.SUMMITRY_SITE_URL}/{summit.slug}/programme/{item.pk}/"


def calendar(summit, items, lang: str | None = None) -> bytes:
    """A calendar of the items and their sub-items, titles in ``lang`` (with fallback)."""
    from summitry.core.bilingual import current_language

    lang = lang or current_language()
    cal = Calendar()
    cal.add("prodid", "-//Summitry//Programme//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", localise(summit, "name", lang).text)
    cal.add("x-wr-timezone", summit.time_zone)
    for item in items:
        cal.add_component(_event(summit, item, lang))
        for child in item.children.all():
            cal.add_component(_event(summit, child, lang))
            for talk in child.children.all():
                cal.add_component(_event(summit, talk, lang))
    return cal.to_ical()


def itinerary_calendar(summit, delegate, items, lang: str | None = None) -> bytes:
    from summitry.core.bilingual import current_language

    lang = lang or current_language()
    cal = Calendar()
    cal.add("prodid", "-//Summitry//Itinerary//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{localise(summit, 'name', lang).text} · {delegate.person}")
    cal.add("x-wr-timezone", summit.time_zone)
    with translation.override(lang):
        own = registry.item_times(summit, delegate.person_id, items)
    for item in items:
        cal.add_component(_event(summit, item, lang, own.get(item.pk, "")))
    return cal.to_ical()


def item_calendar(summit, item, lang: str | None = None) -> bytes:
    """One item as a calendar of a single event ("add to calendar")."""
    from summitry.core.bilingual import current_language

    lang = lang or current_language()
    cal = Calendar()
    cal.add("prodid", "-//Summitry//Programme item//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-timezone", summit.time_zone)
    cal.add_component(_event(summit, item, lang))
    return cal.to_ical()
