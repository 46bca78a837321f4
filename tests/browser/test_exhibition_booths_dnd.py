"""In a real browser: staff drag an exhibitor waiting for a booth onto a booth shape on the
console's floor plan and see the booth assigned; dragging another onto the taken booth is
refused with the clear message. The company adds a product photo in its portal; once
published, the photo shows on its public page. Screenshots looked at."""

from __future__ import annotations

import pytest
from PIL import Image
from playwright.sync_api import expect

from summitry.exhibitions import services
from summitry.exhibitions.models import Booth
from tests.exhibitions.support import make_exhibition, make_exhibitor
from tests.factories import SummitFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a long exhibitor password"  # noqa: S105 - a test account


@pytest.fixture
def world(organiser, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    summit = SummitFactory(slug="forum", name_en="Mayors Forum", name_ko="시장포럼")
    organiser.set_password(PASSWORD)
    organiser.save()
    exhibition = make_exhibition(summit, organiser)
    users = {}
    for username, name in (("tmoney", "Tmoney"), ("robots", "Robots Inc")):
        user = UserFactory(username=username, email=f"{username}@example.org")
        user.set_password(PASSWORD)
        user.save()
        # Robots Inc has submitted already (no write from the test while a page loads).
        submitted = username == "robots"
        users[username] = (user, make_exhibitor(exhibition, user, name_en=name, submit=submitted))
    return exhibition, users


def sign_in(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form.stacked button[type=submit]").click()


def dragged(exhibitor) -> str:
    return f".waiting-exhibitor[data-assign$='/exhibitors/{exhibitor.pk}/action/']"


def drag(page, source, target):
    """Drag ``source`` onto ``target``: the HTML5 drag events with one DataTransfer, as the
    browser fires them (Debian's headless Chromium starts no native drag from the mouse)."""
    transfer = page.evaluate_handle("() => new DataTransfer()")
    source.dispatch_event("dragstart", {"dataTransfer": transfer})
    target.dispatch_event("dragenter", {"dataTransfer": transfer})
    target.dispatch_event("dragover", {"dataTransfer": transfer})
    with page.expect_navigation():
        target.dispatch_event("drop", {"dataTransfer": transfer})


def jpeg(path):
    Image.new("RGB", (900, 600), (30, 110, 200)).save(path, format="JPEG")
    return path


def test_photo_then_drag_onto_the_plan(
    world, organiser, browser, page, live_server, screenshot, tmp_path
):
    exhibition, users = world
    base = live_server.url
    tmoney, tmoney_exhibitor = users["tmoney"]

    # The company adds a product and its photo with captions in its portal, then submits.
    company = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    mine = company.new_page()
    sign_in(mine, base, "tmoney")
    mine.goto(f"{base}/forum/exhibitions/lifestyle/mine/")
    mine.locator("#id_name_ko").last.fill("태그리스 결제")
    mine.locator("#id_name_en").last.fill("Tagless payment")
    mine.locator("form[action$='/mine/products/'] button").click()
    mine.locator("form.photo-add input[type=file]").set_input_files(str(jpeg(tmp_path / "g.jpg")))
    mine.locator("form.photo-add #id_caption_ko").fill("개찰구 시연")
    mine.locator("form.photo-add #id_caption_en").fill("The gate demo")
    mine.locator("form.photo-add button[type=submit]").click()
    expect(mine.locator(".product-photo img")).to_have_count(1)
    mine.wait_for_function("() => document.querySelector('.product-photo img').naturalWidth > 0")
    screenshot(mine, "exhibitions-portal-photo-en")
    mine.locator("button[value=submit]").click()
    expect(mine.locator("#exhibitor-status")).to_have_text("Submitted")

    # Staff drag the company onto booth A-02 on the plan.
    sign_in(page, base, "organiser")
    page.goto(f"{base}/forum/manage/exhibitions/lifestyle/")
    waiting = page.locator(dragged(tmoney_exhibitor))
    expect(waiting).to_be_visible()
    screenshot(page, "exhibitions-plan-drag-ko")
    drag(page, waiting, page.locator("g[data-booth='A-02'] rect"))
    expect(page.locator("ul.messages")).to_contain_text("A-02 부스를")
    assert Booth.objects.get(code="A-02").exhibitor_id == tmoney_exhibitor.pk
    expect(page.locator("g[data-booth='A-02']")).to_have_class("booth booth-taken")
    screenshot(page, "exhibitions-plan-dropped-ko")
    # Another onto the same booth: refused with the clear message, nothing changes.
    page.locator(dragged(users["robots"][1])).drag_to(page.locator("g[data-booth='A-02'] rect"))
    expect(page.locator("main")).to_contain_text("A-02 부스는 이미")
    assert Booth.objects.get(code="A-02").exhibitor_id == tmoney_exhibitor.pk
    assert not Booth.objects.filter(exhibitor=users["robots"][1]).exists()

    # Approved and published, the photo shows on the public page in English.
    tmoney_exhibitor.refresh_from_db()
    services.approve(actor=organiser, exhibitor=tmoney_exhibitor)
    services.publish(actor=organiser, exhibitor=tmoney_exhibitor)
    visitor = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    public = visitor.new_page()
    public.goto(f"{base}/forum/exhibitions/lifestyle/exhibitors/{tmoney_exhibitor.pk}/")
    expect(public.locator(".product-photo figcaption")).to_have_text("The gate demo")
    public.wait_for_function("() => document.querySelector('.product-photo img').complete")
    size = public.locator(".product-photo img").evaluate("img => img.naturalWidth")
    assert size == 400
    screenshot(public, "exhibitions-exhibitor-photo-en")
    visitor.close()
    company.close()
