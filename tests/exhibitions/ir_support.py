"""An IR session to test with: a programme item marked as IR session, two pitching companies,
two investors (one with an account), and the pages and API reads for the permission matrix."""

from __future__ import annotations

import datetime
import zoneinfo

from django.core.files.uploadedfile import SimpleUploadedFile

from summitry.exhibitions import ir_services
from summitry.programme.models import ProgrammeItem
from tests.factories import OrganisationFactory, PersonFactory

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")


def deck(name="deck.pdf", content=b"%PDF-1.4\n%%EOF\n"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


class IR:
    pass


def ir_world(summit, organiser, *, investor_user=None, company_user=None, other_user=None):
    """The IR session on the summit's first day, 14:00–15:00; meetings 15:00–16:00 in
    20-minute slots at two tables. Robots (company_user) pitches first, Health second.
    Ana (investor_user) invests in smart city and medical devices; Ben (other_user) too."""
    w = IR()
    day = summit.start_date
    w.item = ProgrammeItem.objects.create(
        summit=summit,
        kind="presentation",
        block="afternoon",
        title_en="Innovative companies' IR",
        title_ko="혁신기업 IR",
        starts_at=datetime.datetime.combine(day, datetime.time(14), tzinfo=SEOUL),
        ends_at=datetime.datetime.combine(day, datetime.time(15), tzinfo=SEOUL),
    )
    w.session = ir_services.create_session(
        actor=organiser,
        summit=summit,
        item=w.item,
        data={
            "meeting_minutes": 20,
            "meetings_start": datetime.datetime.combine(day, datetime.time(15), tzinfo=SEOUL),
            "meetings_end": datetime.datetime.combine(day, datetime.time(16), tzinfo=SEOUL),
            "tables": 2,
        },
    )
    w.robots = ir_services.add_company(
        actor=organiser,
        session=w.session,
        data={
            "organisation": OrganisationFactory(
                slug="robots", kind="company", name_en="Robots Inc", name_ko="로봇주식회사"
            ),
            "user": company_user,
            "contact": PersonFactory(given_name="Rob"),
            "summary": {"en": "Delivery robots", "ko": "배달 로봇"},
            "sectors": ["smart_city", "ai"],
            "stage": "series_a",
            "pitch_minutes": 5,
        },
        deck=deck(),
    )
    w.health = ir_services.add_company(
        actor=organiser,
        session=w.session,
        data={
            "organisation": OrganisationFactory(
                slug="health", kind="company", name_en="Health Co", name_ko="헬스컴퍼니"
            ),
            "summary": {"en": "Contactless thermometers", "ko": "비접촉 체온계"},
            "sectors": ["medical_devices"],
            "stage": "seed",
            "mode": "online",
        },
    )
    w.ana = ir_services.add_investor(
        actor=organiser,
        session=w.session,
        data={
            "name": "Ana Investor",
            "user": investor_user,
            "sectors": ["smart_city", "medical_devices"],
            "stages": ["series_a"],
            "ticket_size": "medium",
            "notes": {"en": "Cities first", "ko": "도시 우선"},
        },
    )
    w.ben = ir_services.add_investor(
        actor=organiser,
        session=w.session,
        data={"name": "Ben Capital", "user": other_user, "sectors": ["medical_devices"]},
    )
    return w


def ir_pages(w, s, everyone, console) -> dict:
    """In the matrix world, ``applicant`` is an investor and ``other`` a pitching company."""
    ir = w.ir
    i = {**s, "session_id": ir.session.pk}
    sides = {**everyone(404), "anonymous": 302, "applicant": 200, "other": 200}
    from summitry.exhibitions import ir_documents

    token = ir_documents.calendar_token(ir.session, investor=ir.ana)
    return {
        # Staff have no page of their own here: they go to the console's.
        "exhibitions:ir": (i, {**sides, "staff": 302}, "get"),
        "exhibitions:ir-act": (
            i,
            {**everyone(404), "anonymous": 302, "applicant": 302, "other": 302, "staff": 302},
            "post",
        ),
        "exhibitions:ir-schedule": (i, sides, "get"),
        "exhibitions:ir-schedule-pdf": (i, sides, "get"),
        "exhibitions:ir-deck": ({**i, "company_id": ir.robots.pk}, {**sides, "staff": 200}, "get"),
        # The calendar address is its own key.
        "exhibitions:ir-calendar": ({**s, "token": token}, everyone(200), "get"),
        "exhibitions:ir-manage": (s, console, "get"),
        "exhibitions:ir-manage-session": (i, console, "get"),
        "exhibitions:ir-tables": (i, console, "get"),
        # The public sign-up form: anyone reads it (private to the reader, not cached).
        "exhibitions:ir-sign-up": (i, everyone(200), "get"),
        # The scheduler has not run in the world.
        "exhibitions:ir-run": (i, {**console, "staff": 404}, "get"),
    }


def ir_reads(w, f, everyone) -> dict:
    b = f"{f}/ir/sessions"
    i = f"{b}/{w.ir.session.pk}"
    sides = {**everyone(404), "anonymous": 401, "applicant": 200, "other": 200, "staff": 200}
    staff = {**everyone(403), "anonymous": 401, "staff": 200}
    return {
        "list_ir_sessions": (b, {**everyone(200), "anonymous": 401}),
        "list_ir_requests": (f"{i}/requests", sides),
        "get_ir_schedule": (f"{i}/schedule", sides),
        "list_ir_suggestions": (f"{i}/suggestions", staff),
        # The scheduler has not run in the world.
        "get_ir_scheduler_run": (f"{i}/schedule/run", {**staff, "staff": 404}),
    }
