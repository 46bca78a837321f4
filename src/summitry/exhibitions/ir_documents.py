"""A participant's IR meeting schedule as a PDF (WeasyPrint, Korean text in Nanum) and as an
iCalendar feed (RFC 5545, the icalendar package) at a signed address that needs no sign-in."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.template.loader import render_to_string
from icalendar import Calendar, Event
from weasyprint import HTML

from summitry.core.bilingual import localise

SALT = "summitry.exhibitions.ir-calendar"


def calendar_token(ir, *, investor=None, company=None) -> str:
    who = ("i", investor.pk) if investor is not None else ("c", company.pk)
    return signing.dumps([ir.pk, *who], salt=SALT, compress=True)


def read_token(token: str) -> tuple[int, str, int] | None:
    try:
        session_id, kind, pk = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if kind not in ("i", "c"):
        return None
    return int(session_id), kind, int(pk)


def schedule_pdf(context: dict, base_url: str) -> bytes:
    html = render_to_string("exhibitions/ir_schedule_pdf.html", context)
    return HTML(string=html, base_url=base_url).write_pdf()


def schedule_calendar(ir, rows, *, name: str, lang: str, other) -> bytes:
    """``other(meeting)``: the other side's name, as the event's title."""
    summit = ir.summit
    cal = Calendar()
    cal.add("prodid", "-//Summitry//IR meetings//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{localise(summit, 'name', lang).text} · IR · {name}")
    cal.add("x-wr-timezone", summit.time_zone)
    for meeting in rows:
        event = Event()
        event.add("uid", f"{summit.slug}-ir-meeting-{meeting.pk}@summitry")
        event.add("summary", f"IR: {other(meeting)}")
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.ends_at)
        event.add("location", f"{localise(ir.item, 'title', lang).text} · T{meeting.table}")
        event.add("url", f"{settings.SUMMITRY_SITE_URL}/{summit.slug}/ir/{ir.pk}/schedule/")
        cal.add_component(event)
    return cal.to_ical()
