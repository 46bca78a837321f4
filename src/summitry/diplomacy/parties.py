"""Who takes part in city diplomacy: the host, the delegations that may meet, the people
who may attend, and the times a request may name."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from summitry.core.scoping import in_summit
from summitry.delegations.models import ATTENDING, Delegate, Delegation, PlaceStatus
from summitry.directory.models import Organisation, Person
from summitry.summits.models import OrganisationRole, Summit, SummitOrganisation

from .models import (
    MeetingRequest,
)

# --- parties ---------------------------------------------------------------------------------


def host_of(summit: Summit) -> Organisation | None:
    row = (
        in_summit(SummitOrganisation, summit)
        .filter(role=OrganisationRole.HOST)
        .select_related("organisation")
        .order_by("position", "pk")
        .first()
    )
    return row.organisation if row else None


def delegation_of(summit: Summit, organisation: Organisation) -> Delegation | None:
    return (
        in_summit(Delegation, summit)
        .filter(organisation=organisation)
        .select_related("contact", "invitation")
        .first()
    )


def _check_party(summit: Summit, organisation: Organisation) -> None:
    host = host_of(summit)
    if host is not None and organisation.pk == host.pk:
        return
    delegation = delegation_of(summit, organisation)
    if delegation is None or delegation.status not in ATTENDING:
        raise ValidationError(
            _("%(organisation)s has no registered delegation at this summit.")
            % {"organisation": organisation}
        )


def _check_attendees(summit: Summit, meeting: MeetingRequest, people: list[Person]) -> None:
    host = host_of(summit)
    sides = {meeting.requester_id, meeting.counterpart_id}
    for person in people:
        if person.organisation_id not in sides:
            raise ValidationError(
                {"attendees": _("%(person)s belongs to neither side.") % {"person": person}}
            )
        if host is not None and person.organisation_id == host.pk:
            continue
        registered = (
            in_summit(Delegate, summit)
            .filter(person=person, delegation__organisation_id=person.organisation_id)
            .exclude(place=PlaceStatus.CANCELLED)
            .exists()
        )
        if not registered:
            raise ValidationError(
                {
                    "attendees": _("%(person)s is not a registered member of the delegation.")
                    % {"person": person}
                }
            )


def _times(summit: Summit, times, field: str) -> list[dict[str, str]]:
    """Validated, normalised {"start", "end"} (UTC ISO) within the summit's days."""
    result = []
    for entry in times or []:
        try:
            start, end = entry["start"], entry["end"]
            if isinstance(start, str):
                start = datetime.datetime.fromisoformat(start)
            if isinstance(end, str):
                end = datetime.datetime.fromisoformat(end)
        except (KeyError, TypeError, ValueError) as error:
            raise ValidationError({field: _("Give each time as a start and an end.")}) from error
        if timezone.is_naive(start) or timezone.is_naive(end):
            start = timezone.make_aware(start, summit.zone) if timezone.is_naive(start) else start
            end = timezone.make_aware(end, summit.zone) if timezone.is_naive(end) else end
        if end <= start:
            raise ValidationError({field: _("A time must end after it starts.")})
        first = timezone.localtime(start, summit.zone).date()
        last = timezone.localtime(end, summit.zone).date()
        if first < summit.start_date or last > summit.end_date:
            raise ValidationError({field: _("Times must fall within the summit's days.")})
        result.append(
            {
                "start": start.astimezone(datetime.UTC).isoformat(),
                "end": end.astimezone(datetime.UTC).isoformat(),
            }
        )
    return result


def _refuse_overlaps(wanted: list[dict], impossible: list[dict], field: str) -> None:
    """A time cannot be both wanted and impossible for the same side."""
    for good in wanted:
        for bad in impossible:
            if good["start"] < bad["end"] and bad["start"] < good["end"]:
                raise ValidationError({field: _("A time cannot be both preferred and impossible.")})
