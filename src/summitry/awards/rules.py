"""Who may do what with awards: small named predicates, used by services, queries and pages.

Time rule of the call: applications may be created, changed and submitted from ``opens_at``
(included) until ``closes_at`` (excluded): **closes_at is the first instant refused**.

Viewing an application (its answers and files) is allowed to its applicant and to awards staff;
other apps (judging) add their own check with :func:`register_viewer_check`, e.g. a judge
assigned to the application. Everything that shows an application or serves one of its files
asks :func:`may_view_application`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from summitry.summits.permissions import summit_permission

PERMISSION = "awards"

_viewer_checks: list[Callable[[object, object], bool]] = []


def register_viewer_check(check: Callable[[object, object], bool]) -> None:
    """Let ``check(user, application) -> bool`` grant viewing (called from another app's
    ``AppConfig.ready``; registering the same function twice has no effect)."""
    if check not in _viewer_checks:
        _viewer_checks.append(check)


# Staff of the summit's teams allowed to run its awards (summits.permissions): the call, the
# applications, screening and publication.
manages_awards = summit_permission(PERMISSION)


def is_staff_for(user, summit) -> bool:
    """A team member of this summit with the right to manage awards."""
    return manages_awards.test(user, summit)


def is_applicant(user, application) -> bool:
    return bool(user is not None and user.is_authenticated and application.applicant_id == user.pk)


def may_view_application(user, application) -> bool:
    """The applicant, awards staff, or anyone a registered check (judging) allows."""
    if is_applicant(user, application) or is_staff_for(user, application.award.summit):
        return True
    if user is None or not user.is_authenticated:
        return False
    return any(check(user, application) for check in _viewer_checks)


def is_open(award, at: datetime.datetime | None = None) -> bool:
    """``opens_at <= at < closes_at``: closes_at is the first instant refused."""
    at = at or timezone.now()
    return award.opens_at <= at < award.closes_at


def results_public(award, at: datetime.datetime | None = None) -> bool:
    """Winners are visible to everyone from ``results_published_at`` (included)."""
    at = at or timezone.now()
    return award.results_published_at is not None and at >= award.results_published_at


def may_see_results(user, award) -> bool:
    return results_public(award) or is_staff_for(user, award.summit)


def require_staff(user, summit) -> None:
    if not is_staff_for(user, summit):
        raise PermissionDenied(_("Only organiser staff may do this."))


def require_setup(user, summit) -> None:
    """Opening a call (award, categories, questions): the same right at this summit."""
    if not is_staff_for(user, summit):
        raise PermissionDenied(_("Only organiser staff may set up awards."))


def require_applicant(user, application) -> None:
    if not is_applicant(user, application):
        raise PermissionDenied(_("Only the applicant may change this application."))


def require_open(award, at: datetime.datetime | None = None) -> None:
    """Refuse (ValidationError, nothing changes) outside ``opens_at <= now < closes_at``."""
    at = at or timezone.now()
    if not is_open(award, at):
        if at < award.opens_at:
            raise ValidationError(_("Applications are not open yet."))
        raise ValidationError(_("Applications are closed: the deadline has passed."))
