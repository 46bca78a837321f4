"""Every write of investor relations: the IR session, its pitching companies and investors
(staff), meeting requests (either side, or staff for both) and their answers, the scheduler's
run (in the background, core.runs) and the publication of its schedule (staff), attendance
(staff) and each side's follow-up. Each write is validated, atomic and recorded in the history.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from summitry.core import audit, runs
from summitry.core import services as core
from summitry.core.models import Run
from summitry.core.scoping import in_summit
from summitry.programme.models import ProgrammeItem
from summitry.summits.models import Summit

from . import ir_scheduling, policy
from .ir_models import (
    Attendance,
    FollowUp,
    Investor,
    InvestorStatus,
    IRMeeting,
    IRSession,
    MeetingStatus,
    Outcome,
    PitchingCompany,
    Sector,
    Side,
    Stage,
)

DECK_MAX_MB = 20
SCHEDULER_RUN = "exhibitions.ir-schedule"


# --- who is who ---------------------------------------------------------------------------------


def investor_of(user, session: IRSession) -> Investor | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return session.investors.filter(user=user, status=InvestorStatus.APPROVED).first()


def company_of(user, session: IRSession) -> PitchingCompany | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return session.companies.filter(user=user).first()


def side_of(user, meeting: IRMeeting) -> str | None:
    """``investor`` or ``company`` when the user is that side of the meeting."""
    if not getattr(user, "is_authenticated", False):
        return None
    if meeting.investor.user_id == user.pk:
        return Side.INVESTOR
    if meeting.company.user_id == user.pk:
        return Side.COMPANY
    return None


# --- the session, its companies and investors (staff) -------------------------------------------


def _check_window(session: IRSession) -> None:
    summit = session.summit
    zone = summit.zone
    if session.meetings_start and session.meetings_end:
        first = session.meetings_start.astimezone(zone).date()
        last = session.meetings_end.astimezone(zone).date()
        if first < summit.start_date or last > summit.end_date:
            raise ValidationError(
                {"meetings_start": _("The meetings must fall within the summit's days.")}
            )


SESSION_FIELDS = {"meeting_minutes", "meetings_start", "meetings_end", "tables", "is_sample"}


def _only(data: dict[str, Any], allowed: set[str]) -> dict[str, Any]:
    data = core.flatten_bilingual(dict(data))
    unknown = sorted(name for name in data if name not in allowed)
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(unknown)})
    return data


@transaction.atomic
def create_session(*, actor, summit: Summit, item: ProgrammeItem, data: dict) -> IRSession:
    policy.require_staff(actor, summit)
    if item.summit_id != summit.pk:
        raise ValidationError({"item": _("Choose an item of this summit's programme.")})
    if IRSession.objects.filter(item=item).exists():
        raise ValidationError({"item": _("This programme item is already an IR session.")})
    session = IRSession(summit=summit, item=item, **_only(data, SESSION_FIELDS))
    _check_window(session)
    return core.create(actor=actor, instance=session)


@transaction.atomic
def update_session(*, actor, session: IRSession, data: dict) -> IRSession:
    policy.require_staff(actor, session.summit)
    changes = _only(data, SESSION_FIELDS)
    for name, value in changes.items():
        setattr(session, name, value)
    _check_window(session)
    session.refresh_from_db(fields=list(changes))
    return core.update(actor=actor, instance=session, changes=changes)


def _check_choices(values, allowed, field: str) -> list[str]:
    if not isinstance(values, list | tuple) or any(v not in allowed for v in values):
        raise ValidationError({field: _("Choose from the list.")})
    return sorted(set(values))


COMPANY_FIELDS = {
    "organisation",
    "user",
    "contact",
    "summary_ko",
    "summary_en",
    "sectors",
    "stage",
    "position",
    "pitch_minutes",
    "mode",
    "is_sample",
}


def _check_deck(deck) -> None:
    if deck is None:
        return
    if deck.size > DECK_MAX_MB * 1024 * 1024:
        raise ValidationError(
            {"deck": _("The pitch deck is larger than %(mb)s MB.") % {"mb": DECK_MAX_MB}}
        )
    head = deck.read(5)
    deck.seek(0)
    if head != b"%PDF-":
        raise ValidationError({"deck": _("Upload the pitch deck as a PDF file.")})


@transaction.atomic
def add_company(*, actor, session: IRSession, data: dict, deck=None) -> PitchingCompany:
    policy.require_staff(actor, session.summit)
    data = _only(data, COMPANY_FIELDS)
    data["sectors"] = _check_choices(data.get("sectors", []), Sector.values, "sectors")
    _check_deck(deck)
    if "position" not in data:
        data["position"] = session.companies.count() + 1
    company = PitchingCompany(session=session, **data)
    if deck is not None:
        company.deck.save(f"deck-{session.pk}.pdf", deck, save=False)
    return core.create(actor=actor, instance=company)


@transaction.atomic
def set_deck(*, actor, company: PitchingCompany, deck) -> PitchingCompany:
    """The company itself or staff upload its pitch deck (a PDF)."""
    if company.user_id != getattr(actor, "pk", None):
        policy.require_staff(actor, company.session.summit)
    _check_deck(deck)
    company.deck.save(f"deck-{company.session_id}-{company.pk}.pdf", deck, save=True)
    audit.record(actor=actor, obj=company, action="changed", fields=["deck"])
    return company


@transaction.atomic
def remove_company(*, actor, company: PitchingCompany) -> None:
    policy.require_staff(actor, company.session.summit)
    core.delete(actor=actor, instance=company)


INVESTOR_FIELDS = {
    "name",
    "user",
    "person",
    "organisation",
    "sectors",
    "stages",
    "ticket_size",
    "notes_ko",
    "notes_en",
    "profile_ko",
    "profile_en",
    "is_sample",
}
SIGN_UP_FIELDS = {"name", "sectors", "stages", "ticket_size", "profile_ko", "profile_en"}


def registration_of(user, session: IRSession) -> Investor | None:
    """The user's own investor registration for the session (approved or not)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return session.investors.filter(user=user).first()


@transaction.atomic
def sign_up_investor(*, actor, session: IRSession, data: dict) -> Investor:
    """An investor signs up for the session through its public form (signed in, once):
    their interests and a profile in either language; staff approve before they request
    or get meetings."""
    from .ir_models import TicketSize

    if not getattr(actor, "is_authenticated", False):
        raise ValidationError(_("Sign in to register as an investor."))
    data = _only(data, SIGN_UP_FIELDS)
    data["name"] = str(data.get("name") or "").strip()
    if not data["name"]:
        raise ValidationError({"name": _("Give your name and your firm.")})
    data["sectors"] = _check_choices(data.get("sectors", []), Sector.values, "sectors")
    if not data["sectors"]:
        raise ValidationError({"sectors": _("Choose at least one sector you invest in.")})
    data["stages"] = _check_choices(data.get("stages", []), Stage.values, "stages")
    if data.get("ticket_size", "") not in ("", *TicketSize.values):
        raise ValidationError({"ticket_size": _("Choose from the list.")})
    if registration_of(actor, session) is not None:
        raise ValidationError(_("You have already registered for this IR session."))
    investor = Investor(session=session, user=actor, status=InvestorStatus.PENDING, **data)
    return core.create(actor=actor, instance=investor)


@transaction.atomic
def approve_investor(*, actor, investor: Investor) -> Investor:
    """Staff approve a signed-up investor: from now on they request and get meetings."""
    policy.require_staff(actor, investor.session.summit)
    if investor.status == InvestorStatus.APPROVED:
        return investor
    return core.update(actor=actor, instance=investor, changes={"status": InvestorStatus.APPROVED})


@transaction.atomic
def add_investor(*, actor, session: IRSession, data: dict) -> Investor:
    policy.require_staff(actor, session.summit)
    data = _only(data, INVESTOR_FIELDS)
    data["sectors"] = _check_choices(data.get("sectors", []), Sector.values, "sectors")
    data["stages"] = _check_choices(data.get("stages", []), Stage.values, "stages")
    return core.create(actor=actor, instance=Investor(session=session, **data))


@transaction.atomic
def remove_investor(*, actor, investor: Investor) -> None:
    policy.require_staff(actor, investor.session.summit)
    core.delete(actor=actor, instance=investor)


# --- requests and answers -----------------------------------------------------------------------


@transaction.atomic
def request_meeting(
    *, actor, investor: Investor, company: PitchingCompany, message: str = ""
) -> IRMeeting:
    """An investor asks a company, a company an investor, or staff suggest the pair to both;
    the asking side has agreed, the other (or both, for staff) answers."""
    session = investor.session
    if company.session_id != session.pk:
        raise ValidationError(_("The investor and the company are not in the same IR session."))
    if investor.user_id and investor.user_id == getattr(actor, "pk", None):
        side = Side.INVESTOR
    elif company.user_id and company.user_id == getattr(actor, "pk", None):
        side = Side.COMPANY
    elif policy.is_staff_for(actor, session.summit):
        side = Side.ORGANISER
    else:
        raise PermissionDenied(_("Only the investor, the company or staff may ask for this."))
    if len(message) > 2000:
        raise ValidationError({"message": _("Keep the message under 2,000 characters.")})
    if IRMeeting.objects.filter(investor=investor, company=company).exists():
        raise ValidationError(_("These two already have a meeting request."))
    meeting = IRMeeting(
        session=session,
        investor=investor,
        company=company,
        requested_by=side,
        message=message,
        investor_agreed=side == Side.INVESTOR,
        company_agreed=side == Side.COMPANY,
    )
    return core.create(actor=actor, instance=meeting)


@transaction.atomic
def respond(*, actor, meeting: IRMeeting, accept: bool) -> IRMeeting:
    """The side that has not agreed yet answers; a no declines the meeting."""
    meeting = (
        IRMeeting.objects.select_for_update()
        .select_related("investor", "company", "session__summit")
        .get(pk=meeting.pk)
    )
    side = side_of(actor, meeting)
    if side is None:
        raise PermissionDenied(_("Only the other side may answer this request."))
    if meeting.status != MeetingStatus.PENDING:
        raise ValidationError(_("This request has already been answered."))
    agreed = meeting.investor_agreed if side == Side.INVESTOR else meeting.company_agreed
    if agreed:
        raise ValidationError(_("You have already agreed; the other side answers."))
    changes: dict[str, Any] = {"answered_at": timezone.now()}
    if not accept:
        changes["status"] = MeetingStatus.DECLINED
    else:
        changes["investor_agreed" if side == Side.INVESTOR else "company_agreed"] = True
        if (meeting.investor_agreed or side == Side.INVESTOR) and (
            meeting.company_agreed or side == Side.COMPANY
        ):
            changes["status"] = MeetingStatus.ACCEPTED
    return core.update(actor=actor, instance=meeting, changes=changes)


@transaction.atomic
def cancel(*, actor, meeting: IRMeeting) -> IRMeeting:
    if side_of(actor, meeting) is None:
        policy.require_staff(actor, meeting.session.summit)
    if meeting.status in (MeetingStatus.DECLINED, MeetingStatus.CANCELLED):
        raise ValidationError(_("This meeting is no longer on."))
    return core.update(
        actor=actor,
        instance=meeting,
        changes={
            "status": MeetingStatus.CANCELLED,
            "starts_at": None,
            "ends_at": None,
            "table": None,
        },
    )


# --- the scheduler (staff) ----------------------------------------------------------------------


def start_scheduler(*, actor, session: IRSession) -> Run:
    """Queue a run of the scheduler (``tasks.schedule_ir_meetings``); the run under way when
    one is queued or running already."""
    from .tasks import schedule_ir_meetings

    policy.require_staff(actor, session.summit)
    return runs.start(
        kind=SCHEDULER_RUN,
        subject=f"ir:{session.pk}",
        summit=session.summit,
        actor=actor,
        task=schedule_ir_meetings,
    )


def latest_run(session: IRSession) -> Run | None:
    return runs.latest(kind=SCHEDULER_RUN, subject=f"ir:{session.pk}")


@transaction.atomic
def run_scheduler(*, actor, session: IRSession, report=None) -> ir_scheduling.Draft:
    """Place every accepted meeting anew; the schedule is a draft again until published.
    Slow: pages and the API start it in the background (``start_scheduler``)."""
    policy.require_staff(actor, session.summit)
    session = (
        IRSession.objects.select_for_update().select_related("summit", "item").get(pk=session.pk)
    )
    draft = ir_scheduling.schedule(session, report)
    for meeting in ir_scheduling.accepted(session):
        placed = draft.placements.get(meeting.pk)
        if placed:
            slot, table = placed
            meeting.starts_at, meeting.ends_at, meeting.table = slot.start, slot.end, table
        else:
            meeting.starts_at = meeting.ends_at = meeting.table = None
        meeting.save(update_fields=["starts_at", "ends_at", "table"])
    session.published_at = None
    session.save(update_fields=["published_at"])
    problems = ir_scheduling.verify_draft(session)
    if problems:
        raise ValidationError(problems)
    audit.record(actor=actor, obj=session, action="changed", fields=["IR schedule"])
    return draft


def draft_result(draft: ir_scheduling.Draft) -> dict:
    return {
        "status": draft.status,
        "placed": len(draft.placements),
        "unscheduled": len(draft.unscheduled),
        "idle_gaps": draft.idle_gaps,
    }


@transaction.atomic
def publish(*, actor, session: IRSession) -> IRSession:
    """Everyone sees their meetings of the schedule as it stands."""
    policy.require_staff(actor, session.summit)
    if not session.meetings.filter(starts_at__isnull=False).exists():
        raise ValidationError(_("No meeting is scheduled yet: run the scheduler first."))
    problems = ir_scheduling.verify_draft(session)
    if problems:
        raise ValidationError(problems)
    return core.update(actor=actor, instance=session, changes={"published_at": timezone.now()})


# --- at and after the meeting -------------------------------------------------------------------


@transaction.atomic
def mark_attendance(*, actor, meeting: IRMeeting, investor: str, company: str) -> IRMeeting:
    policy.require_staff(actor, meeting.session.summit)
    if investor not in Attendance.values or company not in Attendance.values:
        raise ValidationError(_("Choose from the list."))
    if not meeting.is_scheduled:
        raise ValidationError(_("This meeting is not scheduled."))
    return core.update(
        actor=actor,
        instance=meeting,
        changes={"investor_attendance": investor, "company_attendance": company},
    )


# A table's meeting may be checked in from this long before it starts until it ends.
TABLE_EARLY = datetime.timedelta(minutes=15)


def _is(holder, user_id, person_id) -> bool:
    if user_id is not None and holder.user_id == user_id:
        return True
    return person_id is not None and holder.person.pk == person_id


@transaction.atomic
def check_in_at_table(
    *, actor, session: IRSession, table, code: str, at: datetime.datetime | None = None
) -> tuple[IRMeeting, str]:
    """At an IR table, an investor's or a company's badge is scanned (by IR staff, or by a
    pitching company's account at its own meetings): their side of the meeting at that
    table now (from 15 minutes before it starts until it ends) is marked present; the
    meetings nobody checked in at stay "not marked" for staff to mark as no-shows.

    Returns the meeting and the side marked. A forged, superseded or revoked code, another
    summit's badge, or someone without a meeting at that table now is refused."""
    from summitry.checkin import signing
    from summitry.checkin.models import HOLDER_RELATED, Badge

    summit = session.summit
    company = None
    if not policy.is_staff_for(actor, summit):
        company = company_of(actor, session)
        if company is None:
            raise PermissionDenied(_("Only IR staff and the session's companies check in here."))
    try:
        table = int(table)
    except (TypeError, ValueError):
        table = 0
    if not 1 <= table <= session.tables:
        raise ValidationError(
            {"table": [_("Choose a table from 1 to %(n)d.") % {"n": session.tables}]}
        )
    try:
        payload = signing.verify(code)
    except signing.Forged as error:
        raise ValidationError({"code": [_("This is not a valid badge code.")]}) from error
    badge = (
        Badge.objects.select_related(*HOLDER_RELATED)
        .filter(summit_id=summit.pk, pk=payload.badge_id)
        .first()
    )
    if (
        badge is None
        or badge.revoked_at is not None
        or badge.version != payload.version
        or badge.holder.withdrawn
    ):
        raise ValidationError({"code": [_("This badge is no longer valid.")]})
    holder = badge.holder
    at = at or timezone.now()
    meetings = (
        session.meetings.select_for_update()
        .select_related("investor", "company")
        .filter(table=table, starts_at__lte=at + TABLE_EARLY, ends_at__gte=at)
        .exclude(status__in=[MeetingStatus.DECLINED, MeetingStatus.CANCELLED])
        .order_by("starts_at")
    )
    if company is not None:
        meetings = meetings.filter(company=company)
    for meeting in meetings:
        if _is(holder, meeting.investor.user_id, meeting.investor.person_id):
            field, side = "investor_attendance", Side.INVESTOR
        elif _is(holder, meeting.company.user_id, meeting.company.contact_id):
            field, side = "company_attendance", Side.COMPANY
        else:
            continue
        if getattr(meeting, field) != Attendance.PRESENT:
            meeting = core.update(
                actor=actor, instance=meeting, changes={field: Attendance.PRESENT}
            )
        return meeting, side
    raise ValidationError(
        {
            "code": [
                _("%(name)s has no meeting at table %(table)d now.")
                % {"name": holder.name, "table": table}
            ]
        }
    )


@transaction.atomic
def write_follow_up(*, actor, meeting: IRMeeting, outcome: str, next_step: str) -> FollowUp:
    """The investor's or the company's note after their meeting; written again, it changes."""
    side = side_of(actor, meeting)
    if side is None:
        raise PermissionDenied(_("Only the two sides of a meeting write its follow-up."))
    if not meeting.is_scheduled or meeting.session.published_at is None:
        raise ValidationError(_("This meeting is not in the published schedule."))
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose from the list.")})
    if len(next_step) > 2000:
        raise ValidationError({"next_step": _("Keep the next step under 2,000 characters.")})
    found = FollowUp.objects.filter(meeting=meeting, side=side).first()
    if found is not None:
        return core.update(
            actor=actor,
            instance=found,
            changes={"outcome": outcome, "next_step": next_step, "written_by": actor},
        )
    return core.create(
        actor=actor,
        instance=FollowUp(
            meeting=meeting, side=side, outcome=outcome, next_step=next_step, written_by=actor
        ),
    )


# --- matching (read, for staff) -----------------------------------------------------------------


def suggestions(session: IRSession, limit: int = 50) -> list[dict]:
    """Pairs without a request yet, by overlap of interests: each shared sector counts two,
    a company at a stage the investor invests in counts one. Best first."""
    asked = set(session.meetings.values_list("investor_id", "company_id"))
    companies = list(session.companies.select_related("organisation"))
    result = []
    for investor in session.investors.filter(status=InvestorStatus.APPROVED):
        for company in companies:
            if (investor.pk, company.pk) in asked:
                continue
            shared = sorted(set(investor.sectors) & set(company.sectors))
            stage = bool(company.stage) and company.stage in investor.stages
            score = 2 * len(shared) + int(stage)
            if score:
                result.append(
                    {
                        "investor": investor,
                        "company": company,
                        "score": score,
                        "sectors": [Sector(s).label for s in shared],
                        "stage": stage,
                    }
                )
    result.sort(key=lambda r: (-r["score"], r["investor"].name, r["company"].position))
    return result[:limit]


def sessions(summit: Summit):
    return in_summit(IRSession, summit).select_related("item")


def window_defaults(item: ProgrammeItem) -> dict[str, datetime.datetime]:
    """One-to-one meetings right after the pitches, for two hours, by default."""
    return {
        "meetings_start": item.ends_at,
        "meetings_end": item.ends_at + datetime.timedelta(hours=2),
    }
