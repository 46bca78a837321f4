"""Who may do what in city diplomacy: small named predicates, used by services and pages.

A delegation's contact acts for their own delegation's organisation; the host city has no
delegation and is acted for by protocol officers (staff with the diplomacy permissions), who
may act for any side."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from summitry.summits.permissions import summit_permission

from .models import RequestStatus

# Staff of the summit's teams with the diplomacy rights (summits.permissions): bilateral
# meetings (protocol officers), the gift log, the agreements register.
MEETINGS, GIFTS, AGREEMENTS = "meetings", "gifts", "agreements"
manages_meetings = summit_permission(MEETINGS)
keeps_gifts = summit_permission(GIFTS)
keeps_agreements = summit_permission(AGREEMENTS)


def is_officer(user, summit) -> bool:
    """A protocol officer of this summit: may manage its bilateral meetings for any side."""
    return manages_meetings.test(user, summit)


def officer_addresses(summit) -> list[str]:
    """The e-mail addresses of this summit's protocol officers (its team members who manage
    bilateral meetings), for what reaches the host's side."""
    officers = get_user_model().objects.filter(is_active=True, pk__in=_officer_ids(summit))
    return sorted(set(officers.exclude(email="").values_list("email", flat=True)))


def _officer_ids(summit) -> list[int]:
    from summitry.summits.models import Team

    ids: set[int] = set()
    for team in Team.objects.filter(summit=summit).prefetch_related("members"):
        if MEETINGS in (team.permissions or []):
            ids.update(member.pk for member in team.members.all())
    return sorted(ids)


def organisations_of(user, summit) -> set[int]:
    """The organisations a contact acts for at this summit (their delegations)."""
    if user is None or not user.is_authenticated:
        return set()
    from summitry.core.scoping import in_summit
    from summitry.delegations.models import Delegation

    return set(
        in_summit(Delegation, summit).filter(contact=user).values_list("organisation_id", flat=True)
    )


def acts_for(user, summit, organisation_id: int) -> bool:
    return is_officer(user, summit) or organisation_id in organisations_of(user, summit)


def is_party(user, request) -> bool:
    mine = organisations_of(user, request.summit)
    return request.requester_id in mine or request.counterpart_id in mine


def can_view(user, request) -> bool:
    return is_officer(user, request.summit) or is_party(user, request)


def require_officer(user, summit) -> None:
    if not is_officer(user, summit):
        raise PermissionDenied(_("Only protocol officers may do this."))


def require_acts_for(user, summit, organisation_id: int) -> None:
    if not acts_for(user, summit, organisation_id):
        raise PermissionDenied(_("You may act only for your own delegation."))


def may_answer(user, request) -> bool:
    """The counterpart answers a request; the requester answers a proposal of other times."""
    if is_officer(user, request.summit):
        return True
    mine = organisations_of(user, request.summit)
    if request.status == RequestStatus.REQUESTED:
        return request.counterpart_id in mine
    if request.status == RequestStatus.PROPOSED:
        return request.requester_id in mine
    return False


def is_gift_keeper(user, summit) -> bool:
    return keeps_gifts.test(user, summit)


def require_gift_keeper(user, summit) -> None:
    if not is_gift_keeper(user, summit):
        raise PermissionDenied(_("Only protocol officers may do this."))


def is_agreement_keeper(user, summit) -> bool:
    return keeps_agreements.test(user, summit)


def require_agreement_keeper(user, summit) -> None:
    if not is_agreement_keeper(user, summit):
        raise PermissionDenied(_("Only protocol officers may do this."))
