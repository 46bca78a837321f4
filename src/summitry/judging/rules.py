"""Who may do what in judging: small named predicates, used by services, pages and the API."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from summitry.summits.permissions import summit_permission

PERMISSION = "judging"

JUDGES_GROUP = "Judges"


# Staff of the summit's teams allowed to run the judging (summits.permissions).
manages_judging = summit_permission(PERMISSION)


def is_staff_for(user, summit) -> bool:
    """A team member of this summit with the right to manage judging."""
    return manages_judging.test(user, summit)


def require_staff(user, summit) -> None:
    if not is_staff_for(user, summit):
        raise PermissionDenied(_("Only judging staff may do this."))


def is_judge(user, judge) -> bool:
    return bool(
        user is not None and user.is_authenticated and user.is_active and judge.user_id == user.pk
    )


def judge_may_view(user, application) -> bool:
    """For the awards pages: a judge assigned to the application, without a conflict."""
    if user is None or not user.is_authenticated:
        return False
    from .queries import my_assignment, my_assignments

    assignment = (
        my_assignments(application.award.summit, user).filter(application=application).first()
    )
    if assignment is None:
        return False
    from django.http import Http404

    try:
        my_assignment(
            application.award.summit, user, assignment.round_id, assignment.application_id
        )
    except Http404:
        return False
    return True
