"""Exhibitors' booth staff: the exhibitor registers them (names in both scripts, up to the
limit staff set), the exhibitions staff approve or refuse them; approved, check-in issues
their badge in the summit's exhibitor category (opening the exhibition's zone), refused
after an approval, their badge is revoked."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from summitry.core import audit
from summitry.core import services as core
from summitry.core.scoping import in_summit

from . import policy
from .models import Exhibitor, ExhibitorStaff, ExhibitorStatus, StaffStatus

MAX_LIMIT = 50
NAME_FIELDS = ("given_name", "family_name", "name_hangul")
# The check-in category booth staff's badges get: the summit's own (found by its name in
# either language), made with the exhibition's zone when the summit has none yet.
CATEGORY_NAMES = {"ko": ("전시 참가사", "참가사", "전시"), "en": ("exhibitor", "exhibitors")}
CATEGORY = {"ko": "전시 참가사", "en": "Exhibitor"}
CATEGORY_COLOUR = "#b45309"
ZONE_NAMES = {"ko": ("전시장", "전시"), "en": ("exhibition", "exhibitions", "exhibition hall")}
ZONE = {"ko": "전시장", "en": "Exhibition hall"}


def _clean(data: dict) -> dict:
    allowed = {*NAME_FIELDS, "position_ko", "position_en"}
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(unknown)})
    cleaned = {name: (str(data.get(name) or "")).strip() for name in allowed}
    if not any(cleaned[name] for name in NAME_FIELDS):
        raise ValidationError(
            {
                "given_name": [
                    _("Give the person's name in Latin script, in Korean script, or both.")
                ]
            }
        )
    return cleaned


@transaction.atomic
def register(*, actor, exhibitor: Exhibitor, data: dict) -> ExhibitorStaff:
    """The exhibitor registers someone for its booth, once it is approved, within its limit
    (counted under a lock on the exhibitor: two registrations at once cannot pass it)."""
    if actor is None or exhibitor.user_id != actor.pk:
        raise PermissionDenied(_("Only the exhibitor registers its booth staff."))
    exhibitor = Exhibitor.objects.select_for_update().get(pk=exhibitor.pk)
    if exhibitor.status not in (ExhibitorStatus.APPROVED, ExhibitorStatus.PUBLISHED):
        raise ValidationError(_("Register your booth staff once your profile is approved."))
    cleaned = _clean(data)
    taken = exhibitor.staff.exclude(status=StaffStatus.REFUSED).count()
    if taken >= exhibitor.staff_limit:
        raise ValidationError(
            _("You may register at most %(n)d people for your booth.")
            % {"n": exhibitor.staff_limit}
        )
    person = ExhibitorStaff(exhibitor=exhibitor, **cleaned)
    return core.create(actor=actor, instance=person)


@transaction.atomic
def remove(*, actor, person: ExhibitorStaff) -> None:
    """The exhibitor takes back someone not approved yet (an approved person's badge exists:
    the exhibitions team refuses them instead, which revokes it)."""
    if actor is None or person.exhibitor.user_id != actor.pk:
        raise PermissionDenied(_("Only the exhibitor registers its booth staff."))
    person = ExhibitorStaff.objects.select_for_update().get(pk=person.pk)
    if person.status == StaffStatus.APPROVED:
        raise ValidationError(
            _("%(name)s is approved and has a badge: ask the exhibitions team to withdraw it.")
            % {"name": person}
        )
    core.delete(actor=actor, instance=person)


@transaction.atomic
def decide(*, actor, person: ExhibitorStaff, approve: bool):
    """Approve (the badge is issued in the exhibitor category) or refuse (a badge issued
    before is revoked). Returns the person."""
    from summitry.checkin import services as checkin

    summit = person.exhibitor.exhibition.summit
    policy.require_staff(actor, summit)
    person = ExhibitorStaff.objects.select_for_update().get(pk=person.pk)
    status = StaffStatus.APPROVED if approve else StaffStatus.REFUSED
    if person.status == status:
        return person
    person = core.update(
        actor=actor,
        instance=person,
        changes={"status": status, "decided_by": actor, "decided_at": timezone.now()},
    )
    if approve:
        checkin.issue_to_holder(
            actor=actor,
            summit=summit,
            category=exhibitor_category(actor, summit),
            exhibitor_staff=person,
        )
    else:
        checkin.revoke_for_holder(actor=actor, exhibitor_staff=person)
    return person


@transaction.atomic
def set_limit(*, actor, exhibitor: Exhibitor, limit) -> Exhibitor:
    policy.require_staff(actor, exhibitor.exhibition.summit)
    try:
        limit = int(limit)
    except (TypeError, ValueError):
        limit = -1
    if not 0 <= limit <= MAX_LIMIT:
        raise ValidationError(
            {"staff_limit": [_("Give a number from 0 to %(max)d.") % {"max": MAX_LIMIT}]}
        )
    return core.update(actor=actor, instance=exhibitor, changes={"staff_limit": limit})


def _named(names: dict) -> Q:
    found = Q()
    for name in names["ko"]:
        found |= Q(name_ko=name)
    for name in names["en"]:
        found |= Q(name_en__iexact=name)
    return found


def exhibitor_category(actor, summit):
    """The summit's exhibitor category of check-in, made (with the exhibition zone, itself
    made when missing) when the summit has none."""
    from summitry.checkin.models import AccreditationCategory, Zone

    found = (
        in_summit(AccreditationCategory, summit)
        .filter(_named(CATEGORY_NAMES))
        .order_by("position", "pk")
        .first()
    )
    if found is not None:
        return found
    zone = in_summit(Zone, summit).filter(_named(ZONE_NAMES)).order_by("position", "pk").first()
    if zone is None:
        zone = core.create(
            actor=actor,
            instance=Zone(summit=summit, position=50, **core.flatten_bilingual({"name": ZONE})),
        )
    category = core.create(
        actor=actor,
        instance=AccreditationCategory(
            summit=summit,
            colour=CATEGORY_COLOUR,
            position=80,
            **core.flatten_bilingual({"name": CATEGORY}),
        ),
    )
    category.zones.set([zone])
    audit.record(actor=actor, obj=category, action="changed", fields=["zones"])
    return category
