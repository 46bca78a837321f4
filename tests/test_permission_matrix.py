"""Who gets what: every page of Summitry, and every API read, asked by each kind of visitor.

Roles: anonymous; a delegation's contact (``contact``); another delegation's contact
(``other``); an award applicant; a judge; a member of the summit's teams without a permission
(``no_perm``); another summit's organiser (``elsewhere``); the summit's organiser (``staff``).
A page that is not in the matrix fails the test: a new page must say who may open it.
Pages that only take POST are asked with an empty POST by those who may not use them (they
must be refused before anything happens); the others' POSTs are the pages' own tests."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from summitry.awards.models import Winner
from summitry.core.models import OutboundMessage, Run
from summitry.core.tokens import issue_token
from summitry.delegations import services as delegation_services
from summitry.delegations.models import Delegation
from summitry.demo.loader import ensure_team
from summitry.diplomacy.models import (
    Agreement,
    AgreementDocument,
    Gift,
    Interpreter,
    MeetingRequest,
)
from summitry.judging.models import Assignment
from summitry.programme.models import ProgrammeItem
from summitry.programme.releases import publish
from summitry.summits.models import SummitOrganisation, Team, TeamInvitation
from summitry.webhooks.models import Delivery, Subscription
from tests.assembly.support import assembly_pages, assembly_reads, assembly_world
from tests.exhibitions.ir_support import ir_world
from tests.exhibitions.support import exhibitions_pages, exhibitions_reads, exhibitions_world
from tests.factories import OrganisationFactory, SummitFactory, UserFactory
from tests.images import small_png
from tests.judging.support import make_application, make_award, make_categories, make_judge
from tests.online.support import online_pages, online_reads
from tests.press.conftest import press_kit_pages, press_mailing_pages, press_world

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "contact", "other", "applicant", "judge", "no_perm", "elsewhere", "staff")
SEOUL = datetime.timezone(datetime.timedelta(hours=9))


def everyone(status):
    return dict.fromkeys(ROLES, status)


PUBLIC = everyone(200)
SIGNED_IN = {**everyone(200), "anonymous": 302}
# A console page: the summit's teams only (404 to anyone else), the permission for a team.
CONSOLE = {**everyone(404), "anonymous": 302, "no_perm": 403, "staff": 200}
CONSOLE_ANY_TEAM = {**CONSOLE, "no_perm": 200}
# A staff page that answers 404 to a team member without its permission too.
STAFF_404 = {**everyone(404), "anonymous": 302, "staff": 200}
# The delegation's own pages: its contact and staff.
OWN_DELEGATION = {**everyone(404), "anonymous": 302, "contact": 200, "staff": 200}
LOGIN_ONLY_POST = {**everyone(405), "anonymous": 302}
# Not public yet (an embargoed press release): staff only, 404 to anyone else, signed in or not.
STAFF_404_PUBLIC = {**everyone(404), "staff": 200}


class World:
    pass


@pytest.fixture
def world(organiser):
    w = World()
    w.summit = SummitFactory(
        slug="forum", start_date=datetime.date(2030, 9, 24), end_date=datetime.date(2030, 9, 26)
    )
    w.elsewhere_summit = SummitFactory(slug="prize")
    host = OrganisationFactory(slug="seoul", name_en="Seoul", country="KR")
    SummitOrganisation.objects.create(summit=w.summit, organisation=host, role="host")
    users = {role: UserFactory(username=role, email=f"{role}@example.org") for role in ROLES[1:7]}
    users["staff"] = organiser
    w.users = users
    ensure_team(
        w.summit, name_ko="무권한", name_en="Nothing", codes=set(), members=[users["no_perm"]]
    )
    ensure_team(
        w.elsewhere_summit,
        name_ko="조직위",
        name_en="Elsewhere",
        codes={
            "settings",
            "team",
            "delegations",
            "programme",
            "meetings",
            "gifts",
            "agreements",
            "awards",
            "judging",
            "outbox",
            "audit",
        },
        members=[users["elsewhere"]],
    )

    def delegation(slug, contact):
        org = OrganisationFactory(slug=slug, name_en=slug.title(), country="NZ")
        invitation, secret = delegation_services.invite(
            actor=organiser,
            summit=w.summit,
            organisation=org,
            contact_name=slug,
            contact_email=f"{slug}@example.org",
            language="en",
        )
        found = Delegation.objects.get(invitation=invitation)
        found.contact = contact
        found.save(update_fields=["contact"])
        return found, secret

    w.delegation, _ = delegation("wellington", users["contact"])
    w.other_delegation, w.unclaimed_secret = delegation("kyiv", users["other"])
    w.member = delegation_services.add_member(
        actor=users["contact"],
        delegation=w.delegation,
        data={"role": "head", "given_name": "Tory", "email": "tory@example.org"},
    )
    w.member.badge_photo.save("p.png", ContentFile(small_png((6, 8))), save=True)
    w.feed_secret = delegation_services.calendar_secret(w.member)
    item = ProgrammeItem.objects.create(
        summit=w.summit,
        kind="site_visit",
        block="morning",
        title_en="Site visit",
        starts_at=datetime.datetime(2030, 9, 25, 9, tzinfo=SEOUL),
        ends_at=datetime.datetime(2030, 9, 25, 11, tzinfo=SEOUL),
        signup=True,
        capacity=10,
    )
    w.item = item
    publish(actor=organiser, summit=w.summit)

    w.meeting = MeetingRequest.objects.create(
        summit=w.summit,
        requester=w.delegation.organisation,
        counterpart=host,
        topic_en="Friendship",
        requester_language="en",
        counterpart_language="ko",
    )
    w.interpreter = Interpreter.objects.create(
        summit=w.summit, name="Kim", language_a="ko", language_b="en"
    )
    w.agreement = Agreement.objects.create(
        summit=w.summit,
        partner=w.delegation.organisation,
        kind="mou",
        title_en="MOU",
    )
    w.document = AgreementDocument.objects.create(
        agreement=w.agreement, language="en", file=ContentFile(b"%PDF-1.4", name="mou.pdf")
    )
    Gift.objects.create(
        summit=w.summit,
        direction="given",
        counterpart=w.delegation.organisation,
        description="Vase",
        date=datetime.date(2030, 9, 25),
    )

    award = make_award(summit=w.summit)
    people, _leadership = make_categories(award)
    w.award = award
    w.application = make_application(award, people, 1, applicant=users["applicant"])
    from summitry.awards.models import Answer, Question

    w.answer = Answer.objects.create(
        application=w.application,
        question=Question.objects.create(award=award, kind="file", label_en="Plan"),
        file=ContentFile(b"%PDF-1.4", name="plan.pdf"),
        file_name="plan.pdf",
    )
    judge = make_judge(award, "judge-profile")
    judge.user = users["judge"]
    judge.save(update_fields=["user"])
    from tests.judging.support import make_round

    w.round = make_round(award, k=1)
    w.assignment = Assignment.objects.create(round=w.round, judge=judge, application=w.application)
    from summitry.judging.models import Score

    Score.objects.create(assignment=w.assignment, comment="So far so good.")
    # A finished run of the judge-assignment solver (core.runs).
    w.assignment_run = Run.objects.create(
        summit=w.summit, kind="judging.assign", subject=f"round:{w.round.pk}", status="done"
    )
    w.winner = Winner.objects.create(
        award=award,
        category=people,
        application=w.application,
        prize_title_en="Grand prize",
        decided_at=timezone.now(),
    )
    w.team = Team.objects.get(summit=w.summit, name_en="Organisers")
    w.team_invitation = TeamInvitation.objects.create(
        team=w.team,
        email="x@example.org",
        digest="d" * 64,
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    w.message = OutboundMessage.objects.create(
        summit=w.summit, kind="x", recipient="a@example.org", language="en", subject="S", body="B"
    )
    w.token = issue_token(user=organiser, name="matrix")[0]
    # A finished run of the meeting scheduler (core.runs).
    w.scheduler_run = Run.objects.create(
        summit=w.summit, kind="diplomacy.schedule", subject="matrix", status="done"
    )
    # A finished CSV import of organisations and contacts (delegations.imports).
    w.import_run = Run.objects.create(
        summit=w.summit, kind="delegations.import", subject="matrix", status="done"
    )
    # A finished background export of the organiser (core.exports), its file in storage.
    from summitry.core import exports

    w.export_run = exports.start(actor=organiser, summit=w.summit, name="delegations.people")
    w.assembly, w.poll, w.right = assembly_world(w.summit, organiser, users["contact"])
    w.release, w.accreditation = press_world(w.summit, organiser, users["applicant"])
    w.exhibition, w.exhibitor, w.booth = exhibitions_world(w.summit, organiser, users["applicant"])
    w.ir = ir_world(
        w.summit, organiser, investor_user=users["applicant"], company_user=users["other"]
    )
    w.webhook = Subscription.objects.create(
        summit=w.summit,
        name_en="CRM",
        url="https://x.invalid/",
        events=["member.added"],
        secret="s",
        language="en",
    )
    w.delivery = Delivery.objects.create(subscription=w.webhook, event="ping", payload={})
    return w


def pages(w) -> dict[str, tuple[dict, dict, str]]:
    """url name → (kwargs, expected status per role, method)."""
    s = {"slug": "forum"}
    d = {**s, "delegation_id": w.delegation.pk}
    m = {**d, "member_id": w.member.pk}
    a = {**s, "award_slug": w.award.slug}
    app = {**a, "application_id": w.application.pk}
    meeting = {**s, "request_id": w.meeting.pk}
    rnd = {**s, "round_id": w.round.pk}
    party = {**everyone(404), "anonymous": 302, "contact": 200, "staff": 200}
    return {
        "set_language": ({}, {**everyone(302)}, "post"),
        "health": ({}, PUBLIC, "get"),
        # The test client comes from 127.0.0.1, an allowed address (tests/core/test_operations).
        "metrics": ({}, PUBLIC, "get"),
        "login": ({}, PUBLIC, "get"),
        "logout": ({}, everyone(302), "post"),
        "password_reset": ({}, PUBLIC, "get"),
        "password_reset_done": ({}, PUBLIC, "get"),
        "password_reset_confirm": ({"uidb64": "MQ", "token": "x-y"}, PUBLIC, "get"),
        "password_reset_complete": ({}, PUBLIC, "get"),
        "password_change": ({}, SIGNED_IN, "get"),
        "password_change_done": ({}, SIGNED_IN, "get"),
        "me": ({}, SIGNED_IN, "get"),
        "api-tokens": ({}, SIGNED_IN, "get"),
        "api-token-revoke": (
            {"token_id": w.token.pk},
            {**everyone(404), "anonymous": 302, "staff": 302},
            "post",
        ),
        "console:summits": ({}, SIGNED_IN, "get"),
        "console:landing": ({}, {**everyone(302)}, "get"),
        "console:join": ({"secret": "nope"}, everyone(404), "get"),
        "console:dashboard": (s, CONSOLE_ANY_TEAM, "get"),
        "console:settings": (s, CONSOLE, "get"),
        "console:teams": (s, CONSOLE, "get"),
        "console:team": ({**s, "team_id": w.team.pk}, CONSOLE, "get"),
        "console:team-delete": ({**s, "team_id": w.team.pk}, CONSOLE, "post"),
        "console:member-remove": (
            {**s, "team_id": w.team.pk, "user_id": w.users["staff"].pk},
            CONSOLE,
            "post",
        ),
        "console:invitation-revoke": (
            {**s, "invitation_id": w.team_invitation.pk},
            CONSOLE,
            "post",
        ),
        "console:outbox": (s, CONSOLE, "get"),
        "console:message": ({**s, "message_id": w.message.pk}, CONSOLE, "get"),
        "console:audit": (s, CONSOLE, "get"),
        "console:mail-templates": (s, CONSOLE, "get"),
        "console:exports": (s, CONSOLE_ANY_TEAM, "get"),
        "console:export-start": (
            s,
            {**everyone(404), "anonymous": 302, "no_perm": 302, "staff": 302},
            "post",
        ),
        "console:export": ({**s, "run_id": w.export_run.pk}, STAFF_404, "get"),
        "console:export-file": ({**s, "run_id": w.export_run.pk}, STAFF_404, "get"),
        "console:mail-template": (
            {**s, "key": "delegations.email.invitation", "language": "ko"},
            CONSOLE,
            "get",
        ),
        "delegations:claim": ({"secret": w.unclaimed_secret}, PUBLIC, "get"),
        "delegations:access": ({"uidb64": "MQ", "token": "x-y"}, PUBLIC, "get"),
        "delegations:confirm-link": ({"token": "nope"}, {**everyone(404), "anonymous": 302}, "get"),
        "delegations:member-photo": (m, OWN_DELEGATION, "get"),
        "delegations:mine-edit": (
            {**s, "member_id": w.member.pk},
            {**everyone(404), "anonymous": 302},
            "get",
        ),
        "delegations:member-access": (m, OWN_DELEGATION, "post"),
        "delegations:detail": (d, OWN_DELEGATION, "get"),
        "delegations:status": (d, OWN_DELEGATION, "post"),
        "delegations:member": (m, OWN_DELEGATION, "get"),
        "delegations:member-cancel": (m, OWN_DELEGATION, "post"),
        "delegations:manage": (s, CONSOLE, "get"),
        "delegations:bulk": (s, CONSOLE, "post"),
        "delegations:members": (s, CONSOLE, "get"),
        "delegations:counts": (s, CONSOLE, "get"),
        "delegations:reminders": (s, CONSOLE, "get"),
        "delegations:export": ({**s, "fmt": "csv"}, CONSOLE, "get"),
        "delegations:import": (s, CONSOLE, "get"),
        "delegations:import-run": ({**s, "run_id": w.import_run.pk}, CONSOLE, "get"),
        "delegations:member-erase": (m, OWN_DELEGATION, "post"),
        "programme:programme": (s, PUBLIC, "get"),
        "programme:calendar": (s, PUBLIC, "get"),
        "programme:publish": (s, {**everyone(403), "anonymous": 302, "staff": 302}, "post"),
        "programme:schedule": ({**s, "fmt": "json"}, PUBLIC, "get"),
        "programme:changes": (s, PUBLIC, "get"),
        "programme:clashes": (s, {**everyone(404), "anonymous": 302, "staff": 200}, "get"),
        "programme:manage": (s, CONSOLE, "get"),
        "programme:item-new": (s, CONSOLE, "get"),
        "programme:item-edit": ({**s, "item_id": w.item.pk}, CONSOLE, "get"),
        "programme:item-talk": ({**s, "item_id": w.item.pk}, CONSOLE, "post"),
        "programme:item-delete": ({**s, "item_id": w.item.pk}, CONSOLE, "post"),
        "programme:item-move": ({**s, "item_id": w.item.pk}, {**CONSOLE, "anonymous": 401}, "post"),
        "programme:item": ({**s, "item_id": w.item.pk}, PUBLIC, "get"),
        "programme:item-calendar": ({**s, "item_id": w.item.pk}, PUBLIC, "get"),
        "programme:signups": (s, CONSOLE, "get"),
        "programme:signup-list": ({**s, "item_id": w.item.pk}, CONSOLE, "get"),
        # Places left are public; who signed up is shown to staff and to their own contact.
        "programme:signup": ({**s, "item_id": w.item.pk}, PUBLIC, "get"),
        "programme:itinerary": ({**s, "delegate_id": w.member.pk}, OWN_DELEGATION, "get"),
        "programme:itinerary-pdf": ({**s, "delegate_id": w.member.pk}, OWN_DELEGATION, "get"),
        "programme:itinerary-feed": ({**s, "token": w.feed_secret}, PUBLIC, "get"),
        "programme:itinerary-feed-renew": (
            {**s, "delegate_id": w.member.pk},
            OWN_DELEGATION,
            "post",
        ),
        "diplomacy:partners": (s, PUBLIC, "get"),
        "diplomacy:meetings": (s, party, "get"),
        "diplomacy:new": (s, party, "get"),
        "diplomacy:request": (meeting, party, "get"),
        "diplomacy:cancel": (meeting, party, "post"),
        "diplomacy:meeting-seating": (meeting, party, "get"),
        "diplomacy:schedule": (s, STAFF_404, "get"),
        "diplomacy:settings": (s, STAFF_404, "get"),
        "diplomacy:remove-interpreter": (
            {**s, "interpreter_id": w.interpreter.pk},
            STAFF_404,
            "post",
        ),
        "diplomacy:run": (s, STAFF_404, "post"),
        "diplomacy:run-progress": ({**s, "run_id": w.scheduler_run.pk}, STAFF_404, "get"),
        "diplomacy:publish": (s, STAFF_404, "post"),
        "diplomacy:pin": (meeting, STAFF_404, "post"),
        "diplomacy:move": (meeting, STAFF_404, "post"),
        "diplomacy:gifts": (s, STAFF_404, "get"),
        "diplomacy:gifts-export": ({**s, "fmt": "csv"}, STAFF_404, "get"),
        "diplomacy:agreements": (s, STAFF_404, "get"),
        "diplomacy:agreement": ({**s, "agreement_id": w.agreement.pk}, STAFF_404, "get"),
        "diplomacy:agreement-seating": (
            {**s, "agreement_id": w.agreement.pk},
            STAFF_404,
            "get",
        ),
        "diplomacy:document": ({**s, "document_id": w.document.pk}, STAFF_404, "get"),
        "awards:mine": ({}, SIGNED_IN, "get"),
        "awards:award": (a, PUBLIC, "get"),
        "awards:winners": (a, PUBLIC, "get"),
        "awards:certificate": (
            {**a, "winner_id": w.winner.pk},
            {**everyone(404), "anonymous": 302, "staff": 200},
            "get",
        ),
        # Signed in already: on to the application form.
        "awards:sign-up": (a, {**everyone(302), "anonymous": 200}, "get"),
        "awards:apply": (a, SIGNED_IN, "get"),
        "awards:application": (
            app,
            {**everyone(404), "anonymous": 302, "applicant": 200, "judge": 200, "staff": 200},
            "get",
        ),
        "awards:withdraw": (
            app,
            {**everyone(404), "anonymous": 302, "applicant": 200, "judge": 403, "staff": 403},
            "post",
        ),
        "awards:screen": (
            app,
            {**everyone(403), "anonymous": 302, "staff": 302},
            "post",
        ),
        "awards:file": (
            {**app, "answer_id": w.answer.pk},
            {**everyone(404), "anonymous": 302, "applicant": 200, "judge": 200, "staff": 200},
            "get",
        ),
        "awards:manage-index": (s, CONSOLE, "get"),
        "awards:manage": (a, CONSOLE, "get"),
        "awards:export": (a, CONSOLE, "get"),
        # A judge goes on to their summit's judging; nobody else has judging.
        "judging:home": ({}, {**everyone(404), "anonymous": 302, "judge": 302}, "get"),
        "judging:dashboard": (
            s,
            {**everyone(404), "anonymous": 302, "judge": 200, "staff": 200},
            "get",
        ),
        "judging:profile": (s, {**everyone(404), "anonymous": 302, "judge": 200}, "get"),
        "judging:score": (
            {**rnd, "application_id": w.application.pk},
            {**everyone(404), "anonymous": 302, "judge": 200},
            "get",
        ),
        "judging:conflict": (
            {**rnd, "application_id": w.application.pk},
            {**everyone(404), "anonymous": 302, "judge": 302},
            "post",
        ),
        "judging:file": (
            {**s, "answer_id": w.answer.pk},
            # Staff read the files in the awards' pages; this is the judges' way to them.
            {**everyone(404), "anonymous": 302, "judge": 200},
            "get",
        ),
        "judging:manage": (s, STAFF_404, "get"),
        "judging:round": (rnd, STAFF_404, "get"),
        "judging:assign": (rnd, STAFF_404, "post"),
        "judging:assign-run": ({**rnd, "run_id": w.assignment_run.pk}, STAFF_404, "get"),
        "judging:results": (rnd, STAFF_404, "get"),
        **checkin_pages(w, s),
        **exhibitions_pages(w, s, everyone, PUBLIC, CONSOLE),
        **assembly_pages(w, s),
        **online_pages(w, s),
        "press:index": (s, PUBLIC, "get"),
        "press:feed": (s, PUBLIC, "get"),
        "press:index-live": (s, PUBLIC, "get"),
        # An embargoed release: press staff (and accredited journalists, tests/press) only.
        "press:release": ({**s, "release_id": w.release.pk}, STAFF_404_PUBLIC, "get"),
        "press:release-pdf": ({**s, "release_id": w.release.pk}, STAFF_404_PUBLIC, "get"),
        "press:accreditation": (s, SIGNED_IN, "get"),
        "press:press-card": (
            {**s, "accreditation_id": w.accreditation.pk},
            {**everyone(404), "anonymous": 302, "applicant": 200, "staff": 200},
            "get",
        ),
        "press:manage": (s, CONSOLE, "get"),
        "press:release-new": (s, CONSOLE, "get"),
        "press:release-edit": ({**s, "release_id": w.release.pk}, CONSOLE, "get"),
        "press:release-action": ({**s, "release_id": w.release.pk}, CONSOLE, "post"),
        "press:contact-add": ({**s, "release_id": w.release.pk}, CONSOLE, "post"),
        "press:contact-remove": (
            {**s, "release_id": w.release.pk, "contact_id": 1},
            CONSOLE,
            "post",
        ),
        "press:accreditations": (s, CONSOLE, "get"),
        # Mailings (tests/press/test_mailings.py): press staff only; subscribing is public.
        **press_mailing_pages(w, s),
        # The media kit (tests/press/test_kit.py): public; the material toggle: press staff.
        **press_kit_pages(w, s),
        "press:accreditation-decide": (
            {**s, "accreditation_id": w.accreditation.pk},
            CONSOLE,
            "post",
        ),
        **{f"webhooks:{name}": (s, CONSOLE, "get") for name in ("index", "new")},
        **{
            f"webhooks:{name}": ({**s, "subscription_id": w.webhook.pk}, CONSOLE, method)
            for name, method in (
                ("subscription", "get"),
                ("edit", "get"),
                ("ping", "post"),
                ("pause", "post"),
                ("resume", "post"),
                ("rotate-secret", "post"),
                ("delete", "post"),
            )
        },
        "webhooks:delivery": (
            {**s, "subscription_id": w.webhook.pk, "delivery_id": w.delivery.pk},
            CONSOLE,
            "get",
        ),
        "summits:index": ({}, PUBLIC, "get"),
        "summits:home": (s, PUBLIC, "get"),
    }


def badge_layout(w):
    from summitry.checkin.layouts import starter_fields
    from summitry.checkin.models import BadgeLayout

    design, _ = BadgeLayout.objects.get_or_create(
        summit=w.summit, name_en="Matrix", defaults={"fields": starter_fields("badge", 105, 148)}
    )
    return design


def checkin_pages(w, s) -> dict:
    from summitry.checkin.models import Badge, BadgePrint

    badge, _ = Badge.objects.get_or_create(delegate=w.member, defaults={"version": 1})
    d = {**s, "layout_id": badge_layout(w).pk}
    b = {**s, "badge_id": badge.pk}
    batch, created = BadgePrint.objects.get_or_create(
        summit=w.summit, defaults={"finished_at": timezone.now()}
    )
    if created:
        batch.file.save("b.pdf", ContentFile(b"%PDF-1.7"))
    return {
        "checkin:badges": (s, CONSOLE, "get"),
        "checkin:bulk": (s, CONSOLE, "post"),
        "checkin:holders": (s, CONSOLE, "get"),
        "checkin:holders-bulk": (s, CONSOLE, "post"),
        "checkin:revoke": (b, CONSOLE, "post"),
        "checkin:badge-pdf": (b, CONSOLE, "get"),
        "checkin:photo": (b, CONSOLE, "get"),
        "checkin:delegation-pdf": ({**s, "delegation_id": w.delegation.pk}, CONSOLE, "get"),
        "checkin:scanner": (s, CONSOLE, "get"),
        "checkin:print": (s, CONSOLE, "post"),
        "checkin:print-file": ({**s, "print_id": batch.pk}, CONSOLE, "get"),
        "checkin:role-categories": (s, CONSOLE, "post"),
        "checkin:inside": (s, CONSOLE, "get"),
        "checkin:inside-live": (s, CONSOLE, "get"),
        "checkin:attendance": (s, CONSOLE, "get"),
        "checkin:scanner-sync": (s, CONSOLE, "post"),
        "checkin:scanner-worker": (s, CONSOLE, "get"),
        "checkin:scanner-offline": (s, CONSOLE, "get"),
        "checkin:attendance-export": ({**s, "fmt": "csv"}, CONSOLE, "get"),
        "checkin:layouts": (s, CONSOLE, "get"),
        "checkin:layout": (d, CONSOLE, "get"),
        "checkin:layout-preview": ({**d, "fmt": "png"}, CONSOLE, "get"),
        "checkin:layout-duplicate": (d, CONSOLE, "post"),
        "checkin:layout-delete": (d, CONSOLE, "post"),
    }


def url_names() -> set[str]:
    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if str(pattern.pattern).startswith(("admin/", "api/")):
                    continue
                prefix = f"{pattern.namespace}:" if pattern.namespace else ""
                yield from walk(pattern.url_patterns, namespace + prefix)
            elif pattern.name:
                yield namespace + pattern.name

    return set(walk(get_resolver().url_patterns))


def test_every_page_is_in_the_matrix(world):
    assert url_names() - set(pages(world)) == set()


def test_every_page_answers_each_role_as_it_should(world):
    clients = {"anonymous": Client()}
    for role, user in world.users.items():
        clients[role] = Client()
        clients[role].force_login(user)
    wrong = []
    for name, (kwargs, expected, method) in sorted(pages(world).items()):
        url = reverse(name, kwargs=kwargs)
        for role in ROLES:
            if method == "post" and expected[role] in (200, 302) and role != "anonymous":
                continue  # allowed POSTs act: the page's own tests cover them
            status = getattr(clients[role], method)(url).status_code
            if status != expected[role]:
                wrong.append(f"{name} {role}: {status} (expected {expected[role]})")
    assert wrong == [], "\n".join(wrong)


# --- the API ---------------------------------------------------------------------------------

API_PUBLIC = everyone(200)
API_STAFF = {**everyone(403), "anonymous": 401, "staff": 200}
API_STAFF_404 = {**everyone(404), "anonymous": 401, "staff": 200}
# Judging's rounds: staff read them; a judge lists the rounds they judge in, nobody else any.
API_JUDGING = {**everyone(403), "anonymous": 401, "staff": 200}
CHECKIN_READS = [
    ("get_public_key", "public-key"),
    ("get_revocations", "revocations"),
    ("list_zones", "zones"),
    ("list_categories", "categories"),
    ("list_badge_layouts", "layouts"),
]


def api_reads(w) -> dict[str, tuple[str, dict]]:
    """operationId → (path, expected status per role) for every GET of the API."""
    f = "/summits/forum"
    award = f"{f}/awards/{w.award.slug}"
    own_only = {**everyone(404), "anonymous": 401, "contact": 200, "staff": 200}
    party = {**everyone(404), "anonymous": 401, "contact": 200, "staff": 200}
    return {
        "list_summits": ("/summits", API_PUBLIC),
        "get_summit": (f, API_PUBLIC),
        "list_summit_themes": (f"{f}/themes", API_PUBLIC),
        "list_summit_organisations": (f"{f}/organisations", API_PUBLIC),
        "list_venues": (f"{f}/venues", API_PUBLIC),
        "get_venue": (f"{f}/venues/999999", everyone(404)),
        "list_rooms": (f"{f}/rooms", API_PUBLIC),
        "get_room": (f"{f}/rooms/999999", everyone(404)),
        "list_organisations": ("/organisations", API_PUBLIC),
        "get_organisation": ("/organisations/wellington", API_PUBLIC),
        "list_people": ("/people", API_PUBLIC),
        # A delegate is seen by their delegation and the summit's registration staff only.
        "get_person": (
            f"/people/{w.member.person.slug}",
            {**everyone(404), "contact": 200, "staff": 200},
        ),
        "list_invitations": (f"{f}/invitations", {**API_STAFF, "anonymous": 401}),
        "list_mail_templates": (f"{f}/mail-templates", API_STAFF),
        "get_mail_template": (f"{f}/mail-templates/delegations.email.invitation", API_STAFF),
        "list_delegations": (f"{f}/delegations", {**everyone(200), "anonymous": 401}),
        "get_delegation": (f"{f}/delegations/{w.delegation.pk}", own_only),
        "get_counts": (f"{f}/counts?as_of=2030-09-20", API_STAFF),
        "list_count_snapshots": (f"{f}/counts/snapshots", API_STAFF),
        "export_delegations_xlsx": (f"{f}/exports/delegations.xlsx", API_STAFF),
        "export_people_csv": (f"{f}/exports/people.csv", API_STAFF),
        "list_exports": (
            f"{f}/exports",
            {**everyone(404), "anonymous": 401, "no_perm": 200, "staff": 200},
        ),
        "get_export": (
            f"{f}/exports/runs/{w.export_run.pk}",
            {**everyone(404), "anonymous": 401, "staff": 200},
        ),
        "download_export": (
            f"{f}/exports/runs/{w.export_run.pk}/file",
            {**everyone(404), "anonymous": 401, "staff": 200},
        ),
        "list_programme_items": (f"{f}/programme", API_PUBLIC),
        "list_programme_clashes": (f"{f}/programme/clashes", API_STAFF),
        "get_programme_item": (f"{f}/programme/{w.item.pk}", API_PUBLIC),
        "get_itinerary": (f"{f}/itinerary/{w.member.pk}", own_only),
        "get_schedule_json": (f"{f}/schedule.json", API_PUBLIC),
        "list_meetings": (f"{f}/diplomacy/meetings", {**everyone(200), "anonymous": 401}),
        "get_meeting": (f"{f}/diplomacy/meetings/{w.meeting.pk}", party),
        "get_diplomacy_settings": (f"{f}/diplomacy/settings", API_STAFF),
        "get_contacts_import_run": (f"{f}/imports/contacts/runs/{w.import_run.pk}", API_STAFF),
        "get_meeting_scheduler_run": (
            f"{f}/diplomacy/schedule/runs/{w.scheduler_run.pk}",
            API_STAFF,
        ),
        "list_interpreters": (f"{f}/diplomacy/interpreters", API_STAFF),
        "list_gifts": (f"{f}/diplomacy/gifts", API_STAFF),
        "export_gifts": (f"{f}/diplomacy/gifts.csv", API_STAFF),
        "list_agreements": (f"{f}/diplomacy/agreements", API_STAFF),
        "get_agreement": (f"{f}/diplomacy/agreements/{w.agreement.pk}", API_STAFF),
        "list_partner_cities": (f"{f}/partners", API_PUBLIC),
        "get_award": (award, API_PUBLIC),
        "list_applications": (f"{award}/applications", {**everyone(200), "anonymous": 401}),
        "get_application": (
            f"{award}/applications/{w.application.pk}",
            {**everyone(404), "anonymous": 401, "applicant": 200, "judge": 200, "staff": 200},
        ),
        "list_award_winners": (f"{award}/winners", API_PUBLIC),
        "list_judging_rounds": (
            f"{f}/judging/rounds",
            {**everyone(404), "anonymous": 401, "judge": 200, "staff": 200},
        ),
        "get_judging_round": (f"{f}/judging/rounds/{w.round.pk}", API_JUDGING),
        "get_assignment": (f"{f}/judging/rounds/{w.round.pk}/assignment", API_JUDGING),
        "get_assignment_run": (
            f"{f}/judging/rounds/{w.round.pk}/assignment/runs/{w.assignment_run.pk}",
            API_JUDGING,
        ),
        "list_my_assignments": (f"{f}/judging/my/assignments", {**everyone(200), "anonymous": 401}),
        "get_my_score": (
            f"{f}/judging/my/assignments/{w.assignment.pk}/score",
            {**everyone(404), "anonymous": 401, "judge": 200},
        ),
        "get_round_results": (f"{f}/judging/rounds/{w.round.pk}/results", API_JUDGING),
        "get_shortlist": (f"{f}/judging/rounds/{w.round.pk}/shortlist", API_JUDGING),
        "list_judges": (f"{f}/judging/judges", API_STAFF),
        **{op: (f"{f}/checkin/{part}", API_STAFF) for op, part in CHECKIN_READS},
        "get_badge_layout": (f"{f}/checkin/layouts/{badge_layout(w).pk}", API_STAFF),
        **assembly_reads(w, f),
        "list_press_releases": (f"{f}/press/releases", API_PUBLIC),
        **exhibitions_reads(w, f, API_PUBLIC),
        "get_press_release": (
            f"{f}/press/releases/{w.release.pk}",
            {**everyone(404), "staff": 200},
        ),
        "list_webhooks": (f"{f}/webhooks", API_STAFF),
        "get_webhook": (f"{f}/webhooks/{w.webhook.pk}", API_STAFF),
        "list_webhook_deliveries": (f"{f}/webhooks/{w.webhook.pk}/deliveries", API_STAFF),
        **online_reads(w, f),
    }


def operations() -> list[tuple[str, str, str]]:
    from summitry.api import api

    document = api.get_openapi_schema()
    return [
        (method, path.removeprefix("/api/v1"), operation["operationId"])
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    ]


def test_every_api_read_is_in_the_matrix(world):
    reads = {op for method, _path, op in operations() if method == "get"}
    assert reads - set(api_reads(world)) == set()


def test_every_api_read_answers_each_role_as_it_should(world):
    tokens = {role: issue_token(user=user, name="matrix")[1] for role, user in world.users.items()}
    wrong = []
    for name, (path, expected) in sorted(api_reads(world).items()):
        for role in ROLES:
            headers = {"Accept-Language": "en"}
            if role != "anonymous":
                headers["Authorization"] = f"Bearer {tokens[role]}"
            if role == "anonymous" and expected[role] == 401:
                headers.pop("Authorization", None)
            status = Client().get(f"/api/v1{path}", headers=headers).status_code
            if status != expected[role]:
                wrong.append(f"{name} {role}: {status} (expected {expected[role]})")
    assert wrong == [], "\n".join(wrong)


def test_every_api_write_needs_a_token(world):
    refused = []
    for method, path, name in operations():
        if method == "get":
            continue
        url = "/api/v1" + path.replace("{slug}", "forum").replace("{award_slug}", "prize")
        for placeholder in (
            "delegation_id",
            "member_id",
            "invitation_id",
            "venue_id",
            "room_id",
            "item_id",
            "signup_id",
            "meeting_id",
            "interpreter_id",
            "agreement_id",
            "application_id",
            "question_id",
            "round_id",
            "badge_id",
            "poll_id",
            "subscription_id",
            "person_id",
            "fmt",
        ):
            url = url.replace("{" + placeholder + "}", "1")
        status = getattr(Client(), method)(url, data="{}", content_type="application/json")
        if status.status_code != 401:
            refused.append(f"{method.upper()} {name}: {status.status_code}")
    assert refused == [], "\n".join(refused)
