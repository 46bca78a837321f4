"""Publishing the programme: numbered versions, the changes between them, and e-mails to the
people whose own programme changed."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from summitry.core import events, mail
from summitry.core.bilingual import values
from summitry.core.capacity import Place
from summitry.core.scoping import in_summit
from summitry.delegations.models import Delegate
from summitry.summits.models import Summit

from . import queries, rules
from .models import ProgrammeItem, ProgrammeRelease

# What a change is made of: the fields participants plan by.
WATCHED = ("title", "starts_at", "ends_at", "place", "room")


def snapshot(summit: Summit) -> dict[str, dict]:
    """The programme as it stands: item id → the watched fields, times in ISO (UTC)."""
    items = (
        in_summit(ProgrammeItem, summit).select_related("room__venue").prefetch_related("invitees")
    )
    return {
        str(item.pk): {
            "title": values(item, "title"),
            "starts_at": item.starts_at.isoformat(),
            "ends_at": item.ends_at.isoformat(),
            "place": values(item, "place"),
            "room": str(item.room) if item.room_id else "",
            # Who may read about the item: the change log and the e-mails tell each reader
            # only about items they could see.
            "audience": item.audience,
            "invitees": sorted(o.pk for o in item.invitees.all()),
        }
        for item in items
    }


def _seen_by(state: dict) -> dict:
    return {"audience": state.get("audience"), "invitees": state.get("invitees", [])}


def diff(before: dict[str, dict], after: dict[str, dict]) -> list[dict]:
    """Added, removed and changed items (with the fields that changed), in item order."""
    changes = []
    for key in sorted(set(before) | set(after), key=int):
        if key not in before:
            changes.append(
                {
                    "item": int(key),
                    "change": "added",
                    "title": after[key]["title"],
                    **_seen_by(after[key]),
                }
            )
        elif key not in after:
            changes.append(
                {
                    "item": int(key),
                    "change": "removed",
                    "title": before[key]["title"],
                    **_seen_by(before[key]),
                }
            )
        else:
            fields = [f for f in WATCHED if before[key][f] != after[key][f]]
            if fields:
                changes.append(
                    {
                        "item": int(key),
                        "change": "changed",
                        "fields": fields,
                        "title": after[key]["title"],
                        "before": {f: before[key][f] for f in fields},
                        "after": {f: after[key][f] for f in fields},
                        **_seen_by(after[key]),
                    }
                )
    return changes


def latest(summit: Summit) -> ProgrammeRelease | None:
    return in_summit(ProgrammeRelease, summit).order_by("-number").first()


@transaction.atomic
def publish(*, actor, summit: Summit, note: str = "") -> ProgrammeRelease:
    """Publish the programme as it stands. After the first version, everyone whose own
    itinerary holds a changed, added or removed item is told, in their language."""
    rules.require_staff(actor, summit)
    Summit.objects.select_for_update().get(pk=summit.pk)
    previous = latest(summit)
    current = snapshot(summit)
    changes = diff(previous.snapshot, current) if previous else []
    release = ProgrammeRelease.objects.create(
        summit=summit,
        number=(previous.number + 1) if previous else 1,
        published_by=actor,
        note=note,
        snapshot=current,
        changes=changes,
    )
    if changes:
        transaction.on_commit(lambda: _notify(summit, release))
    events.emit(summit, "programme.published", release)
    return release


def _notify(summit: Summit, release: ProgrammeRelease) -> None:
    """Tell each delegate with a place about the changes to items in their itinerary, and
    about removed items (once removed, whose they were can no longer be told apart)."""
    delegates = (
        in_summit(Delegate, summit)
        .filter(place=Place.REGISTERED)
        .select_related("person", "delegation__invitation")
    )
    for delegate in delegates:
        mine = {item.pk for item in queries.itinerary(summit, delegate)}
        theirs = {delegate.delegation.organisation_id}
        relevant = [
            c
            for c in release.changes
            if c["item"] in mine
            or (
                c["change"] == "removed"
                and queries.change_visible(c, everything=False, organisations=theirs)
            )
        ]
        invitation = delegate.delegation.invitation
        recipient = delegate.email or (invitation.contact_email if invitation else "")
        if not relevant or not recipient:
            continue
        mail.send(
            summit=summit,
            recipient=recipient,
            language=delegate.interpretation_language
            or (invitation.language if invitation else "en"),
            template="programme/email/changed",
            context={"delegate": delegate, "release": release, "changes": relevant},
            kind="programme-changed",
        )


def published_at(summit: Summit):
    release = latest(summit)
    return timezone.localtime(release.published_at, summit.zone) if release else None
