"""Reads of investor relations: a session (404 outside its summit), what a participant sees
(their own requests and, once published, their own meetings), and the staff's lists."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from summitry.core.scoping import in_summit
from summitry.summits.models import Summit

from .ir_models import Investor, IRMeeting, IRSession, MeetingStatus, PitchingCompany


def session(summit: Summit, session_id: int) -> IRSession:
    found = (
        in_summit(IRSession, summit).select_related("summit", "item").filter(pk=session_id).first()
    )
    if found is None:
        raise Http404(_("No such IR session."))
    return found


def sessions(summit: Summit):
    return in_summit(IRSession, summit).select_related("item")


def sessions_of(user, summit: Summit):
    """The summit's IR sessions where the user is an investor or a pitching company."""
    if not getattr(user, "is_authenticated", False):
        return IRSession.objects.none()
    return sessions(summit).filter(Q(investors__user=user) | Q(companies__user=user)).distinct()


def companies(ir: IRSession):
    return PitchingCompany.objects.filter(session=ir).select_related("organisation", "contact")


def investors(ir: IRSession):
    return Investor.objects.filter(session=ir).select_related("organisation", "person")


def approved_investors(ir: IRSession):
    """The investors who may request and get meetings (signed-up ones once approved)."""
    return investors(ir).filter(status="approved")


def meetings(ir: IRSession):
    return IRMeeting.objects.filter(session=ir).select_related("investor", "company__organisation")


def meetings_of(ir: IRSession, *, investor=None, company=None):
    rows = meetings(ir)
    if investor is not None:
        return rows.filter(investor=investor)
    if company is not None:
        return rows.filter(company=company)
    return rows.none()


def schedule_of(ir: IRSession, *, investor=None, company=None, staff: bool = False):
    """The participant's scheduled meetings in time order; none until the schedule is
    published (staff see the draft)."""
    if ir.published_at is None and not staff:
        return IRMeeting.objects.none()
    return (
        meetings_of(ir, investor=investor, company=company)
        .filter(status=MeetingStatus.ACCEPTED, starts_at__isnull=False)
        .prefetch_related("follow_ups")
        .order_by("starts_at", "table")
    )


def meeting(ir: IRSession, meeting_id: int) -> IRMeeting:
    found = meetings(ir).filter(pk=meeting_id).first()
    if found is None:
        raise Http404(_("No such meeting."))
    return found


def search(rows, text: str):
    text = (text or "").strip()
    if not text:
        return rows
    return rows.filter(
        Q(investor__name__icontains=text)
        | Q(company__organisation__name_ko__icontains=text)
        | Q(company__organisation__name_en__icontains=text)
    )


def home_block(request, summit) -> dict | None:
    """The summit's home page, for an investor or a pitching company: their IR page."""
    found = list(sessions_of(request.user, summit))
    return {"ir_sessions": found} if found else None


def candidate_items(summit: Summit):
    """The summit's programme items that are not IR sessions yet, in time order."""
    from summitry.programme.models import ProgrammeItem

    return in_summit(ProgrammeItem, summit).filter(ir_session__isnull=True).order_by("starts_at")


def organisations_outside(ir: IRSession):
    """Organisations of the directory that do not pitch in the session yet."""
    from summitry.directory.models import Organisation

    return Organisation.objects.exclude(
        pk__in=ir.companies.values_list("organisation_id", flat=True)
    ).order_by("name_en")


def all_organisations():
    from summitry.directory.models import Organisation

    return Organisation.objects.all()


def account(email: str):
    """The account that signs in with ``email``, or None."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(email__iexact=email).first()


def whole_schedule(ir: IRSession):
    """Every scheduled accepted meeting (the draft too): for staff."""
    return meetings(ir).filter(status=MeetingStatus.ACCEPTED, starts_at__isnull=False)


def no_show_count(ir: IRSession) -> int:
    from .ir_models import Attendance

    rows = meetings(ir).filter(starts_at__isnull=False)
    return (
        rows.filter(investor_attendance=Attendance.NO_SHOW).count()
        + rows.filter(company_attendance=Attendance.NO_SHOW).count()
    )


def person(slug: str):
    """The directory's person with this short identifier, or None."""
    from summitry.directory.models import Person

    return Person.objects.filter(slug=slug).first()
