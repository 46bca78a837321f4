"""Every write of check-in: zones and categories, badges (assign, issue, reprint, revoke,
printed), and the scans at the doors.

A scan is decided on the committed rows and written with one ``INSERT … ON CONFLICT DO
NOTHING``: the database's unique constraints (one entry and one exit per badge, zone, day and
visit; one scan per ``client_scan_id`` and summit) decide between several doors scanning the
same badge at once. The door that loses reads again and sees the winner's entry ("already
inside"); a scan sent twice is recorded once and answered with the first decision.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import connections, models, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from summitry.core import audit, live
from summitry.core import events as core_events
from summitry.core import services as core
from summitry.core.scoping import in_summit

from . import access, events, queries, signing
from .models import (
    AccreditationCategory,
    Badge,
    BadgeLayout,
    BadgePrint,
    Direction,
    Layout,
    Reason,
    RoleCategory,
    Scan,
    ScanResult,
    Zone,
    delegate_withdrawn,
)


def withdrawn(delegate) -> bool:
    """A delegate whose place is cancelled, or whose delegation declined or cancelled: no
    badge is issued to them and their badge is refused at every door."""
    return delegate_withdrawn(delegate)


@transaction.atomic
def create_zone(*, actor, summit, name: dict, position: int = 0) -> Zone:
    access.require_staff(actor, summit)
    zone = Zone(summit=summit, position=position, **core.flatten_bilingual({"name": name}))
    return core.create(actor=actor, instance=zone)


@transaction.atomic
def create_category(
    *,
    actor,
    summit,
    name: dict,
    colour: str = "#1d4ed8",
    zones: Iterable[Zone] = (),
    valid_days: Iterable[datetime.date] = (),
    position: int = 0,
) -> AccreditationCategory:
    access.require_staff(actor, summit)
    zones = list(zones)
    if any(zone.summit_id != summit.pk for zone in zones):
        raise ValidationError({"zones": [_("Choose zones of this summit.")]})
    days = sorted(set(valid_days))
    outside = [d for d in days if not summit.start_date <= d <= summit.end_date]
    if outside:
        raise ValidationError({"valid_days": [_("Choose days of the summit.")]})
    category = AccreditationCategory(
        summit=summit,
        colour=colour,
        valid_days=[day.isoformat() for day in days],
        position=position,
        **core.flatten_bilingual({"name": name}),
    )
    core.create(actor=actor, instance=category)
    category.zones.set(zones)
    return category


def _badge_of(delegate) -> Badge:
    badge, _created = Badge.objects.select_for_update().get_or_create(
        delegate=delegate, defaults={"summit_id": delegate.summit_id}
    )
    return badge


@transaction.atomic
def assign_category(*, actor, summit, delegates: Iterable, category) -> list[Badge]:
    """Give each delegate (of ``summit``) the category; their badges follow at the next
    issue (a category change of an issued badge takes effect at once online)."""
    access.require_staff(actor, summit)
    if category is not None and category.summit_id != summit.pk:
        raise ValidationError({"category": [_("Choose a category of this summit.")]})
    badges = []
    for delegate in delegates:
        if delegate.summit_id != summit.pk:
            raise ValidationError(_("Choose delegates of this summit."))
        badge = _badge_of(delegate)
        if badge.category_id != (category.pk if category else None):
            badge.category = category
            badge.save(update_fields=["category"])
            audit.record(actor=actor, obj=badge, action="changed", fields=["category"])
        badges.append(badge)
    return badges


@transaction.atomic
def set_role_category(*, actor, summit, role: str, category) -> RoleCategory | None:
    """The category a badge gets from its holder's role when staff chose none (None: no
    default for the role)."""
    from summitry.delegations.models import DelegateRole

    access.require_staff(actor, summit)
    if role not in DelegateRole.values:
        raise ValidationError({"role": [_("Choose a role.")]})
    if category is not None and category.summit_id != summit.pk:
        raise ValidationError({"category": [_("Choose a category of this summit.")]})
    found = in_summit(RoleCategory, summit).filter(role=role).first()
    if category is None:
        if found is not None:
            found.delete()
            audit.record(actor=actor, obj=summit, action="changed", fields=["role_categories"])
        return None
    if found is None:
        found = RoleCategory(summit=summit, role=role, category=category)
    elif found.category_id == category.pk:
        return found
    found.category = category
    found.save()
    audit.record(actor=actor, obj=summit, action="changed", fields=["role_categories"])
    return found


def role_category(delegate) -> AccreditationCategory | None:
    found = (
        RoleCategory.objects.filter(summit_id=delegate.summit_id, role=delegate.role)
        .select_related("category")
        .first()
    )
    return found.category if found else None


@transaction.atomic
def issue(*, actor, delegate) -> Badge:
    """Issue the delegate's badge, or reprint it: the version goes up by one, so every code
    printed before is superseded; a revoked badge becomes valid again in its new version.
    Without a category chosen by staff, the badge takes the default category of the
    delegate's role. A cancelled or withdrawn delegate gets no badge."""
    access.require_staff(actor, delegate.summit)
    if withdrawn(delegate):
        raise ValidationError(
            _("%(name)s's registration is cancelled or withdrawn: no badge is issued.")
            % {"name": delegate.person}
        )
    badge = _badge_of(delegate)
    if badge.category_id is None:
        badge.category = role_category(delegate)
        if badge.category is None:
            raise ValidationError(
                _("Give %(name)s an accreditation category first (or their role a default one).")
                % {"name": delegate.person}
            )
        badge.save(update_fields=["category"])
    return _new_version(actor, badge)


def _new_version(actor, badge: Badge) -> Badge:
    badge.version += 1
    badge.issued_at = timezone.now()
    badge.revoked_at = None
    badge.printed_at = None
    badge.save(update_fields=["version", "issued_at", "revoked_at", "printed_at"])
    audit.record(actor=actor, obj=badge, action="issued")
    return badge


@transaction.atomic
def reissue(*, actor, badge: Badge) -> Badge:
    """Issue or reprint any holder's badge (a delegate's as ``issue``; a journalist's or a
    booth staff member's in the category their app gave it), from check-in's pages."""
    access.require_staff(actor, badge.summit)
    if badge.delegate_id is not None:
        return issue(actor=actor, delegate=badge.delegate)
    badge = Badge.objects.select_for_update().get(pk=badge.pk)
    holder = badge.holder
    if holder.withdrawn:
        raise ValidationError(
            _("%(name)s is no longer accredited: no badge is issued.") % {"name": holder.name}
        )
    if badge.category_id is None:
        raise ValidationError(
            _("Give %(name)s an accreditation category first.") % {"name": holder.name}
        )
    return _new_version(actor, badge)


HOLDERS = ("press_accreditation", "exhibitor_staff")


def _holder_of(summit, holder: dict) -> dict:
    chosen = {name: value for name, value in holder.items() if value is not None}
    if len(chosen) != 1 or set(chosen) - set(HOLDERS):
        raise ValidationError(
            _("A badge belongs to one delegate, journalist or exhibitor's staff member.")
        )
    return chosen


@transaction.atomic
def issue_to_holder(
    *, actor, summit, category, press_accreditation=None, exhibitor_staff=None
) -> Badge:
    """Issue (or reprint) the badge of an approved journalist or booth staff member in
    ``category``. Called by the press room and the exhibitions when their staff approve
    someone: those apps check their own staff's permission (check-in imports neither)."""
    chosen = _holder_of(
        summit,
        {"press_accreditation": press_accreditation, "exhibitor_staff": exhibitor_staff},
    )
    if category is None or category.summit_id != summit.pk:
        raise ValidationError({"category": [_("Choose a category of this summit.")]})
    badge, _created = Badge.objects.select_for_update().get_or_create(
        **chosen, defaults={"summit": summit, "category": category}
    )
    if badge.summit_id != summit.pk:
        raise ValidationError(_("Choose a badge holder of this summit."))
    if badge.holder.withdrawn:
        raise ValidationError(
            _("%(name)s is no longer accredited: no badge is issued.") % {"name": badge.holder.name}
        )
    if badge.category_id != category.pk:
        badge.category = category
        badge.save(update_fields=["category"])
    return _new_version(actor, badge)


@transaction.atomic
def revoke_for_holder(*, actor, press_accreditation=None, exhibitor_staff=None) -> Badge | None:
    """The badge of a journalist whose accreditation is withdrawn, or of a booth staff
    member refused, revoked at once (None when they had none). Called by their app."""
    chosen = {"press_accreditation": press_accreditation, "exhibitor_staff": exhibitor_staff}
    chosen = {name: value for name, value in chosen.items() if value is not None}
    if len(chosen) != 1:
        raise ValidationError(
            _("A badge belongs to one delegate, journalist or exhibitor's staff member.")
        )
    badge = Badge.objects.select_for_update().filter(**chosen).first()
    if badge is not None and badge.revoked_at is None:
        badge.revoked_at = timezone.now()
        badge.save(update_fields=["revoked_at"])
        audit.record(actor=actor, obj=badge, action="revoked")
    return badge


@transaction.atomic
def revoke(*, actor, badge: Badge) -> Badge:
    """A lost or withdrawn badge: refused at every door from now on (and, offline, from the
    scanner's next sync), until a new version is issued."""
    access.require_staff(actor, badge.summit)
    badge = Badge.objects.select_for_update().get(pk=badge.pk)
    if badge.revoked_at is None:
        badge.revoked_at = timezone.now()
        badge.save(update_fields=["revoked_at"])
        audit.record(actor=actor, obj=badge, action="revoked")
    return badge


@transaction.atomic
def mark_printed(*, actor, summit, badges: Iterable[Badge]) -> int:
    access.require_staff(actor, summit)
    ids = [badge.pk for badge in badges if badge.summit_id == summit.pk]
    return in_summit(Badge, summit).filter(pk__in=ids).update(printed_at=timezone.now())


@transaction.atomic
def print_unprinted(*, actor, summit, layout: str = Layout.DESIGNED) -> BadgePrint | None:
    """Every issued, valid badge not printed yet, rendered as one PDF in the background
    (``tasks.render_print``); None when there is nothing to print."""
    access.require_staff(actor, summit)
    ids = list(
        in_summit(Badge, summit)
        .filter(version__gt=0, revoked_at__isnull=True, printed_at__isnull=True)
        .exclude(queries.WITHDRAWN)
        .values_list("pk", flat=True)
    )
    return _batch(actor, summit, ids, layout)


@transaction.atomic
def print_holder_badges(
    *, actor, summit, badges: Iterable[Badge], layout: str = Layout.DESIGNED
) -> BadgePrint:
    """The issued, valid badges among ``badges`` (journalists', booth staff's or any) as one
    PDF in the background."""
    access.require_staff(actor, summit)
    chosen = [badge.pk for badge in badges if badge.summit_id == summit.pk]
    ids = list(
        in_summit(Badge, summit)
        .filter(pk__in=chosen, version__gt=0, revoked_at__isnull=True)
        .exclude(queries.WITHDRAWN)
        .values_list("pk", flat=True)
    )
    if not ids:
        raise ValidationError(_("None of the ticked badges is valid: issue them first."))
    return _batch(actor, summit, ids, layout)


@transaction.atomic
def print_badges(
    *, actor, summit, delegates: Iterable, layout: str = Layout.DESIGNED
) -> BadgePrint:
    """The issued, valid badges of ``delegates`` (printed before or not) as one PDF in the
    background, in ``layout``: badges, CR80 cards on A4 sheets or name cards for tables."""
    access.require_staff(actor, summit)
    chosen = [d.pk for d in delegates if d.summit_id == summit.pk]
    ids = list(
        in_summit(Badge, summit)
        .filter(delegate__in=chosen, version__gt=0, revoked_at__isnull=True)
        .exclude(queries.WITHDRAWN)
        .values_list("pk", flat=True)
    )
    if not ids:
        raise ValidationError(
            _("None of the ticked delegates has a valid badge: issue them first.")
        )
    return _batch(actor, summit, ids, layout)


def _batch(actor, summit, ids: list[int], layout: str) -> BadgePrint | None:
    from summitry.core.tasks import run_after_commit

    from .tasks import render_print

    if layout not in Layout.values:
        raise ValidationError({"layout": [_("Choose a layout.")]})
    if not ids:
        return None
    batch = core.create(
        actor=actor,
        instance=BadgePrint(summit=summit, requested_by=actor, badge_ids=ids, layout=layout),
    )
    run_after_commit(render_print, batch.pk)
    return batch


def days_of(category: AccreditationCategory | None) -> list[datetime.date]:
    if category is None:
        return []
    return [datetime.date.fromisoformat(day) for day in category.valid_days or ()]


def code_for(badge: Badge) -> str:
    """The signed code of the badge's current version (what its QR holds)."""
    if not badge.issued:
        raise ValidationError(_("This badge has not been issued yet."))
    first, mask = signing.validity(days_of(badge.category))
    return signing.sign(
        signing.Payload(badge.pk, badge.version, badge.category_id or 0, first, mask)
    )


def decide(badge: Badge | None, payload, zone: Zone, day: datetime.date) -> str:
    """The reason to refuse (a ``Reason``), or "" to let in; without "already inside".

    The same checks hold at an exit door (a forged or revoked code is reported there too)."""
    if badge is None or payload is None or payload.version > badge.version:
        return Reason.FORGED
    if not badge.issued:
        return Reason.NOT_ISSUED
    if badge.revoked_at is not None:
        return Reason.REVOKED
    if payload.version < badge.version:
        return Reason.SUPERSEDED
    if badge.holder.withdrawn:
        return Reason.WITHDRAWN
    category = badge.category
    # The scan's badge query tells whether the category opens the zone (zone_allowed).
    allowed = getattr(badge, "zone_allowed", None)
    if allowed is None and category is not None:
        allowed = any(z.pk == zone.pk for z in category.zones.all())
    if category is None or not allowed:
        return Reason.ZONE
    days = days_of(category)
    if days and day not in days:
        return Reason.DAY
    return ""


def recorded(summit, client_scan_id: str) -> Scan | None:
    """The scan recorded under ``client_scan_id`` at ``summit`` (a summit or its id), with
    what an answer shows of its holder."""
    # Ordered by id only: the model's ordering would join the summit's table for nothing.
    return (
        in_summit(Scan, summit)
        .select_related(  # what the answer shows of the holder
            "badge__category",
            "badge__delegate__person",
            "badge__delegate__delegation__organisation",
        )
        .filter(client_scan_id=client_scan_id)
        .order_by("pk")
        .first()
    )


def topic(summit) -> str:
    """The live topic of the counts at the doors (core.live): bumped by every entry and exit."""
    return topic_of(summit.pk)


def topic_of(summit_id: int) -> str:
    return f"checkin-inside:{summit_id}"


def _seen(summit, badge: Badge, zone: Zone, day: datetime.date, client_scan_id: str):
    """In one query: the id of a scan recorded before with
    ``client_scan_id`` (or None), and the badge's entries and exits of ``zone`` on ``day``."""
    mine = models.Q(badge=badge, zone=zone, day=day)
    found = (
        Scan.objects.filter(summit=summit)
        .filter(
            models.Q(client_scan_id=client_scan_id)
            | mine & models.Q(result__in=[ScanResult.ENTER, ScanResult.EXIT])
        )
        .order_by()
        .aggregate(
            recorded=models.Min("pk", filter=models.Q(client_scan_id=client_scan_id)),
            entries=models.Count("pk", filter=mine & models.Q(result=ScanResult.ENTER)),
            exits=models.Count("pk", filter=mine & models.Q(result=ScanResult.EXIT)),
        )
    )
    return found["recorded"], found["entries"], found["exits"]


def visits(badge: Badge, zone: Zone, day: datetime.date) -> tuple[int, int]:
    """The badge's entries and exits of ``zone`` on ``day`` (inside when entries > exits)."""
    counts = dict.fromkeys((ScanResult.ENTER, ScanResult.EXIT), 0)
    rows = (
        Scan.objects.filter(
            badge=badge, zone=zone, day=day, result__in=[ScanResult.ENTER, ScanResult.EXIT]
        )
        .order_by()  # no join of the summit's table for the model's ordering
        .values_list("result")
        .annotate(n=models.Count("pk"))
    )
    counts.update(dict(rows))
    return counts[ScanResult.ENTER], counts[ScanResult.EXIT]


def scan(
    *,
    actor,
    summit,
    zone: Zone,
    code: str,
    client_scan_id: str,
    door: str = "",
    at: datetime.datetime | None = None,
    direction: str = Direction.IN,
) -> tuple[Scan, bool]:
    """Decide and record one scan at ``zone``: ``(scan, new)``; a ``client_scan_id`` seen
    before returns the first scan with ``new`` False, whatever the code sent now.

    At an entrance (``direction`` "in") a badge inside already is refused; at an exit
    ("out") a badge inside leaves, one that is not is reported "not inside".

    No lock is taken: the scan is decided on what is committed and written with one
    ``INSERT … ON CONFLICT DO NOTHING`` (see ``settle``); the unique constraints decide
    between doors scanning the same badge at the same moment, and the loser decides again."""
    access.require_staff(actor, summit)
    if zone.summit_id != summit.pk:
        raise ValidationError({"zone": [_("Choose a zone of this summit.")]})
    if direction not in Direction.values:
        raise ValidationError({"direction": [_("Choose entrance or exit.")]})
    client_scan_id = (client_scan_id or "").strip()
    if not client_scan_id or len(client_scan_id) > 64:
        raise ValidationError({"client_scan_id": [_("Give the scan an id of 1 to 64 characters.")]})
    at = at or timezone.now()
    day = timezone.localtime(at, summit.zone).date()
    payload = genuine(code)
    operator = actor if actor is not None and actor.is_authenticated else None
    for _attempt in range(ATTEMPTS):
        badge = None
        if payload is not None:
            # Unordered (the model's ordering would join the summit's table for one row);
            # whether the badge's category opens the zone comes with it.
            badge = (
                Badge.objects.select_related(
                    "category",
                    "delegate__person",
                    "delegate__delegation__organisation",
                )
                .annotate(
                    zone_allowed=models.Exists(
                        AccreditationCategory.zones.through.objects.filter(
                            accreditationcategory_id=models.OuterRef("category_id"),
                            zone_id=zone.pk,
                        )
                    )
                )
                .filter(summit=summit, pk=payload.badge_id)
                .order_by()
                .first()
            )
        # A scan sent before, and the badge's visits of the zone that day, in one query.
        if badge is not None:
            first_id, entries, exits = _seen(summit, badge, zone, day, client_scan_id)
        else:
            first_id, entries, exits = _recorded_id(summit, client_scan_id), 0, 0
        if first_id is not None:
            return recorded(summit, client_scan_id), False
        record = settle(
            summit_id=summit.pk,
            zone=zone,
            badge=badge,
            payload=payload,
            day=day,
            at=at,
            door=door,
            direction=direction,
            client_scan_id=client_scan_id,
            operator_id=operator.pk if operator is not None else None,
            entries=entries,
            exits=exits,
            check=True,
        )
        if record is not None:
            return record, True
        found = recorded(summit, client_scan_id)
        if found is not None:  # the same scan from another door at the same moment
            return found, False
        # Another door let this badge in (or out) at the same moment: decide again.
    raise RuntimeError("a scan kept meeting concurrent scans of its badge")


def genuine(code: str) -> signing.Payload | None:
    """The payload of a code we signed, else None (forged, tampered with, damaged)."""
    try:
        return signing.verify(code)
    except signing.Forged:
        return None


# A scan that loses a race to another door decides again; each loss means another scan of
# the same badge was recorded, so a few rounds always suffice.
ATTEMPTS = 8

_INSERT = (
    "INSERT INTO {table} (summit_id, badge_id, zone_id, door, direction, at, day, result, "
    "reason, badge_version, visit, client_scan_id, operator_id) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
    "ON CONFLICT DO NOTHING RETURNING id"
)


def settle(
    *,
    summit_id: int,
    zone: Zone,
    badge: Badge | None,
    payload,
    day: datetime.date,
    at: datetime.datetime,
    door: str,
    direction: str,
    client_scan_id: str,
    operator_id: int | None,
    entries: int,
    exits: int,
    check: bool = False,
    prepared: bool = False,
) -> Scan | None:
    """Decide a scan on the badge's state and its ``entries`` and ``exits`` of the zone that
    day as read, and record it: the new scan, or None when a unique constraint said no
    (this ``client_scan_id`` was recorded meanwhile, or another door recorded this visit's
    entry or exit): the caller reads again. The caller checked who scans (``access``).

    Written with one ``INSERT … ON CONFLICT DO NOTHING``: no lock, no savepoint, and inside
    or outside a transaction alike. Then the entry is announced (core.events) and the
    zone's live counts bumped, after the commit. ``check``: validate the fields first (the
    hot path has checked its input itself); ``prepared``: a server-side prepared statement on
    PostgreSQL (not seen by Django's query log)."""
    reason = decide(badge, payload, zone, day)
    visit = None
    if not reason:
        inside = entries > exits
        if direction == Direction.IN:
            reason, visit = (Reason.ALREADY_INSIDE, None) if inside else ("", entries + 1)
        else:
            reason, visit = ("", entries) if inside else (Reason.NOT_INSIDE, None)
    if reason:
        result = ScanResult.REFUSED
    else:
        result = ScanResult.ENTER if direction == Direction.IN else ScanResult.EXIT
    record = Scan(
        summit_id=summit_id,
        badge=badge if badge is not None and reason != Reason.FORGED else None,
        badge_version=payload.version if payload else None,
        zone=zone,
        door=door[:100],
        direction=direction,
        at=at,
        day=day,
        result=result,
        reason=reason,
        visit=visit,
        client_scan_id=client_scan_id,
        operator_id=operator_id,
    )
    if check:
        core.check_fields(record, trusted=("summit", "zone", "badge", "operator"))
    connection = connections[router.db_for_write(Scan)]
    fields = Scan._meta
    values = [
        summit_id,
        record.badge_id,
        zone.pk,
        record.door,
        direction,
        fields.get_field("at").get_db_prep_value(at, connection),
        fields.get_field("day").get_db_prep_value(day, connection),
        result,
        reason,
        record.badge_version,
        visit,
        client_scan_id,
        operator_id,
    ]
    statement = _INSERT.format(table=connection.ops.quote_name(fields.db_table))
    if prepared and connection.vendor == "postgresql":
        row = fetch_prepared(connection, statement, values)
    else:
        with connection.cursor() as cursor:
            cursor.execute(statement, values)
            row = cursor.fetchone()
    if row is None:
        return None
    record.pk = row[0]
    record._state.adding = False
    if record.result == ScanResult.ENTER:
        # The live counts bumped with the memos the listeners read: one cache round trip.
        core_events.emit(summit_id, events.ENTERED, record, bump=topic_of(summit_id))
    elif record.result == ScanResult.EXIT:
        transaction.on_commit(lambda: live.bump(topic_of(summit_id)), using=connection.alias)
    return record


def fetch_prepared(connection, statement: str, params) -> tuple | None:
    """The first row of ``statement`` as a server-side prepared statement on PostgreSQL
    (planned once per connection, not at every scan): the hot path's (checkin.shortcut).
    Django opens its connections with prepared statements off (for transaction-mode
    poolers), which also ignores a statement's own ``prepare=True``: they are allowed for
    this one execution. (Behind PgBouncer in transaction mode, set its
    ``max_prepared_statements``.)"""
    import psycopg

    connection.ensure_connection()
    raw = connection.connection
    threshold = raw.prepare_threshold
    raw.prepare_threshold = PREPARE_THRESHOLD
    try:
        with psycopg.Cursor(raw) as cursor:
            cursor.execute(statement, params, prepare=True)
            return cursor.fetchone()
    finally:
        raw.prepare_threshold = threshold


# Any number: a statement executed with ``prepare=True`` is prepared at once whatever it is;
# the connection's own (None: never) only has to be a number while it runs.
PREPARE_THRESHOLD = 5


def _recorded_id(summit, client_scan_id: str) -> int | None:
    return (
        Scan.objects.filter(summit=summit, client_scan_id=client_scan_id)
        .order_by()
        .values_list("pk", flat=True)
        .first()
    )


# --- the badge designer's layouts ---------------------------------------------------------


def _categories_of(summit, categories) -> list[AccreditationCategory]:
    chosen = list(categories or ())
    if any(category.summit_id != summit.pk for category in chosen):
        raise ValidationError({"categories": [_("Choose categories of this summit.")]})
    return chosen


def _use_for(layout: BadgeLayout, categories: list[AccreditationCategory]) -> None:
    """A category has one layout of each kind: given to this one, it leaves the others."""
    for other in (
        in_summit(BadgeLayout, layout.summit).filter(kind=layout.kind).exclude(pk=layout.pk)
    ):
        other.categories.remove(*categories)
    layout.categories.set(categories)


@transaction.atomic
def create_layout(
    *,
    actor,
    summit,
    name: dict,
    kind: str = "badge",
    page_size: str = "a6",
    width_mm=None,
    height_mm=None,
    grid_mm=5,
    fields: list[dict] | None = None,
    is_default: bool = False,
    categories: Iterable[AccreditationCategory] = (),
) -> BadgeLayout:
    """A new layout; without fields it starts from the fixed badge drawn to its page size."""
    from . import layouts

    access.require_staff(actor, summit)
    chosen = _categories_of(summit, categories)
    layout = BadgeLayout(
        summit=summit,
        kind=kind,
        page_size=page_size,
        width_mm=width_mm,
        height_mm=height_mm,
        grid_mm=grid_mm,
        is_default=is_default,
        **core.flatten_bilingual({"name": name}),
    )
    if fields is None:
        width, height = layout.size
        fields = layouts.starter_fields(kind, width, height)
        if layouts.check(kind=kind, width=width, height=height, fields=fields):
            fields = [f for f in fields if f["kind"] == "qr"]  # an odd size: the QR alone
    layout.fields = fields
    if is_default:
        in_summit(BadgeLayout, summit).filter(kind=kind, is_default=True).update(is_default=False)
    core.create(actor=actor, instance=layout)
    _use_for(layout, chosen)
    return layout


LAYOUT_CHANGES = {
    "name",
    "kind",
    "page_size",
    "width_mm",
    "height_mm",
    "grid_mm",
    "fields",
    "is_default",
}


@transaction.atomic
def update_layout(*, actor, layout: BadgeLayout, changes: dict, categories=None) -> BadgeLayout:
    """Change a layout (its fields are checked: inside the page, no overlap, a QR large
    enough); ``categories`` (when given) are the categories that use it from now on."""
    access.require_staff(actor, layout.summit)
    unknown = set(changes) - LAYOUT_CHANGES
    if unknown:
        raise ValidationError(
            _("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    layout = BadgeLayout.objects.select_for_update().get(pk=layout.pk)
    chosen = _categories_of(layout.summit, categories) if categories is not None else None
    if changes.get("is_default"):
        layout.is_default = True
        _clear_default_for(layout, changes.get("kind", layout.kind))
    core.update(actor=actor, instance=layout, changes=changes)
    if chosen is not None:
        _use_for(layout, chosen)
    return layout


def _clear_default_for(layout: BadgeLayout, kind: str) -> None:
    in_summit(BadgeLayout, layout.summit).filter(kind=kind, is_default=True).exclude(
        pk=layout.pk
    ).update(is_default=False)


def move_field(layout: BadgeLayout, index: int, dx: int, dy: int) -> list[dict]:
    """The fields with field ``index`` moved by whole grid steps (kept inside the page)."""
    fields = [dict(field) for field in layout.fields]
    if not 0 <= index < len(fields):
        raise ValidationError(_("Choose a field of this layout."))
    step = float(layout.grid_mm or 5)
    width, height = layout.size
    field = fields[index]
    try:
        x, y, w, h = (float(field[k]) for k in ("x", "y", "w", "h"))
    except (KeyError, TypeError, ValueError) as error:
        raise ValidationError(_("Give the field its place and size in mm.")) from error
    field["x"] = round(min(max(0.0, x + dx * step), max(0.0, width - w)), 1)
    field["y"] = round(min(max(0.0, y + dy * step), max(0.0, height - h)), 1)
    return fields


@transaction.atomic
def duplicate_layout(*, actor, layout: BadgeLayout) -> BadgeLayout:
    """A copy to change freely: not the default, used for no category."""
    access.require_staff(actor, layout.summit)
    copy = BadgeLayout(
        summit=layout.summit,
        name_ko=f"{layout.name_ko} (사본)" if layout.name_ko else "",
        name_en=f"{layout.name_en} (copy)" if layout.name_en else "",
        kind=layout.kind,
        page_size=layout.page_size,
        width_mm=layout.width_mm,
        height_mm=layout.height_mm,
        grid_mm=layout.grid_mm,
        fields=[dict(field) for field in layout.fields],
        is_default=False,
    )
    return core.create(actor=actor, instance=copy)


@transaction.atomic
def delete_layout(*, actor, layout: BadgeLayout) -> None:
    """Its categories print in the default layout (or the fixed one) from now on."""
    access.require_staff(actor, layout.summit)
    core.delete(actor=actor, instance=layout)
