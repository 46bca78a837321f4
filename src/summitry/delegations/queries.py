"""Reads of delegations: lists, one delegation for its contact or staff, and the counts."""

from __future__ import annotations

import datetime
from collections import Counter

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from summitry.core.scoping import in_summit
from summitry.core.timezones import check_day
from summitry.directory.models import OrganisationKind, ProtocolRank
from summitry.summits.models import OrganisationRole, Summit, SummitOrganisation

from . import rules
from .models import (
    CountSnapshot,
    Delegate,
    DelegateRole,
    Delegation,
    DelegationStatus,
    DietaryNeed,
    Invitation,
    PlaceStatus,
)


def delegations(summit: Summit, user, status: str | None = None) -> QuerySet[Delegation]:
    """Every delegation for staff; only their own for a contact; nothing for anyone else."""
    rows = in_summit(Delegation, summit).select_related("organisation", "contact")
    if not rules.is_staff_for(user, summit):
        rows = rows.filter(contact=user) if user.is_authenticated else rows.none()
    return rows.filter(status=status) if status else rows


# The staff list's sort keys: (what the reader chooses, what the database sorts by).
SORTS = {
    "organisation": ("organisation__name_en", "organisation__name_ko"),
    "country": ("organisation__country", "organisation__name_en"),
    "status": ("status", "organisation__name_en"),
    "registered": ("registered_at", "organisation__name_en"),
    "members": ("members_with_place", "organisation__name_en"),
}


def staff_list(
    summit: Summit,
    user,
    *,
    status: str = "",
    kind: str = "",
    country: str = "",
    search: str = "",
    sort: str = "organisation",
) -> QuerySet[Delegation]:
    """The staff's list of delegations: filtered, searched (organisation in either language,
    contact's name or address), sorted (``-`` before a key reverses it), with each one's
    members holding a place and its invitation."""
    from django.db.models import Count

    rows = (
        delegations(summit, user)
        .select_related("invitation")
        .annotate(
            members_with_place=Count("members", filter=Q(members__place=PlaceStatus.REGISTERED))
        )
    )
    if status in DelegationStatus.values:
        rows = rows.filter(status=status)
    if kind:
        rows = rows.filter(organisation__kind=kind)
    if country:
        rows = rows.filter(organisation__country=country.upper()[:2])
    if search:
        rows = rows.filter(
            Q(organisation__name_en__icontains=search)
            | Q(organisation__name_ko__icontains=search)
            | Q(organisation__short_name_en__icontains=search)
            | Q(invitation__contact_name__icontains=search)
            | Q(invitation__contact_email__icontains=search)
            | Q(contact__email__icontains=search)
        )
    key = sort.lstrip("-")
    order = SORTS.get(key, SORTS["organisation"])
    if sort.startswith("-") and key in SORTS:
        order = tuple(f"-{field}" for field in order)
    return rows.order_by(*order, "pk")


def delegation(summit: Summit, user, delegation_id: int) -> Delegation:
    members = Prefetch(
        "members", queryset=Delegate.objects.select_related("person").order_by("role", "pk")
    )
    found = (
        delegations(summit, user)
        .select_related("invitation")
        .prefetch_related(members, "history__actor")
        .filter(pk=delegation_id)
        .first()
    )
    if found is None:
        raise Http404(_("There is no such delegation for you here."))
    return found


def delegation_to_change(summit: Summit, user, delegation_id: int) -> Delegation:
    """The delegation's own row alone (no organisation, contact, members or history), for a
    write that needs only its identity and permissions; 404 as ``delegation`` for anyone who
    may not see it."""
    rows = in_summit(Delegation, summit).filter(pk=delegation_id)
    if not rules.is_staff_for(user, summit):
        rows = rows.filter(contact=user) if user.is_authenticated else rows.none()
    found = rows.first()
    if found is None:
        raise Http404(_("There is no such delegation for you here."))
    found.summit = summit
    return found


def member(delegation: Delegation, member_id: int) -> Delegate:
    found = delegation.members.select_related("person").filter(pk=member_id).first()
    if found is None:
        raise Http404(_("This delegation has no such member."))
    return found


def invitations(summit: Summit) -> QuerySet[Invitation]:
    return in_summit(Invitation, summit).select_related("organisation")


def snapshots(summit: Summit) -> QuerySet[CountSnapshot]:
    return in_summit(CountSnapshot, summit).select_related("frozen_by")


def _end_of(summit: Summit, day: datetime.date) -> datetime.datetime:
    """The first moment after ``day`` in the summit's time zone."""
    return datetime.datetime.combine(
        day + datetime.timedelta(days=1), datetime.time.min, tzinfo=summit.zone
    )


def counts(summit: Summit, as_of: datetime.date) -> dict:
    """Counts "as registered on" a day (until its end, in the summit's time zone).

    A delegation counts when it had registered by then and had not declined or been cancelled
    by then. Its members count when they had registered by then, were not cancelled by then and
    hold a place now (the waiting list is not counted). The host's own delegation is not foreign
    and is left out of the city and country figures."""
    check_day(as_of, "as_of")
    end = _end_of(summit, as_of)
    hosts = set(
        in_summit(SummitOrganisation, summit)
        .filter(role=OrganisationRole.HOST)
        .values_list("organisation_id", flat=True)
    )
    attending = list(
        in_summit(Delegation, summit)
        .filter(registered_at__lt=end)
        .filter(Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=end))
        .select_related("organisation")
    )
    foreign_cities = [
        d.organisation
        for d in attending
        if d.organisation.kind == OrganisationKind.CITY and d.organisation_id not in hosts
    ]
    organisations = [
        d.organisation for d in attending if d.organisation.kind != OrganisationKind.CITY
    ]
    members = list(
        in_summit(Delegate, summit)
        .filter(delegation__in=attending, registered_at__lt=end, place=PlaceStatus.REGISTERED)
        .filter(Q(cancelled_at__isnull=True) | Q(cancelled_at__gte=end))
        .select_related("person")
    )

    def per_day(moments) -> dict[str, int]:
        days = Counter(m.astimezone(summit.zone).date().isoformat() for m in moments if m)
        return dict(sorted(days.items()))

    heads = Counter(
        ProtocolRank(m.person.protocol_rank).name.lower()
        for m in members
        if m.role == DelegateRole.HEAD
    )
    return {
        "as_of": as_of.isoformat(),
        "delegations": len(attending),
        "delegations_by_kind": dict(
            sorted(Counter(d.organisation.kind for d in attending).items())
        ),
        "foreign_cities": len(foreign_cities),
        "countries": len({c.country.code for c in foreign_cities}),
        "organisations": len(organisations),
        "people": len(members),
        # In order of precedence, highest rank first.
        "heads_by_rank": dict(sorted(heads.items(), key=lambda kv: ProtocolRank[kv[0].upper()])),
        "arrivals_by_day": per_day(m.arrival_at for m in members),
        "departures_by_day": per_day(m.departure_at for m in members),
        "dietary_needs": dict(
            sorted(Counter(m.dietary_needs for m in members if m.dietary_needs).items())
        ),
        "interpretation": dict(
            sorted(
                Counter(
                    m.interpretation_language for m in members if m.interpretation_language
                ).items()
            )
        ),
        "waiting_list": in_summit(Delegate, summit).filter(place=PlaceStatus.WAITING).count(),
    }


def counts_sentence(summit: Summit, figures: dict) -> str:
    """The press release's sentence, in the active language."""
    from django.utils import formats

    day = formats.date_format(datetime.date.fromisoformat(figures["as_of"]), "MONTH_DAY_FORMAT")
    return _(
        "%(cities)s foreign city delegations from %(countries)s countries, and "
        "%(organisations)s international organisations and companies, as registered on %(day)s"
    ) % {
        "cities": figures["foreign_cities"],
        "countries": figures["countries"],
        "organisations": figures["organisations"],
        "day": day,
    }


def invitation(summit: Summit, invitation_id: int) -> Invitation:
    found = invitations(summit).filter(pk=invitation_id).first()
    if found is None:
        raise Http404(_("This summit has no such invitation."))
    return found


def count_labels(figures: dict) -> dict[str, list[tuple[str, int]]]:
    """The keyed figures with their labels in the active language, for pages."""
    languages = dict(settings.LANGUAGES)
    return {
        "heads_by_rank": [
            (ProtocolRank[key.upper()].label, n) for key, n in figures["heads_by_rank"].items()
        ],
        "delegations_by_kind": [
            (OrganisationKind(key).label, n) for key, n in figures["delegations_by_kind"].items()
        ],
        "interpretation": [
            (str(languages.get(key, key)), n) for key, n in figures["interpretation"].items()
        ],
        "dietary_needs": [
            (str(DietaryNeed(key).label) if key in DietaryNeed.values else key, n)
            for key, n in figures["dietary_needs"].items()
        ],
    }


def own_records(user) -> QuerySet[Delegate]:
    """A signed-in person's own registrations, at every summit."""
    if not user.is_authenticated:
        return Delegate.objects.none()
    return Delegate.objects.filter(user=user).select_related(
        "person", "delegation__organisation", "delegation__summit"
    )


def contact_delegations(user) -> QuerySet[Delegation]:
    """The delegations a signed-in person is the contact of, at every summit."""
    if not user.is_authenticated:
        return Delegation.objects.none()
    return Delegation.objects.filter(contact=user).select_related("organisation", "summit")


def own_record(summit: Summit, user, member_id: int) -> Delegate:
    found = in_summit(own_records(user), summit).filter(pk=member_id).first()
    if found is None:
        raise Http404(_("This delegation has no such member."))
    return found


def people_seen_by_delegations(user):
    """For the directory: a delegation's contact sees its members, a member themself, the
    summit's registration staff every delegate of the summit."""
    if user is None or not user.is_authenticated:
        return None
    from summitry.summits.permissions import summits_with

    return Delegate.objects.filter(
        Q(delegation__contact=user)
        | Q(user=user)
        | Q(summit__in=summits_with(user, rules.PERMISSION))
    ).values("person")


def my_page_block(request, summit=None) -> dict | None:
    """For a person's own page: the delegations they register and their own registrations."""
    return {
        "delegations": contact_delegations(request.user),
        "records": own_records(request.user),
    }


CHART_DAYS = 14


def dashboard_panel(request, summit: Summit) -> dict:
    """The console's panel: delegations by status, registrations over the last days of
    registration (days of the summit's zone), places left and the waiting list."""
    import datetime as _datetime

    from django.db.models import Count
    from django.utils import timezone

    by_status = dict(
        in_summit(Delegation, summit).values_list("status").annotate(n=Count("pk")).order_by()
    )
    members = in_summit(Delegate, summit)
    placed = members.filter(place=PlaceStatus.REGISTERED).count()
    waiting = members.filter(place=PlaceStatus.WAITING).count()
    # The last days of registration: up to today, or to the summit's first day once it has
    # begun (registration is over by then).
    last = min(timezone.localdate(timezone=summit.zone), summit.start_date)
    first = last - _datetime.timedelta(days=CHART_DAYS - 1)
    since = _datetime.datetime.combine(first, _datetime.time.min, tzinfo=summit.zone)
    per_day = Counter(
        timezone.localtime(moment, summit.zone).date()
        for moment in members.filter(registered_at__gte=since).values_list(
            "registered_at", flat=True
        )
    )
    days = [first + _datetime.timedelta(days=n) for n in range(CHART_DAYS)]
    top = max([per_day[d] for d in days] + [1])
    bars = [
        {
            "day": d,
            "count": per_day[d],
            "height": round(60 * per_day[d] / top),
            "y": 70 - round(60 * per_day[d] / top),
            "x": 8 + 14 * i,
        }
        for i, d in enumerate(days)
    ]
    from .models import DelegationStatus as Status

    return {
        "statuses": [(value, label, by_status.get(value, 0)) for value, label in Status.choices],
        "placed": placed,
        "waiting": waiting,
        "places_left": None if summit.capacity is None else max(summit.capacity - placed, 0),
        "bars": bars,
        "first_day": first,
        "last_day": last,
        "recent": sum(b["count"] for b in bars),
    }


def home_block(request, summit: Summit) -> dict | None:
    """For the summit's home page: who takes part, in the one figure the counts give (the
    latest frozen snapshot, which staff cite; else the registrations as they stand)."""
    from django.utils import timezone

    snapshot = snapshots(summit).first()
    if snapshot is not None:
        figures = snapshot.counts
    else:
        day = min(timezone.localdate(timezone=summit.zone), summit.end_date)
        figures = counts(summit, day)
    if not (figures["foreign_cities"] or figures["organisations"]):
        return None
    return {"sentence": counts_sentence(summit, figures), "figures": figures}


MEMBER_SORTS = {
    "name": ("person__family_name", "person__given_name", "person__name_hangul"),
    "delegation": ("delegation__organisation__name_en", "role", "pk"),
    "registered": ("registered_at", "pk"),
    "arrival": ("arrival_at", "pk"),
}


def staff_members(
    summit: Summit,
    *,
    search: str = "",
    place: str = "",
    role: str = "",
    sort: str = "delegation",
) -> QuerySet[Delegate]:
    """Every member of the summit's delegations for its staff: searched by name in either
    script, e-mail or delegation; filtered by place and role; sorted."""
    rows = in_summit(Delegate, summit).select_related("person", "delegation__organisation")
    if search:
        rows = rows.filter(
            Q(person__given_name__icontains=search)
            | Q(person__family_name__icontains=search)
            | Q(person__name_hangul__icontains=search)
            | Q(email__icontains=search)
            | Q(delegation__organisation__name_en__icontains=search)
            | Q(delegation__organisation__name_ko__icontains=search)
        )
    if place in PlaceStatus.values:
        rows = rows.filter(place=place)
    if role in DelegateRole.values:
        rows = rows.filter(role=role)
    key = sort.lstrip("-")
    order = MEMBER_SORTS.get(key, MEMBER_SORTS["delegation"])
    if sort.startswith("-") and key in MEMBER_SORTS:
        order = tuple(f"-{field}" for field in order)
    return rows.order_by(*order)


def reminder_page(summit) -> dict:
    """The reminders page: the settings, the reminder due now, who would get it, what went."""
    from django.utils import timezone

    from . import reminders
    from .models import DeadlineReminder

    config = reminders.settings_of(summit)
    return {
        "config": config,
        "due": reminders.due(config, timezone.now()),
        "waiting": reminders.waiting(summit).count(),
        "sent": in_summit(DeadlineReminder, summit)
        .select_related("delegation__organisation", "message")
        .order_by("-sent_at", "-pk"),
    }
