"""Reads of city diplomacy, summit-scoped: what each user may see, the schedule grid, the
order of precedence and seating, the agreements register and the partner cities."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from summitry.core.scoping import in_summit
from summitry.delegations.models import ATTENDING, Delegate, DelegateRole, Delegation, PlaceStatus
from summitry.directory.models import Organisation, Person, ProtocolRank
from summitry.summits.models import Summit

from . import rules, scheduling
from .models import (
    PARTNER_STATUSES,
    Agreement,
    AgreementDocument,
    Gift,
    Interpreter,
    MeetingRequest,
    PrecedenceRule,
    RequestStatus,
)
from .parties import host_of


def requests(summit: Summit, user) -> QuerySet[MeetingRequest]:
    """Every request for officers; a contact's own delegation's (either side); else none."""
    rows = (
        in_summit(MeetingRequest, summit)
        .select_related("requester", "counterpart", "room__venue", "interpreter", "item")
        .prefetch_related("attendees__organisation")
    )
    if rules.is_officer(user, summit):
        return rows
    mine = rules.organisations_of(user, summit)
    if not mine:
        return rows.none()
    return rows.filter(Q(requester_id__in=mine) | Q(counterpart_id__in=mine))


MEETING_SORTS = {
    "when": (F("starts_at").asc(nulls_last=True), "-created_at", "pk"),
    "requested": ("-created_at", "pk"),
    "status": ("status", F("starts_at").asc(nulls_last=True), "pk"),
}


def meeting_list(rows: QuerySet[MeetingRequest], *, search: str, status: str, sort: str):
    """The meetings list's rows: found by either side's name (in both languages) or the topic,
    of one status, in the chosen order (by time unless told otherwise)."""
    search = search.strip()
    if search:
        rows = rows.filter(
            Q(requester__name_ko__icontains=search)
            | Q(requester__name_en__icontains=search)
            | Q(counterpart__name_ko__icontains=search)
            | Q(counterpart__name_en__icontains=search)
            | Q(topic_ko__icontains=search)
            | Q(topic_en__icontains=search)
        )
    if status in RequestStatus.values:
        rows = rows.filter(status=status)
    return rows.order_by(*MEETING_SORTS.get(sort, MEETING_SORTS["when"]))


def request(summit: Summit, user, request_id: int) -> MeetingRequest:
    found = requests(summit, user).filter(pk=request_id).first()
    if found is None:
        raise Http404(_("There is no such meeting request for you here."))
    return found


def parties(summit: Summit) -> list[Organisation]:
    """Who can meet: the host, then the registered delegations, by English name."""
    host = host_of(summit)
    delegations = (
        in_summit(Delegation, summit)
        .filter(status__in=ATTENDING)
        .select_related("organisation")
        .order_by("organisation__name_en")
    )
    found = [d.organisation for d in delegations if not host or d.organisation_id != host.pk]
    return ([host] if host else []) + found


def my_organisations(summit: Summit, user) -> list[Organisation]:
    """The sides a user may request for: all parties for officers, else their delegations."""
    if rules.is_officer(user, summit):
        return parties(summit)
    mine = rules.organisations_of(user, summit)
    return [o for o in parties(summit) if o.pk in mine]


def people_of(summit: Summit, organisation: Organisation) -> list[Person]:
    """Who may attend for a side: the host's people, or the delegation's members."""
    host = host_of(summit)
    if host and organisation.pk == host.pk:
        return list(Person.objects.filter(organisation=host).order_by("protocol_rank", "pk"))
    members = (
        in_summit(Delegate, summit)
        .filter(delegation__organisation=organisation, person__organisation=organisation)
        .exclude(place=PlaceStatus.CANCELLED)
        .select_related("person")
        .order_by("role", "pk")
    )
    return [m.person for m in members]


def person(summit: Summit, person_id: int) -> Person | None:
    return Person.objects.filter(pk=person_id).select_related("organisation").first()


def grid(summit: Summit, meetings: list[MeetingRequest]):
    """[(day, [(slot, [(room, meeting or None)])])] for the officer's draft grid."""
    config = scheduling.settings_of(summit)
    slot_list = scheduling.slots(summit, config)
    rooms = (
        list(config.rooms.select_related("venue").order_by("venue", "position", "pk"))
        if (config.pk)
        else []
    )
    at = {(m.starts_at, m.room_id): m for m in meetings if m.is_scheduled}
    days = defaultdict(list)
    for slot in slot_list:
        days[slot.day].append((slot, [(room, at.get((slot.start, room.pk))) for room in rooms]))
    return rooms, sorted(days.items())


# --- precedence and seating -------------------------------------------------------------------


def _head_rank(summit: Summit, organisation: Organisation) -> int:
    head = (
        in_summit(Delegate, summit)
        .filter(delegation__organisation=organisation, role=DelegateRole.HEAD)
        .exclude(place=PlaceStatus.CANCELLED)
        .select_related("person")
        .first()
    )
    if head is not None:
        return head.person.protocol_rank
    best = Person.objects.filter(organisation=organisation).order_by("protocol_rank").first()
    return best.protocol_rank if best else ProtocolRank.OTHER


def precedence(summit: Summit, organisations: list[Organisation]) -> list[Organisation]:
    """The organisations in the summit's order of precedence."""
    config = scheduling.settings_of(summit)

    def name(org) -> str:
        return (org.name_en or org.name_ko or "").casefold()

    if config.precedence_rule == PrecedenceRule.ROTATION:
        letter = (config.rotation_letter or "A").casefold()
        return sorted(organisations, key=lambda o: (name(o)[:1] < letter, name(o)))
    return sorted(organisations, key=lambda o: (_head_rank(summit, o), name(o)))


@dataclass
class Seat:
    number: int
    person: Person
    organisation: Organisation | None
    note: str = ""


def seating(summit: Summit, people: list[Person], host: Organisation | None) -> list[Seat]:
    """Seats of one row, left to right as seen from the audience: the host's principal in the
    middle, the guest of honour at the host's right, then alternately at the host's left and
    right in order of precedence."""
    if not people:
        return []
    orgs = {p.organisation_id: p.organisation for p in people if p.organisation_id}
    guest_orgs = precedence(summit, [o for o in orgs.values() if not host or o.pk != host.pk])
    org_order = {o.pk: i for i, o in enumerate(guest_orgs)}
    host_people = sorted(
        [p for p in people if host and p.organisation_id == host.pk],
        key=lambda p: (p.protocol_rank, p.pk),
    )
    guests = sorted(
        [p for p in people if not (host and p.organisation_id == host.pk)],
        key=lambda p: (org_order.get(p.organisation_id, 99), p.protocol_rank, p.pk),
    )
    # Order of honour: the host's principal, the guests' principals, then everyone else.
    principals = [host_people[0]] if host_people else []
    seen_orgs, guest_principals, rest = set(), [], []
    for p in guests:
        if p.organisation_id not in seen_orgs:
            seen_orgs.add(p.organisation_id)
            guest_principals.append(p)
        else:
            rest.append(p)
    ordered = principals + guest_principals + host_people[1:] + rest
    # Position 0 is the centre; odd positions to the host's right, even to the left.
    right, left = [], []
    for i, p in enumerate(ordered[1:], start=1):
        (right if i % 2 == 1 else left).append(p)
    # Seen from the audience the host's right is on the left.
    row = list(reversed(right)) + ordered[:1] + left
    seats = []
    for number, p in enumerate(row, start=1):
        note = ""
        if p is ordered[0]:
            note = (
                _("Hosting principal") if host and p.organisation_id == host.pk else _("Principal")
            )
        elif len(ordered) > 1 and p is ordered[1]:
            note = _("Guest of honour")
        seats.append(Seat(number, p, p.organisation, note))
    return seats


# --- gifts and agreements ---------------------------------------------------------------------


def gifts(summit: Summit) -> QuerySet[Gift]:
    return in_summit(Gift, summit).select_related("counterpart", "recorded_by")


def gift(summit: Summit, gift_id: int) -> Gift:
    found = gifts(summit).filter(pk=gift_id).first()
    if found is None:
        raise Http404(_("There is no such gift here."))
    return found


def agreements(summit: Summit) -> QuerySet[Agreement]:
    return (
        in_summit(Agreement, summit)
        .select_related("partner", "ceremony__room__venue")
        .prefetch_related("signatories__organisation", "history__actor", "documents")
    )


def agreement(summit: Summit, agreement_id: int) -> Agreement:
    found = agreements(summit).filter(pk=agreement_id).first()
    if found is None:
        raise Http404(_("There is no such agreement here."))
    return found


def document(summit: Summit, document_id: int) -> AgreementDocument:
    found = in_summit(AgreementDocument, summit).filter(pk=document_id).first()
    if found is None:
        raise Http404(_("There is no such document here."))
    return found


def partners(summit: Summit) -> list[Agreement]:
    """The host city's partner cities: signed or in-force agreements, one row each, by
    country and name; the earliest signing date is when the partnership began."""
    rows = (
        in_summit(Agreement, summit)
        .filter(status__in=PARTNER_STATUSES)
        .select_related("partner")
        .order_by("signed_on", "pk")
    )
    return sorted(rows, key=lambda a: (a.partner.country.name, a.partner.name_en))


def local(summit: Summit, moment):
    return timezone.localtime(moment, summit.zone) if moment else None


def pending_for(summit: Summit, user) -> list[MeetingRequest]:
    """Requests waiting for this user's answer."""
    return [
        r
        for r in requests(summit, user).filter(
            status__in=(RequestStatus.REQUESTED, RequestStatus.PROPOSED)
        )
        if rules.may_answer(user, r)
    ]


def interpreters(summit: Summit) -> QuerySet[Interpreter]:
    return in_summit(Interpreter, summit).annotate(meeting_count=Count("meetings"))


def interpreter(summit: Summit, interpreter_id: int) -> Interpreter:
    found = in_summit(Interpreter, summit).filter(pk=interpreter_id).first()
    if found is None:
        raise Http404(_("This summit has no such interpreter."))
    return found


def dashboard_panel(request, summit) -> dict:
    """The console's panel: bilateral requests waiting for an answer, accepted but not yet
    scheduled, scheduled, and agreements in progress."""
    from django.db.models import Count

    from .models import Agreement, MeetingRequest, RequestStatus

    requests = in_summit(MeetingRequest, summit)
    by_status = dict(requests.values_list("status").annotate(n=Count("pk")).order_by())
    accepted = requests.filter(status=RequestStatus.ACCEPTED)
    return {
        "requested": by_status.get(RequestStatus.REQUESTED, 0),
        "proposed": by_status.get(RequestStatus.PROPOSED, 0),
        "unscheduled": accepted.filter(starts_at__isnull=True).count(),
        "scheduled": accepted.filter(starts_at__isnull=False).count(),
        "agreements": in_summit(Agreement, summit).count(),
    }


def home_block(request, summit) -> dict | None:
    return {} if partners(summit) else None


def scheduler_runs(summit: Summit) -> QuerySet:
    """The scheduler's runs at the summit, newest first (officers only: callers check)."""
    from summitry.core.models import Run

    from .services import SCHEDULER_RUN

    return in_summit(Run, summit).filter(kind=SCHEDULER_RUN).order_by("-created_at", "-pk")


def scheduler_run(summit: Summit, run_id: int):
    found = scheduler_runs(summit).filter(pk=run_id).first()
    if found is None:
        raise Http404(_("There is no such run here."))
    return found
