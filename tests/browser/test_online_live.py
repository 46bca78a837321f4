"""In a real browser: an anonymous viewer of a live online item switches the player from the
Korean to the English channel (the page does not reload), asks a question in English; the
item's moderator approves it on the speakers' page in another browser; the question appears on
the viewer's page without a reload, their vote stays marked when later polls bring the
questions rendered for every viewer, and the region then polls the version it shows. Nothing
reaches the internet: requests outside the test server are refused, the third party's player
included."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from summitry.online import qa
from summitry.online.models import OnlineItem, Stream
from summitry.programme.models import ItemPerson
from tests.online.conftest import world  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def local_only(page, base):
    page.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith(base) else route.abort(),
    )


@pytest.fixture
def moderator_page(browser):
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def test_viewer_switches_channel_asks_and_sees_the_approved_question_live(
    page,
    moderator_page,
    live_server,
    world,  # noqa: F811 - the fixture imported above
    screenshot,
):
    base = live_server.url
    online = OnlineItem.objects.create(
        item=world.soon, format="online", provider="zoom", join_url="https://zoom.example/j/9"
    )
    Stream.objects.create(online=online, channel="ko", url="https://youtu.be/KoKoKoKoKo1")
    Stream.objects.create(
        online=online, channel="en", url="https://www.youtube.com/watch?v=EnEnEnEnEn1"
    )
    ItemPerson.objects.create(item=world.soon, person=world.attendee.person, role="moderator")
    local_only(page, base)
    local_only(moderator_page, base)

    watch = f"{base}/forum/programme/{world.soon.pk}/online/"
    page.goto(watch)
    frame = page.locator("#player-frame")
    expect(frame).to_have_attribute("src", "https://www.youtube-nocookie.com/embed/KoKoKoKoKo1")
    expect(page.locator("#third-party-note")).to_be_visible()
    page.evaluate("window.__notReloaded = true")
    page.locator("#channel-switch a[data-channel=en]").click()
    expect(frame).to_have_attribute("src", "https://www.youtube-nocookie.com/embed/EnEnEnEnEn1")
    expect(page.locator("#channel-switch a[data-channel=en]")).to_have_attribute(
        "aria-current", "true"
    )
    expect(page).to_have_url(watch + "?channel=en")
    assert page.evaluate("window.__notReloaded") is True
    assert "zoom.example" not in page.content()

    # The question panel arrives with htmx; ask in English.
    expect(page.locator("#qa-form")).to_be_visible()
    page.locator("#qa-form #id_name").fill("Viewer in Jakarta")
    page.locator("#qa-form #id_text").fill("How will cities share vaccines?")
    page.locator("#qa-form #id_language").select_option("en")
    page.locator("#qa-send").click()
    expect(page.locator("#qa-asked")).to_be_visible()
    expect(page.locator("#my-pending")).to_contain_text("How will cities share vaccines?")
    expect(page.locator("#questions-list")).not_to_contain_text("share vaccines")
    screenshot(page, "online-live-viewer-asked-ko")

    # The moderator approves it on the speakers' page, in another browser.
    moderator_page.goto(f"{base}/accounts/login/")
    moderator_page.locator("#id_username").fill("attendee")
    moderator_page.locator("#id_password").fill(PASSWORD)
    moderator_page.locator("form.stacked button[type=submit]").click()
    moderator_page.goto(watch)
    moderator_page.locator("#stage-link").click()
    pending = moderator_page.locator("#pending-list li").first
    expect(pending).to_contain_text("How will cities share vaccines?")
    screenshot(moderator_page, "online-live-moderator-en")
    pending.get_by_role("button", name="Approve").click()
    expect(moderator_page.locator("#stage-questions")).to_contain_text("share vaccines")

    # The viewer's page shows it without a reload, and the viewer votes for it.
    question = page.locator("#questions-list li").first
    expect(question).to_contain_text("How will cities share vaccines?")
    assert page.evaluate("window.__notReloaded") is True
    question.locator(".votes button").click()
    expect(question.locator(".vote-count")).to_have_text("1")
    expect(moderator_page.locator("#stage-questions .vote-count").first).to_have_text("1")
    screenshot(page, "online-live-viewer-approved-ko")
    screenshot(moderator_page, "online-live-moderator-voted-en")

    # Later polls bring the questions rendered once for every viewer; the viewer's own vote
    # stays marked on their page (qa.js, from the region's data).
    other = qa.ask(
        online=online,
        user=None,
        viewer_token="other",
        text="And the climate?",
        language="en",
        name="Viewer in Moscow",
    )
    qa.moderate(actor=world.attendee_user, question=other, action="approve")
    expect(page.locator("#questions-list")).to_contain_text("And the climate?")
    mine = page.locator("#questions-list li", has_text="share vaccines").locator(".votes button")
    expect(mine).to_be_disabled()
    expect(mine).to_have_text("추천함")  # "Voted": this viewer reads Korean
    expect(
        page.locator("#questions-list li", has_text="climate").locator(".votes button")
    ).to_be_enabled()
    # The region polls the version it shows (qa.js gives htmx the next address): once nothing
    # changes, the server answers 204.
    with page.expect_response(
        lambda r: "/questions/live/" in r.url and r.status == 204, timeout=10_000
    ):
        pass
    screenshot(page, "online-live-viewer-shared-update")
