"""In a real browser, on the demo: an organiser signs in, lands on their summits, opens the
2023 forum's console and finds every tool in its sidebar; destructive actions ask first (in
Korean and English); the Smart City Prize's team cannot open anything of the forum's console."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from summitry.core.tokens import issue_token
from summitry.summits.models import Team
from tests.browser.conftest import _watch_policy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIDEBAR = [
    ("/wcsmf2023/manage/settings/", "설정"),
    ("/wcsmf2023/manage/teams/", "팀"),
    ("/wcsmf2023/manage/delegations/", "대표단"),
    ("/wcsmf2023/manage/counts/", "등록 기준 집계"),
    ("/wcsmf2023/manage/programme/", "프로그램"),
    ("/wcsmf2023/manage/programme/sign-ups/", "참가 신청"),
    ("/wcsmf2023/programme/clashes/", None),
    ("/wcsmf2023/diplomacy/schedule/", None),
    ("/wcsmf2023/diplomacy/agreements/", None),
    ("/wcsmf2023/diplomacy/gifts/", None),
    ("/wcsmf2023/manage/outbox/", "발신함"),
    ("/wcsmf2023/manage/audit/", "감사 기록"),
]


def sign_in(page, base, username, password="summitry-demo"):  # noqa: S107 - the demo's
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("form.stacked button[type=submit]").click()


@pytest.fixture
def demo(db):
    call_command("demo", "load", "wcsmf2023", verbosity=0)
    call_command("demo", "load", "ssc2023", verbosity=0)


def test_the_organiser_finds_every_tool_and_destructive_actions_ask_first_the_prize_team_not(
    demo, browser, page, phone, live_server, screenshot
):
    base = live_server.url
    sign_in(page, base, "organiser")
    # Staff land on the summits they work on.
    expect(page).to_have_url(f"{base}/manage/")
    expect(page.get_by_role("heading", level=1)).to_have_text("내 회의")
    page.get_by_role("link", name="운영 콘솔 열기").first.click()
    expect(page).to_have_url(re.compile(r"/(wcsmf2023|ssc2023)/manage/$"))
    page.goto(f"{base}/wcsmf2023/manage/")
    expect(page.locator(".panel")).to_have_count(6)  # no award at the forum; check-in, press
    expect(page.locator("#panel-delegations")).to_be_visible()
    screenshot(page, "console-dashboard-ko")
    nav = page.locator("nav.console-nav")
    for url, heading in SIDEBAR:
        nav.locator(f"a[href='{url}']").click()
        expect(page).to_have_url(f"{base}{url}")
        expect(nav.locator(f"a[href='{url}']")).to_have_attribute("aria-current", "page")
        if heading:
            expect(page.get_by_role("heading", level=1)).to_have_text(heading)

    # The awards list of the prize: 240 applications, paginated.
    page.goto(f"{base}/ssc2023/manage/awards/seoul-smart-city-prize-2023/")
    expect(page.locator("table.data tbody tr")).to_have_count(50)
    expect(page.locator(".pagination")).to_contain_text("모두 240건")
    screenshot(page, "console-applications-ko")

    # Removing a team member asks first; cancelling changes nothing.
    team = Team.objects.get(summit__slug="wcsmf2023", name_en="Protocol")
    page.goto(f"{base}/wcsmf2023/manage/teams/{team.pk}/")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.locator(".member-list button.danger").first.click()
    assert asked and "팀에서 뺄까요" in asked[0]
    assert team.members.count() == 1

    # In English, the same question; accepting removes the member.
    english = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    en = english.new_page()
    sign_in(en, base, "organiser")
    en.goto(f"{base}/wcsmf2023/manage/")
    screenshot(en, "console-dashboard-en")
    en.goto(f"{base}/wcsmf2023/manage/teams/{team.pk}/")
    answers = []
    en.once("dialog", lambda dialog: (answers.append(dialog.message), dialog.accept()))
    en.locator(".member-list button.danger").first.click()
    expect(en.locator(".messages")).to_contain_text("is no longer in the team")
    assert "Remove" in answers[0] and "from this team?" in answers[0]
    assert team.members.count() == 0
    en.goto(f"{base}/ssc2023/manage/awards/seoul-smart-city-prize-2023/")
    screenshot(en, "console-applications-en")
    english.close()

    # On a phone: the console folds its sidebar above the page.
    sign_in(phone, base, "organiser")
    phone.goto(f"{base}/wcsmf2023/manage/")
    expect(phone.locator("nav.console-nav")).to_be_visible()
    screenshot(phone, "console-dashboard-phone-ko")

    prize = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 900})
    prize_page = prize.new_page()
    refused = _watch_policy(prize_page)  # as the `page` fixture checks
    the_prize_team_sees_nothing_of_the_forums_console(prize_page, base)
    prize.close()
    assert refused == []


def the_prize_team_sees_nothing_of_the_forums_console(page, base):
    """Part of the test above (it needs the same two demos, which take seconds to load)."""
    sign_in(page, base, "prize")
    expect(page).to_have_url(f"{base}/manage/")
    expect(page.locator("a[href='/ssc2023/manage/']").first).to_be_visible()
    expect(page.locator("a[href='/wcsmf2023/manage/']")).to_have_count(0)
    for url in ("/wcsmf2023/manage/", "/wcsmf2023/manage/delegations/", "/wcsmf2023/manage/teams/"):
        assert page.goto(f"{base}{url}").status == 404
    assert page.goto(f"{base}/ssc2023/manage/awards/").status == 200

    from django.contrib.auth import get_user_model

    token = issue_token(user=get_user_model().objects.get(username="prize"), name="t")[1]
    headers = {"Authorization": f"Bearer {token}"}
    # The forum's delegations: as for anyone who is not their contact, none.
    listed = page.request.get(f"{base}/api/v1/summits/wcsmf2023/delegations", headers=headers)
    assert (listed.status, listed.json()) == (200, [])
    for path in (
        "/api/v1/summits/wcsmf2023/programme/clashes",
        "/api/v1/summits/wcsmf2023/counts?as_of=2023-09-23",
        "/api/v1/summits/wcsmf2023/exports/people.csv",
    ):
        response = page.request.get(f"{base}{path}", headers=headers)
        assert response.status in (403, 404), (path, response.status)
    patch = page.request.patch(
        f"{base}/api/v1/summits/wcsmf2023", headers=headers, data={"capacity": 1}
    )
    assert patch.status in (403, 404)
