"""In a real browser: a new organiser signs in, opens the console of the summit, goes to the
programme grid, moves an item with the mouse and another with the keyboard (times in Seoul
time), sees a clash appear inline, keeps it, resolves it by moving the item away, resizes
one; the item's public page shows the new time. The grid in Korean, English and on a phone."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from summitry.demo.loader import ensure_team
from summitry.programme.models import ProgrammeItem
from summitry.programme.releases import publish
from summitry.programme.services import save_item
from tests.factories import RoomFactory, SummitFactory, UserFactory, VenueFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SEOUL = ZoneInfo("Asia/Seoul")


def at(hour, minute=0):
    return datetime.datetime(2023, 9, 25, hour, minute, tzinfo=SEOUL)


def local(pk) -> tuple[str, str, str]:
    found = ProgrammeItem.objects.select_related("room").get(pk=pk)
    return (
        f"{found.starts_at.astimezone(SEOUL):%H:%M}",
        f"{found.ends_at.astimezone(SEOUL):%H:%M}",
        found.room.name_en if found.room else "",
    )


@pytest.fixture
def programme(live_server, organiser):
    summit = SummitFactory(slug="forum", name_en="Mayors Forum", name_ko="시장포럼")
    ddp = VenueFactory(summit=summit, name_en="DDP", name_ko="DDP", is_main=True)
    hall_1 = RoomFactory(venue=ddp, name_en="Art Hall 1", name_ko="아트홀 1관", position=1)
    hall_2 = RoomFactory(venue=ddp, name_en="Art Hall 2", name_ko="아트홀 2관", position=2)

    def add(title_en, title_ko, kind, starts, ends, room=None, parent=None):
        return save_item(
            actor=organiser,
            item=ProgrammeItem(
                summit=summit,
                parent=parent,
                kind=kind,
                block="afternoon",
                title_en=title_en,
                title_ko=title_ko,
                room=room,
                starts_at=starts,
                ends_at=ends,
            ),
        )

    forum = add("Mayors Forum I", "시장포럼 I", "forum_session", at(14), at(16), hall_1)
    add("Keynote", "기조연설", "keynote", at(14), at(14, 30), hall_1, parent=forum)
    items = {
        "forum": forum,
        "lunch": add("Lunch", "오찬", "meal", at(12), at(13), hall_2),
        "dinner": add("Prize dinner", "시상식 만찬", "ceremony", at(17), at(19), hall_2),
        "visit": add("Site visit", "현장 방문", "site_visit", at(9), at(11)),
    }
    publish(actor=organiser, summit=summit)
    newcomer = UserFactory(username="newcomer", email="newcomer@example.org")
    newcomer.set_password("a-long-password-1")
    newcomer.save()
    ensure_team(
        summit, name_ko="프로그램팀", name_en="Programme", codes={"programme"}, members=[newcomer]
    )
    return {"base": live_server.url, "summit": summit, **{k: v.pk for k, v in items.items()}}


def sign_in(page, base):
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill("newcomer")
    page.locator("#id_password").fill("a-long-password-1")
    page.locator("form.stacked button[type=submit]").click()


def row_height(block) -> float:
    box = block.bounding_box()
    span = int(re.search(r"\bpg-s-(\d+)\b", block.get_attribute("class")).group(1))
    return box["height"] / span


def drag(page, handle, dy: float):
    handle.scroll_into_view_if_needed()
    box = handle.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + min(8, box["height"] / 2)
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x, y + dy / 2, steps=4)
    page.mouse.move(x, y + dy, steps=4)
    page.mouse.up()


def test_a_new_organiser_moves_resizes_and_resolves_a_clash_on_the_grid(
    page, browser, phone, programme, screenshot
):
    base = programme["base"]
    sign_in(page, base)
    expect(page).to_have_url(f"{base}/manage/")
    page.get_by_role("link", name="운영 콘솔 열기").first.click()
    expect(page).to_have_url(f"{base}/forum/manage/")
    page.locator("nav.console-nav").get_by_role("link", name="프로그램", exact=True).click()
    expect(page).to_have_url(f"{base}/forum/manage/programme/")
    page.get_by_role("link", name=re.compile("2일차")).click()
    saved = page.locator("#pg-status[data-state=saved]")

    # The mouse: the lunch one hour later (four quarter-hour rows down).
    lunch = page.locator(f"#item-{programme['lunch']}")
    drag(page, lunch, 4 * row_height(lunch))
    expect(saved).to_contain_text("13:00–14:00 (Asia/Seoul)")
    assert local(programme["lunch"]) == ("13:00", "14:00", "Art Hall 2")

    # The keyboard: the dinner an hour earlier, then to the neighbouring room.
    dinner = page.locator(f"#item-{programme['dinner']}")
    dinner.focus()
    for _ in range(4):
        page.keyboard.press("ArrowUp")
    expect(saved).to_contain_text("16:00–18:00 (Asia/Seoul)")
    page.keyboard.press("ArrowLeft")
    expect(saved).to_contain_text("아트홀 1관")
    assert local(programme["dinner"]) == ("16:00", "18:00", "Art Hall 1")
    expect(page.locator(f"#item-{programme['dinner']}")).to_be_focused()

    # One more step up and it would clash with the forum in Art Hall 1: shown at once, with
    # the other item named; nothing is saved until staff keep it anyway.
    page.keyboard.press("ArrowUp")
    expect(page.locator("#pg-status[data-state=clash]")).to_be_attached()
    alert = page.locator("#pg-alert")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("“시장포럼 I”")
    dinner = page.locator(f"#item-{programme['dinner']}")
    expect(dinner).to_have_class(re.compile(r"\bpg-clash\b"))
    expect(page.locator(f"#item-{programme['forum']}")).to_have_class(
        re.compile(r"\bpg-clash-with\b")
    )
    assert local(programme["dinner"]) == ("16:00", "18:00", "Art Hall 1")
    screenshot(page, "programme-grid-clash-ko")
    # Undo puts it back where it was saved; the same step again, and this time keep it.
    page.locator("#pg-undo").click()
    expect(alert).to_be_hidden()
    expect(page.locator(f"#item-{programme['dinner']}")).to_have_attribute("data-start", "960")
    page.locator(f"#item-{programme['dinner']}").focus()
    page.keyboard.press("ArrowUp")
    expect(alert).to_be_visible()
    page.locator("#pg-force").click()
    expect(saved).to_contain_text("15:45–17:45 (Asia/Seoul)")
    expect(alert).to_be_hidden()
    expect(page.locator("#pg-clash-count")).to_have_text("충돌 1건")
    expect(page.locator(f"#item-{programme['dinner']} .pg-note")).to_contain_text("시장포럼 I")
    assert local(programme["dinner"]) == ("15:45", "17:45", "Art Hall 1")

    # Resolved: moved away to the other room, the clash is gone.
    page.locator(f"#item-{programme['dinner']}").focus()
    page.keyboard.press("ArrowRight")
    expect(saved).to_contain_text("아트홀 2관")
    expect(page.locator("#pg-clash-count")).to_have_text("충돌 0건")
    expect(page.locator(".pg-block.pg-clash")).to_have_count(0)
    assert local(programme["dinner"]) == ("15:45", "17:45", "Art Hall 2")

    # Resize: the lunch ends half an hour later (its lower edge two rows down).
    lunch = page.locator(f"#item-{programme['lunch']}")
    drag(page, lunch.locator(".pg-resize"), 2 * row_height(lunch))
    expect(saved).to_contain_text("13:00–14:30 (Asia/Seoul)")
    assert local(programme["lunch"]) == ("13:00", "14:30", "Art Hall 2")
    screenshot(page, "programme-grid-ko")

    # Enter opens the focused item's form.
    page.locator(f"#item-{programme['lunch']}").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{base}/forum/manage/programme/items/{programme['lunch']}/")
    expect(page.get_by_label("시작 (Asia/Seoul)")).to_have_value("2023-09-25T13:00")
    page.go_back()

    # The public page of the lunch says its new time, in Seoul time.
    phone.goto(f"{base}/forum/programme/{programme['lunch']}/")
    expect(phone.locator("#item-when")).to_contain_text("13:00")
    expect(phone.locator("#item-when")).to_contain_text("14:30")
    expect(phone.locator("#item-when")).to_contain_text("Asia/Seoul")
    assert phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    screenshot(phone, "programme-item-ko-phone")

    # In English, and on a phone.
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Programme")
    expect(page.locator(".pg-col").first).to_contain_text("Art Hall 1")
    screenshot(page, "programme-grid-en")
    sign_in(phone, base)
    phone.goto(f"{base}/forum/manage/programme/?day=2023-09-25")
    expect(phone.locator(f"#item-{programme['lunch']}")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    screenshot(phone, "programme-grid-ko-phone")
