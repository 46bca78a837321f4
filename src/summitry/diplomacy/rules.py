"""Who may do what in city diplomacy: small named predicates, used by services and pages.

A delegation's contact acts for their own delegation's organisation; the host city has no
delegation and is acted for by protocol officers (staff with the diplomacy permissions), who
may act for any side."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _


def is_officer(user, summit=None) -> bool:
    """Staff with the right to manage bilateral meetings (protocol officers, organisers)."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm("diplomacy.change_meetingrequest")
    )


def officer_addresses() -> list[str]:
    """The e-mail addresses of the active protocol officers (staff who may manage bilateral
    meetings), for what reaches the host's side."""
    permission = Permission.objects.filter(
        content_type__app_label="diplomacy", codename="change_meetingrequest"
    ).first()
    officers = get_user_model().objects.filter(is_active=True, is_staff=True).exclude(email="")
    officers = officers.filter(
        Q(is_superuser=True) | Q(user_permissions=permission) | Q(groups__permissions=permission)
    )
    return sorted(set(officers.values_list("email", flat=True)))


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
    if request.status == "requested":
        return request.counterpart_id in mine
    if request.status == "proposed":
        return request.requester_id in mine
    return False


def is_gift_keeper(user, summit=None) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm("diplomacy.change_gift")
    )


def require_gift_keeper(user, summit) -> None:
    if not is_gift_keeper(user, summit):
        raise PermissionDenied(_("Only protocol officers may do this."))


def is_agreement_keeper(user, summit=None) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm("diplomacy.change_agreement")
    )


def require_agreement_keeper(user, summit) -> None:
    if not is_agreement_keeper(user, summit):
        raise PermissionDenied(_("Only protocol officers may do this."))
