"""Reads of the programme: what a visitor may see, in a fixed number of queries."""

from __future__ import annotations

import itertools

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from summitry.core.capacity import Place
from summitry.core.scoping import in_summit
from summitry.summits.models import Summit

from . import rules
from .models import PUBLIC_AUDIENCES, Audience, ItemPerson, ProgrammeItem, ProgrammeRelease


def _organisations_of(user) -> list[int]:
    """The organisations whose invite-only items a signed-in user may see: their
    delegations (as contact) and their own registrations."""
    if not user.is_authenticated:
        return []
    from summitry.delegations.models import Delegate, Delegation

    contact_of = Delegation.objects.filter(contact=user).values_list("organisation_id", flat=True)
    member_of = Delegate.objects.filter(user=user).values_list(
        "delegation__organisation_id", flat=True
    )
    return list({*contact_of, *member_of})


def visible_items(summit: Summit, user) -> QuerySet[ProgrammeItem]:
    """Staff see everything; others the public audiences and invite-only items they are
    invited to. An item they may not see is as if it did not exist."""
    items = in_summit(ProgrammeItem, summit)
    if rules.sees_everything(user, summit):
        return items
    if not in_summit(ProgrammeRelease, summit).exists():
        return items.none()  # nothing is public before the first publication
    allowed = Q(audience__in=PUBLIC_AUDIENCES)
    organisations = _organisations_of(user)
    if organisations:
        allowed |= Q(audience=Audience.INVITED, invitees__in=organisations)
    return items.filter(allowed).distinct()


def _filtered(visible: QuerySet[ProgrammeItem], theme: int | None, kind: str | None):
    """The ids to show when filtering by theme or type: an item that matches, its sub-items
    (a themed session's talks), and the items that hold it (a forum session that holds a
    matching themed session): nested items are found wherever they sit."""
    rows = list(visible.values_list("pk", "parent_id", "theme_id", "kind"))
    parent_of = {pk: parent for pk, parent, _t, _k in rows}
    matches = {
        pk
        for pk, _parent, theme_id, item_kind in rows
        if (not theme or theme_id == theme) and (not kind or item_kind == kind)
    }
    shown = set(matches)
    for pk in matches:  # the items that hold a match
        parent = parent_of.get(pk)
        while parent is not None and parent not in shown:
            shown.add(parent)
            parent = parent_of.get(parent)
    for pk in parent_of:  # the sub-items of a match
        ancestor = parent_of.get(pk)
        while ancestor is not None:
            if ancestor in matches:
                shown.add(pk)
                break
            ancestor = parent_of.get(ancestor)
    return shown


def programme(
    summit: Summit, user, *, theme: int | None = None, kind: str | None = None
) -> list[ProgrammeItem]:
    """Top-level items with two levels of sub-items and people, filtered by theme or type at
    any level; a fixed number of queries whatever the size of the programme."""
    visible = visible_items(summit, user)
    if theme or kind:
        visible = visible.filter(pk__in=_filtered(visible, theme, kind))
    people = Prefetch("people", queryset=ItemPerson.objects.select_related("person__organisation"))
    # Sessions hold themed sessions, which hold talks: two levels below the top.
    grandchildren = Prefetch(
        "children",
        queryset=visible.select_related("room__venue")
        .prefetch_related(people)
        .order_by("starts_at", "pk"),
    )
    children = Prefetch(
        "children",
        queryset=visible.select_related("room__venue", "theme")
        .prefetch_related(people, grandchildren)
        .order_by("starts_at", "pk"),
    )
    items = (
        visible.filter(parent__isnull=True)
        .select_related("room__venue", "theme")
        .annotate(places_taken=Count("signups", filter=Q(signups__status=Place.REGISTERED)))
    )
    return list(items.prefetch_related(people, children).order_by("starts_at", "pk"))


def numbered_days(summit: Summit, items: list[ProgrammeItem]):
    """[(day, number, [items])]: a day's number counts from the summit's first day, whatever
    the filter leaves out."""
    days = by_day(summit, items)
    return [((day - summit.start_date).days + 1, day, found) for day, found in days]


def by_day(summit: Summit, items: list[ProgrammeItem]):
    """[(day, [items])] in the summit's time zone."""

    def day(item):
        return timezone.localtime(item.starts_at, summit.zone).date()

    return [(d, list(group)) for d, group in itertools.groupby(items, key=day)]


def item(summit: Summit, user, item_id: int) -> ProgrammeItem:
    found = visible_items(summit, user).filter(pk=item_id).first()
    if found is None:
        raise Http404(_("This summit has no such programme item."))
    return found


def signups(item: ProgrammeItem) -> QuerySet:
    from .models import SignUp

    return SignUp.objects.filter(item=item).select_related(
        "delegate__person", "delegate__delegation__organisation", "group"
    )


SIGNUP_SORTS = {
    "turn": ("signed_up_at", "pk"),
    "name": ("delegate__person__family_name", "delegate__person__given_name", "pk"),
    "delegation": ("delegate__delegation__organisation__name_en", "signed_up_at", "pk"),
}


def signup_list(item: ProgrammeItem, *, search: str, status: str, sort: str) -> QuerySet:
    """The staff list of an item's sign-ups: found by name (either script), e-mail or
    delegation (either language), of one status, in the chosen order (the order of turns by
    default, which is the waiting list's)."""
    rows = signups(item)
    search = search.strip()
    if search:
        rows = rows.filter(
            Q(delegate__person__given_name__icontains=search)
            | Q(delegate__person__family_name__icontains=search)
            | Q(delegate__person__name_hangul__icontains=search)
            | Q(delegate__email__icontains=search)
            | Q(delegate__delegation__organisation__name_en__icontains=search)
            | Q(delegate__delegation__organisation__name_ko__icontains=search)
        )
    if status in Place.values:
        rows = rows.filter(status=status)
    return rows.order_by(*SIGNUP_SORTS.get(sort, SIGNUP_SORTS["turn"]))


def delegates_for(summit: Summit, user) -> list:
    """The delegates a user may sign up: themself, and their delegation's members (contact).
    Only members with a place at the summit."""
    if not user.is_authenticated:
        return []
    from summitry.delegations.models import Delegate

    rows = in_summit(Delegate, summit).filter(
        Q(user=user) | Q(delegation__contact=user), place=Place.REGISTERED
    )
    return list(rows.select_related("person", "delegation").order_by("role", "pk"))


def itinerary(summit: Summit, delegate) -> list[ProgrammeItem]:
    """A delegate's own programme: the general programme (public or for all registered,
    without sign-up), items for heads if they head their delegation, invite-only items
    their delegation is invited to, items they have a place at, and items they speak at,
    chair or host. In time order, each marked with the delegate's roles."""
    from .models import SignUpStatus

    mine = (
        Q(audience__in=(Audience.PUBLIC, Audience.REGISTERED), signup=False, parent__isnull=True)
        | Q(audience=Audience.INVITED, invitees=delegate.delegation.organisation_id)
        | Q(signups__delegate=delegate, signups__status=SignUpStatus.REGISTERED)
        | Q(people__person=delegate.person_id)
    )
    if delegate.role == "head":
        mine |= Q(audience=Audience.HEADS, parent__isnull=True)
    items = (
        in_summit(ProgrammeItem, summit)
        .filter(mine)
        .distinct()
        .select_related("room__venue", "parent")
        .order_by("starts_at", "pk")
    )
    roles = {}
    for role in ItemPerson.objects.filter(item__in=items, person=delegate.person_id):
        roles.setdefault(role.item_id, []).append(role.get_role_display())
    result = list(items)
    for entry in result:
        entry.my_roles = roles.get(entry.pk, [])
    return result


def releases(summit: Summit) -> QuerySet[ProgrammeRelease]:
    return in_summit(ProgrammeRelease, summit).select_related("published_by")


def change_visible(change: dict, *, everything: bool, organisations: set[int]) -> bool:
    """Whether a reader may learn of a change: as for the item itself (in the state the
    change leaves it, or the state it had when removed). A change recorded without its
    audience is shown to staff only."""
    if everything:
        return True
    audience = change.get("audience")
    if audience in PUBLIC_AUDIENCES:
        return True
    return audience == Audience.INVITED and bool(set(change.get("invitees", ())) & organisations)


def releases_for(summit: Summit, user) -> list[ProgrammeRelease]:
    """The published versions, each with ``visible_changes``: the changes this reader may
    learn of (an invite-only item is as if it did not exist for the others)."""
    everything = rules.sees_everything(user, summit)
    organisations = set(_organisations_of(user))
    found = list(releases(summit))
    for release in found:
        release.visible_changes = [
            change
            for change in release.changes
            if change_visible(change, everything=everything, organisations=organisations)
        ]
    return found


def public_people(user):
    """For the directory: people with a role in the public programme of a published summit
    (speakers, chairs, hosts, guides) are public figures."""
    from summitry.summits.models import PUBLIC_STATUSES

    return ItemPerson.objects.filter(
        item__audience__in=PUBLIC_AUDIENCES,
        item__summit__status__in=PUBLIC_STATUSES,
        item__summit__programme_releases__isnull=False,
    ).values("person")


def dashboard_panel(request, summit: Summit) -> dict:
    """The console's panel: clashes, the published version, sign-ups and waiting lists."""
    from .models import SignUp
    from .services import clash_report

    latest = releases(summit).order_by("-number").first()
    signups = SignUp.objects.filter(item__summit=summit)
    return {
        "clashes": len(clash_report(summit)),
        "items": in_summit(ProgrammeItem, summit).count(),
        "latest": latest,
        "signed_up": signups.filter(status=Place.REGISTERED).count(),
        "waiting": signups.filter(status=Place.WAITING).count(),
    }


def signup_items(summit: Summit):
    """Items that take sign-ups (site visits), with their places taken and waiting."""
    return (
        in_summit(ProgrammeItem, summit)
        .filter(signup=True)
        .annotate(
            taken=Count("signups", filter=Q(signups__status=Place.REGISTERED)),
            waiting=Count("signups", filter=Q(signups__status=Place.WAITING)),
        )
        .order_by("starts_at", "pk")
    )


def home_block(request, summit: Summit) -> dict:
    return {}


# --- the console's grid and forms ------------------------------------------------------------


def grid_items(summit: Summit) -> list[ProgrammeItem]:
    """Every item of the summit (staff see all), with what a block on the grid shows: room,
    theme, people and sub-items."""
    return list(
        in_summit(ProgrammeItem, summit)
        .select_related("room__venue", "theme", "parent")
        .prefetch_related(
            Prefetch("children", queryset=ProgrammeItem.objects.order_by("starts_at", "pk")),
            "children__children",
        )
        .order_by("starts_at", "ends_at", "pk")
    )


def grid_rooms(summit: Summit) -> list:
    """The rooms of the summit's venues, the main venue first, in their own order."""
    from summitry.summits.models import Room

    return list(
        in_summit(Room, summit)
        .select_related("venue")
        .order_by("-venue__is_main", "venue__position", "venue__pk", "position", "pk")
    )


def editable_item(summit: Summit, item_id: int) -> ProgrammeItem:
    """An item for the console (drafts and invite-only items included), else a 404."""
    found = (
        in_summit(ProgrammeItem, summit)
        .select_related("room__venue", "theme", "parent", "summit")
        .filter(pk=item_id)
        .first()
    )
    if found is None:
        raise Http404(_("This summit has no such programme item."))
    return found


def sub_items(item: ProgrammeItem) -> list[ProgrammeItem]:
    people = Prefetch("people", queryset=ItemPerson.objects.select_related("person"))
    return list(
        item.children.select_related("room__venue")
        .prefetch_related(people, "children")
        .order_by("starts_at", "pk")
    )


def speaker_choices(summit: Summit, user):
    """The people a programme editor may put in an item: those they may see in the
    directory, the summit's delegates and the people already in its programme."""
    from summitry.delegations.models import Delegate
    from summitry.directory import visibility
    from summitry.directory.models import Person

    visible = visibility.visible_people(user).values("pk")
    delegates = in_summit(Delegate, summit).values("person")
    speaking = in_summit(ItemPerson, summit).values("person")
    return (
        Person.objects.filter(Q(pk__in=visible) | Q(pk__in=delegates) | Q(pk__in=speaking))
        .select_related("organisation")
        .order_by("family_name", "given_name", "pk")
    )


def invitee_choices(summit: Summit):
    """The organisations an item may invite: the summit's delegations and organisations."""
    from summitry.delegations.models import Delegation
    from summitry.directory.models import Organisation
    from summitry.summits.models import SummitOrganisation

    delegations = in_summit(Delegation, summit).values("organisation")
    roles = in_summit(SummitOrganisation, summit).values("organisation")
    invited = in_summit(ProgrammeItem, summit).values("invitees")
    return Organisation.objects.filter(
        Q(pk__in=delegations) | Q(pk__in=roles) | Q(pk__in=invited)
    ).order_by("name_en", "pk")


def item_detail(summit: Summit, user, item_id: int) -> ProgrammeItem:
    """An item's public page: the item as the reader may see it (else a 404), its people,
    its room and venue, its parent and the sub-items the reader may see."""
    visible = visible_items(summit, user)
    people = Prefetch("people", queryset=ItemPerson.objects.select_related("person__organisation"))
    found = (
        visible.filter(pk=item_id)
        .select_related("room__venue", "theme", "parent")
        .prefetch_related(people)
        .first()
    )
    if found is None:
        raise Http404(_("This summit has no such programme item."))
    talks = Prefetch(
        "children", queryset=visible.prefetch_related(people).order_by("starts_at", "pk")
    )
    found.visible_children = list(
        visible.filter(parent=found)
        .select_related("room__venue")
        .prefetch_related(people, talks)
        .order_by("starts_at", "pk")
    )
    parent = found.parent
    found.visible_parent = (
        parent if parent is not None and visible.filter(pk=parent.pk).exists() else None
    )
    return found
