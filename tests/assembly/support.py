"""Building assemblies for the tests: a body, N member cities with voting delegates."""

from __future__ import annotations

from summitry.assembly.models import (
    AgendaItem,
    Assembly,
    Member,
    Motion,
    Poll,
    VotingRight,
)
from summitry.demo.loader import ensure_organisers_team
from tests.factories import OrganisationFactory, SummitFactory, UserFactory


def make_assembly(*, members: int = 5, present: int | None = None, slug: str = "ga", summit=None):
    """An assembly of ``members`` voting cities, the first ``present`` of them present
    (all by default), each with a delegate user ``delegate<n>``; the organiser runs it."""
    summit = summit or SummitFactory(slug="forum")
    ensure_organisers_team(summit)
    body = OrganisationFactory(slug=f"body-{slug}", name_en="WeGO", name_ko="세계전자정부협의체")
    assembly = Assembly.objects.create(
        summit=summit, body=body, slug=slug, title_en="General Assembly", title_ko="총회"
    )
    present = members if present is None else present
    rights = []
    for n in range(members):
        city = OrganisationFactory(slug=f"{slug}-city{n}", name_en=f"City {n}", name_ko=f"도시 {n}")
        member = Member.objects.create(body=body, organisation=city)
        user = UserFactory(username=f"{slug}-delegate{n}")
        rights.append(
            VotingRight.objects.create(
                assembly=assembly, member=member, delegate=user, present=n < present
            )
        )
    item = AgendaItem.objects.create(
        assembly=assembly, position=1, kind="motion", title_en="Budget", title_ko="예산"
    )
    return assembly, rights, item


def make_poll(assembly, item, *, kind="open", fraction="1/2", base="cast", comparison="more_than"):
    motion = Motion.objects.create(
        assembly=assembly,
        agenda_item=item,
        title_en="Adopt the budget",
        title_ko="예산 채택",
        state="admitted",
    )
    return Poll.objects.create(
        assembly=assembly,
        agenda_item=item,
        motion=motion,
        title_en="Adopt the budget?",
        title_ko="예산을 채택합니까?",
        kind=kind,
        rule_fraction=fraction,
        rule_base=base,
        rule_comparison=comparison,
    )


# --- for tests/test_permission_matrix.py ------------------------------------------------------


def assembly_world(summit, organiser, delegate_user):
    """An assembly of ``summit`` whose first member's voting delegate is ``delegate_user``,
    with a closed secret poll (so that its bulletin exists)."""
    from summitry.assembly import services

    assembly, rights, item = make_assembly(members=3, summit=summit)
    item.kind = "declaration"  # so that the adopted motion's declaration PDF exists
    item.save(update_fields=["kind"])
    rights[0].delegate = delegate_user
    rights[0].save(update_fields=["delegate"])
    poll = make_poll(assembly, item, kind="secret")
    services.open_poll(actor=organiser, poll=poll)
    services.cast(actor=delegate_user, poll=poll, member_id=rights[0].member_id, choice="yes")
    services.close_poll(actor=organiser, poll=poll)
    # A circulated document of the agenda (members read it).
    from django.core.files.uploadedfile import SimpleUploadedFile

    from summitry.assembly import documents

    documents.attach(
        actor=organiser,
        assembly=assembly,
        upload=SimpleUploadedFile("report.pdf", b"%PDF-1.4\n%%EOF\n"),
        title={"en": "Report"},
        language="en",
        agenda_item=item,
    )
    services.circulate_agenda(actor=organiser, assembly=assembly)
    # A signatory of the adopted declaration.
    from django.utils import timezone

    from summitry.assembly import declarations

    declarations.add_signatory(
        actor=organiser,
        motion=poll.motion,
        organisation=rights[0].member.organisation,
        signer_name={"en": "Mayor"},
        signer_title={},
        signed_on=timezone.localdate(timezone=summit.zone),
    )
    return assembly, poll, rights[0]


def _signatory(w):
    from summitry.assembly.models import Signatory

    return Signatory.objects.get(motion_id=w.poll.motion_id)


def _document(w):
    from summitry.assembly.models import AgendaDocument

    return AgendaDocument.objects.get(assembly=w.assembly)


ROLES = ("anonymous", "contact", "other", "applicant", "judge", "no_perm", "elsewhere", "staff")


def assembly_pages(w, s) -> dict:
    public = dict.fromkeys(ROLES, 200)
    console = {**dict.fromkeys(public, 404), "anonymous": 302, "no_perm": 403, "staff": 200}
    a = {**s, "assembly_slug": w.assembly.slug}
    p = {**a, "poll_id": w.poll.pk}
    # The agenda's members' page and documents: the voting delegate ("contact") and staff.
    members = {**dict.fromkeys(public, 404), "anonymous": 302, "contact": 200, "staff": 200}
    return {
        "assembly:vote": (
            a,
            {**dict.fromkeys(public, 404), "anonymous": 302, "contact": 200},
            "get",
        ),
        "assembly:motions": (
            a,
            {**dict.fromkeys(public, 404), "anonymous": 302, "contact": 200},
            "get",
        ),
        "assembly:agenda": (a, members, "get"),
        "assembly:document": ({**a, "document_id": _document(w).pk}, members, "get"),
        "assembly:documents": (a, console, "get"),
        "assembly:document-remove": ({**a, "document_id": _document(w).pk}, console, "post"),
        "assembly:auto-circulation": (a, console, "post"),
        "assembly:projector": (a, public, "get"),
        "assembly:projector-live": (a, public, "get"),
        "assembly:bulletin": (p, public, "get"),
        "assembly:bulletin-json": (p, public, "get"),
        "assembly:declaration-pdf": ({**a, "motion_id": w.poll.motion_id}, public, "get"),
        "assembly:declaration": ({**a, "motion_id": w.poll.motion_id}, public, "get"),
        "assembly:signatories": ({**a, "motion_id": w.poll.motion_id}, console, "get"),
        "assembly:signatory-remove": (
            {**a, "motion_id": w.poll.motion_id, "signatory_id": _signatory(w).pk},
            console,
            "post",
        ),
        "assembly:minutes": (a, console, "get"),
        "assembly:minutes-pdf": (a, console, "get"),
        "assembly:manage-index": (s, console, "get"),
        "assembly:manage": (a, console, "get"),
        "assembly:manage-live": (a, console, "get"),
        "assembly:presence": ({**a, "right_id": w.right.pk}, console, "post"),
        "assembly:delegates": ({**a, "right_id": w.right.pk}, console, "get"),
        "assembly:runoff": (p, console, "post"),
        "assembly:kiosk": (a, console, "get"),
        # Minutes not yet approved are nobody's public page (tests/assembly covers approved).
        "assembly:public-minutes": (a, dict.fromkeys(ROLES, 404), "get"),
        "assembly:public-minutes-pdf": (a, dict.fromkeys(ROLES, 404), "get"),
        "assembly:link-minutes": ({**a, "item_id": w.poll.agenda_item_id}, console, "post"),
        "assembly:kiosk-pin": ({**a, "right_id": w.right.pk}, console, "post"),
        "assembly:rules": (a, console, "post"),
        "assembly:setup": (a, console, "get"),
        "assembly:setup-item": ({**a, "item_id": w.poll.agenda_item_id}, console, "get"),
        "assembly:setup-item-delete": ({**a, "item_id": w.poll.agenda_item_id}, console, "post"),
        "assembly:setup-poll": (p, console, "get"),
        "assembly:setup-poll-delete": (p, console, "post"),
        "assembly:circulate": (a, console, "post"),
        "assembly:motion-move": ({**a, "motion_id": w.poll.motion_id}, console, "post"),
        "assembly:open": (p, console, "post"),
        "assembly:close": (p, console, "post"),
    }


def assembly_reads(w, f) -> dict:
    public = dict.fromkeys(ROLES, 200)
    a = f"{f}/assemblies/{w.assembly.slug}"
    api_members = {**dict.fromkeys(ROLES, 404), "anonymous": 401, "contact": 200, "staff": 200}
    return {
        "list_assemblies": (f"{f}/assemblies", public),
        "list_polls": (f"{a}/polls", public),
        "get_poll": (f"{a}/polls/{w.poll.pk}", public),
        "list_declarations": (f"{a}/declarations", public),
        "list_assembly_documents": (f"{a}/documents", api_members),
        "get_assembly_document_file": (f"{a}/documents/{_document(w).pk}/file", api_members),
    }


# --- check-in: the assembly room as a zone ----------------------------------------------------


def checkin_room(assembly, organiser):
    """A check-in zone for the assembly's room and a delegates' category that enters it,
    set as the assembly's zone through the rules service."""
    from summitry.assembly import services
    from summitry.checkin import services as checkin

    summit = assembly.summit
    zone = checkin.create_zone(
        actor=organiser, summit=summit, name={"ko": "총회장", "en": "Assembly hall"}
    )
    category = checkin.create_category(
        actor=organiser, summit=summit, name={"ko": "대표", "en": "Delegate"}, zones=[zone]
    )
    services.set_rules(
        actor=organiser,
        assembly=assembly,
        quorum_to_open=assembly.quorum_to_open,
        votes_changeable=assembly.votes_changeable,
        checkin_zone=zone,
    )
    assembly.refresh_from_db()
    return zone, category


def enter_room(assembly, right, organiser, zone, category, n=0):
    """A delegate of ``right``'s member organisation gets a badge and enters ``zone``."""
    from summitry.checkin import services as checkin
    from summitry.delegations.models import Delegate, Delegation
    from tests.factories import PersonFactory

    organisation = right.member.organisation
    delegation, _new = Delegation.objects.get_or_create(
        summit=assembly.summit, organisation=organisation
    )
    delegate = Delegate.objects.create(
        delegation=delegation, person=PersonFactory(organisation=organisation)
    )
    checkin.assign_category(
        actor=organiser, summit=assembly.summit, delegates=[delegate], category=category
    )
    badge = checkin.issue(actor=organiser, delegate=delegate)
    return checkin.scan(
        actor=organiser,
        summit=assembly.summit,
        zone=zone,
        code=checkin.code_for(badge),
        client_scan_id=f"scan-{right.pk}-{n}",
    )


def make_delegation_people(assembly, right, count: int = 3):
    """``count`` registered delegates with accounts in the delegation of ``right``'s member
    at ``assembly``'s summit (users ``<member slug>-p<n>``)."""
    from summitry.delegations.models import Delegate, Delegation
    from tests.factories import PersonFactory

    organisation = right.member.organisation
    delegation = Delegation.objects.create(
        summit=assembly.summit, organisation=organisation, status="registered"
    )
    return [
        Delegate.objects.create(
            delegation=delegation,
            person=PersonFactory(organisation=organisation),
            user=UserFactory(username=f"{organisation.slug}-p{n}"),
        )
        for n in range(count)
    ]
