"""The console: one back office per summit, reached by its teams only, with a sidebar that
holds every staff tool a person may use there."""

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client

from summitry.core import audit
from summitry.core.models import AuditEntry, OutboundMessage
from summitry.delegations import services as delegation_services
from summitry.demo.loader import ensure_team
from summitry.summits import permissions, services
from summitry.summits.models import Team
from tests.factories import OrganisationFactory, SummitFactory, UserFactory


@pytest.fixture
def forum(db):
    return SummitFactory(slug="forum", name_en="Mayors Forum", name_ko="시장포럼")


@pytest.fixture
def prize(db):
    return SummitFactory(slug="prize", name_en="Smart City Prize", name_ko="스마트도시상")


@pytest.fixture
def prize_team_member(prize):
    user = UserFactory(username="prize-team", email="prize@example.org")
    ensure_team(
        prize,
        name_ko="상 사무국",
        name_en="Prize team",
        codes={"awards", "judging"},
        members=[user],
    )
    return user


def client_for(user, language="en") -> Client:
    client = Client(headers={"Accept-Language": language})
    if user is not None:
        client.force_login(user)
    return client


def test_the_team_opens_the_console_and_finds_every_tool_in_the_sidebar(forum, organiser):
    page = client_for(organiser).get("/forum/manage/")
    assert page.status_code == 200
    html = page.content.decode()
    for url in (
        "/forum/manage/settings/",
        "/forum/manage/teams/",
        "/forum/manage/delegations/",
        "/forum/manage/counts/",
        "/forum/manage/programme/",
        "/forum/manage/programme/sign-ups/",
        "/forum/programme/clashes/",
        "/forum/diplomacy/schedule/",
        "/forum/diplomacy/agreements/",
        "/forum/diplomacy/gifts/",
        "/forum/manage/awards/",
        "/forum/manage/judging/",
        "/forum/manage/outbox/",
        "/forum/manage/audit/",
    ):
        assert f'href="{url}"' in html, url
        assert client_for(organiser).get(url).status_code == 200, url


def test_the_sidebar_holds_only_what_a_team_may_do(forum):
    officer = UserFactory(username="officer")
    ensure_team(forum, name_ko="의전", name_en="Protocol", codes={"meetings"}, members=[officer])
    html = client_for(officer).get("/forum/manage/").content.decode()
    assert 'href="/forum/diplomacy/schedule/"' in html
    assert 'href="/forum/manage/delegations/"' not in html
    assert 'href="/forum/manage/teams/"' not in html
    assert client_for(officer).get("/forum/manage/delegations/").status_code == 403
    assert client_for(officer).get("/forum/manage/teams/").status_code == 403


def test_another_summits_team_sees_nothing_of_this_console(forum, prize, prize_team_member):
    client = client_for(prize_team_member)
    assert client.get("/prize/manage/").status_code == 200
    for url in (
        "/forum/manage/",
        "/forum/manage/teams/",
        "/forum/manage/delegations/",
        "/forum/manage/programme/",
        "/forum/manage/awards/",
        "/forum/manage/judging/",
        "/forum/diplomacy/schedule/",
        "/forum/manage/outbox/",
    ):
        assert client.get(url).status_code == 404, url
    # The rules say the same to the services, whatever the page.
    with pytest.raises(PermissionDenied):
        services.update_summit(actor=prize_team_member, summit=forum, changes={"capacity": 5})
    assert not permissions.works_on(prize_team_member, forum)
    assert permissions.permissions_at(prize_team_member, prize) == {"awards", "judging"}


def test_anonymous_visitors_and_contacts_see_no_back_office_links(forum, organiser):
    invitation, _secret = delegation_services.invite(
        actor=organiser,
        summit=forum,
        organisation=OrganisationFactory(),
        contact_name="C",
        contact_email="c@example.org",
        language="en",
    )
    contact = delegation_services.claim_invitation(
        invitation=invitation, name="C", password="a sturdy passphrase 2023"
    )
    for user in (None, contact):
        client = client_for(user)
        for url in ("/forum/", "/forum/programme/", "/"):
            html = client.get(url).content.decode()
            assert "/manage/" not in html and "/admin/" not in html, (user, url)
        if user is None:
            assert client.get("/forum/manage/").status_code == 302  # to sign in
        else:
            assert client.get("/forum/manage/").status_code == 404
    staff_home = client_for(organiser).get("/forum/").content.decode()
    assert 'href="/forum/manage/"' in staff_home


def test_staff_land_on_their_summits_others_on_their_own_page(forum, prize, organiser):
    assert client_for(organiser).get("/accounts/welcome/")["Location"] == "/manage/"
    summits = client_for(organiser).get("/manage/").content.decode()
    assert 'href="/forum/manage/"' in summits and 'href="/prize/manage/"' in summits
    nobody = UserFactory(username="nobody")
    assert client_for(nobody).get("/accounts/welcome/")["Location"] == "/accounts/me/"
    mine = client_for(organiser).get("/accounts/me/").content.decode()
    assert 'href="/forum/manage/"' in mine


def test_a_team_member_invites_a_colleague_who_joins_with_a_new_account(forum, organiser):
    organisers = Team.objects.get(summit=forum, name_en="Organisers")
    desk = services.save_team(
        actor=organiser,
        summit=forum,
        name={"ko": "등록 데스크", "en": "Registration desk"},
        codes=["delegations"],
    )
    client = client_for(organiser)
    response = client.post(
        f"/forum/manage/teams/{desk.pk}/",
        {"action": "invite", "email": "Kim@Seoul.example", "language": "ko"},
    )
    assert response.status_code == 302
    message = mail.outbox[-1]
    assert message.to == ["kim@seoul.example"]
    link = re.search(r"/team/join/[^\s/]+/", message.body).group()
    joining = Client(headers={"Accept-Language": "ko"})
    joined = joining.post(
        link,
        {
            "name": "Kim",
            "password": "a sturdy passphrase 2023",
            "password_again": "a sturdy passphrase 2023",
        },
    )
    assert joined["Location"] == "/forum/manage/"
    kim = desk.members.get()
    assert kim.email == "kim@seoul.example"
    assert permissions.permissions_at(kim, forum) == {"delegations"}
    assert joining.get("/forum/manage/delegations/").status_code == 200
    assert joining.get("/forum/manage/teams/").status_code == 403
    # The link works once.
    assert Client().get(link).status_code == 404
    assert organisers.members.filter(pk=organiser.pk).exists()


def test_an_invited_colleague_with_an_account_joins_signed_in(forum, organiser):
    desk = services.save_team(
        actor=organiser, summit=forum, name={"ko": "", "en": "Press"}, codes=["outbox"]
    )
    colleague = UserFactory(username="lee", email="lee@example.org")
    services.invite_member(actor=organiser, team=desk, email="lee@example.org", language="en")
    link = re.search(r"/team/join/[^\s/]+/", mail.outbox[-1].body).group()
    client = client_for(colleague)
    assert "Join the team" in client.get(link).content.decode()
    assert client.post(link)["Location"] == "/forum/manage/"
    assert list(desk.members.all()) == [colleague]


def test_removing_a_member_asks_first_and_the_last_team_manager_stays(forum, organiser):
    organisers = Team.objects.get(summit=forum, name_en="Organisers")
    client = client_for(organiser)
    url = f"/forum/manage/teams/{organisers.pk}/members/{organiser.pk}/remove/"
    ask = client.post(url)
    assert ask.status_code == 200
    assert "Are you sure?" in ask.content.decode()
    assert organisers.members.filter(pk=organiser.pk).exists()
    refused = client.post(url, {"confirmed": "1"}, follow=True)
    assert "Someone must still be able to manage the teams" in refused.content.decode()
    assert organisers.members.filter(pk=organiser.pk).exists()
    helper = UserFactory(username="helper")
    organisers.members.add(helper)
    url = f"/forum/manage/teams/{organisers.pk}/members/{helper.pk}/remove/"
    assert client.post(url, {"confirmed": "1"}).status_code == 302
    assert not organisers.members.filter(pk=helper.pk).exists()


def test_settings_are_typed_and_shown_in_the_summits_zone(forum, organiser):
    client = client_for(organiser)
    page = client.get("/forum/manage/settings/").content.decode()
    assert "Asia/Seoul" in page
    form = {
        "name_ko": "시장포럼",
        "name_en": "Mayors Forum",
        "start_date": "2023-09-24",
        "end_date": "2023-09-26",
        "time_zone": "Asia/Seoul",
        "format": "in_person",
        "status": "published",
        "capacity": "200",
        "registration_deadline": "2023-09-20T18:00",
    }
    assert client.post("/forum/manage/settings/", form).status_code == 302
    forum.refresh_from_db()
    assert forum.registration_deadline == datetime.datetime(2023, 9, 20, 9, 0, tzinfo=datetime.UTC)
    assert forum.capacity == 200
    assert 'value="2023-09-20T18:00"' in client.get("/forum/manage/settings/").content.decode()


def test_the_outbox_and_the_audit_log_are_the_summits_own(forum, prize, organiser):
    OutboundMessage.objects.create(
        summit=forum,
        kind="x",
        recipient="a@example.org",
        language="en",
        subject="Forum mail",
        body="b",
    )
    OutboundMessage.objects.create(
        summit=prize,
        kind="x",
        recipient="b@example.org",
        language="en",
        subject="Prize mail",
        body="b",
    )
    client = client_for(organiser)
    outbox = client.get("/forum/manage/outbox/").content.decode()
    assert "Forum mail" in outbox and "Prize mail" not in outbox
    assert (
        "Forum mail" not in client.get("/forum/manage/outbox/?q=nothing-like-it").content.decode()
    )
    services.update_summit(actor=organiser, summit=forum, changes={"capacity": 10})
    services.update_summit(actor=organiser, summit=prize, changes={"capacity": 20})
    assert AuditEntry.objects.filter(summit=forum, action="changed").count() == 1
    log = client.get("/forum/manage/audit/?action=changed").content.decode()
    assert "capacity" in log and "Smart City Prize" not in log



def test_the_audit_log_keeps_steps_whose_author_has_left(forum, organiser):
    """An entry outlives its author's account (the actor is set to nothing): the log says "—"."""
    leaver = UserFactory(username="leaver")
    audit.record(actor=leaver, obj=forum, action="changed", fields=["capacity"])
    leaver.delete()
    response = client_for(organiser).get("/forum/manage/audit/")
    assert response.status_code == 200
    assert "capacity" in response.content.decode()

def test_long_lists_paginate(forum, organiser):
    for n in range(120):
        OutboundMessage.objects.create(
            summit=forum,
            kind="x",
            recipient=f"r{n}@example.org",
            language="en",
            subject=f"Mail {n:03d}",
            body="b",
        )
    client = client_for(organiser)
    first = client.get("/forum/manage/outbox/").content.decode()
    assert "Page 1 of 3 (120 in all)" in first
    assert "Mail 119" in first and "Mail 000" not in first
    last = client.get("/forum/manage/outbox/?page=3").content.decode()
    assert "Mail 000" in last
