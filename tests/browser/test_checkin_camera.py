"""In a real browser whose camera films a badge: Chromium's fake video device plays a Y4M file
made here from the badge's own QR (as printed), one second of badge then three of an empty
desk, over and over. The door operator starts the camera and sees "enter"; the badge comes
back before the camera: "already inside"; revoked: refused. Offline, the scanner page opens
from its service worker, scans with the camera, and the scan is counted once when the network
returns."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect, sync_playwright

from summitry.checkin import badges as rendering
from summitry.checkin import services
from summitry.checkin.models import Scan, ScanResult
from tests.browser.conftest import CHROMIUM, _watch_policy
from tests.browser.test_checkin import PASSWORD, doors, sign_in  # noqa: F401 - a fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTH, HEIGHT, FPS = 640, 480, 5
# A loop goes round every four seconds: the badge comes back after more than the two seconds
# the page waits before taking the same code again, so each pass is a new scan.
BADGE_FRAMES, DESK_FRAMES = 5, 15
SEEN = 15_000  # ms: a few loops of the film, for a loaded machine
WORKER_IN_CONTROL = """async () => {
  await navigator.serviceWorker.ready;
  if (navigator.serviceWorker.controller) return;
  await new Promise(done =>
    navigator.serviceWorker.addEventListener("controllerchange", done, {once: true}));
}"""
PAGE_KEPT = """async () => {
  const names = await caches.keys();
  for (const name of names) {
    const cache = await caches.open(name);
    if (await cache.match(location.href, {ignoreVary: true})) return true;
  }
  return false;
}"""


def desk() -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT), "#7c8a99")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 380, WIDTH, HEIGHT), fill="#5b4636")  # the desk's edge
    return image


def badge_in_hand(badge) -> Image.Image:
    """The badge's QR as the badge prints it (segno), held up in front of the camera."""
    png = io.BytesIO()
    rendering.qr(badge).save(png, kind="png", scale=6, border=4)
    qr = Image.open(png).convert("RGB")
    image = desk()
    card = Image.new("RGB", (qr.width + 40, qr.height + 80), "#ffffff")
    ImageDraw.Draw(card).rectangle((0, 0, card.width, 30), fill="#1d4ed8")  # colour band
    card.paste(qr, (20, 50))
    image.paste(card, ((WIDTH - card.width) // 2, (HEIGHT - card.height) // 2))
    return image


def y4m(frames: list[Image.Image], path: Path) -> Path:
    """A raw YUV 4:2:0 film (what --use-file-for-fake-video-capture plays)."""
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F{FPS}:1 Ip A1:1 C420jpeg\n".encode())
        for frame in frames:
            luma, blue, red = frame.convert("YCbCr").split()
            half = (WIDTH // 2, HEIGHT // 2)
            out.write(b"FRAME\n")
            out.write(luma.tobytes())
            out.write(blue.resize(half).tobytes())
            out.write(red.resize(half).tobytes())
    return path


@pytest.fixture(scope="module")
def playwright():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: apt-get install chromium")
    with sync_playwright() as running:
        yield running


@pytest.fixture
def camera_filming(playwright, tmp_path):
    """A phone whose camera films ``badge`` (a new Chromium for each film)."""
    opened = []

    def phone(badge, locale="ko-KR"):
        film = [badge_in_hand(badge)] * BADGE_FRAMES + [desk()] * DESK_FRAMES
        path = y4m(film, tmp_path / f"badge-{badge.pk}.y4m")
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-gpu",
                "--disable-component-update",
                "--no-first-run",
                "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream",
                f"--use-file-for-fake-video-capture={path}",
            ],
        )
        context = browser.new_context(
            locale=locale,
            viewport={"width": 390, "height": 844},
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
        )
        page = context.new_page()
        opened.append((browser, _watch_policy(page)))
        return page

    yield phone
    for browser, refused in opened:
        browser.close()
        assert refused == []


def test_the_door_operator_scans_a_badge_with_the_camera(
    doors,  # noqa: F811 - the fixture imported above
    camera_filming,
    live_server,
    organiser,
    screenshot,
):
    summit, hall, (tory, _ana) = doors
    phone = camera_filming(tory)
    sign_in(phone, live_server.url, "door", PASSWORD)
    phone.goto(f"{live_server.url}/forum/manage/checkin/scanner/?zone={hall.pk}&door=북문")
    phone.get_by_role("button", name="카메라로 스캔").click()
    expect(phone.locator(".camera-view")).to_be_visible()
    verdict = phone.locator(".scan-verdict")
    expect(verdict).to_have_text("입장", timeout=SEEN)
    expect(phone.locator(".scan-name")).to_have_text("토리 화나우")
    screenshot(phone, "checkin-camera-enter-ko")
    # The badge leaves the camera's sight and comes back: a second scan.
    expect(verdict).to_have_text("거부: 이미 입장함", timeout=SEEN)
    screenshot(phone, "checkin-camera-inside-ko")
    assert Scan.objects.filter(badge=tory, result=ScanResult.ENTER).count() == 1
    services.revoke(actor=organiser, badge=tory)
    expect(verdict).to_have_text("거부: 폐기된 명찰", timeout=SEEN)
    screenshot(phone, "checkin-camera-revoked-ko")
    # The field and the search by name stay beside the camera.
    expect(phone.locator("#code")).to_be_visible()
    expect(phone.locator("#q")).to_be_visible()
    assert Scan.objects.filter(badge=tory, result=ScanResult.ENTER).count() == 1


def test_the_scanner_opens_offline_and_its_camera_scan_counts_once(
    doors,  # noqa: F811 - the fixture imported above
    camera_filming,
    live_server,
    screenshot,
):
    summit, hall, (_tory, ana) = doors
    phone = camera_filming(ana, locale="en-GB")
    sign_in(phone, live_server.url, "door", PASSWORD)
    door = f"{live_server.url}/forum/manage/checkin/scanner/?zone={hall.pk}&door=North"
    phone.goto(door)
    # The first visit installs the service worker, which keeps the page and its assets.
    # (It controls the page once installed, and it is installed once the page is kept.)
    # evaluate, not wait_for_function: the page's CSP refuses the latter's eval.
    phone.evaluate(WORKER_IN_CONTROL)
    assert phone.evaluate(PAGE_KEPT)
    box = phone.locator("#scanner-offline")
    expect(box).to_have_attribute("data-kept", re.compile(r"^\d{4}-"))  # key, revocations
    phone.context.set_offline(True)
    opened = phone.goto(door)
    assert opened is not None and opened.from_service_worker
    box = phone.locator("#scanner-offline")
    expect(box.locator(".offline-state")).to_have_text("Offline: scans are kept on this device.")
    phone.get_by_role("button", name="Scan with the camera").click()
    expect(box.locator(".offline-count")).to_have_text("1", timeout=SEEN)
    phone.get_by_role("button", name="Stop the camera").click()
    # The device's own verdict, from the kept public key and revocations.
    verdict = phone.locator(".scan-result")
    expect(verdict).to_have_class("scan-result scan-offline scan-enter")
    expect(verdict.locator(".scan-verdict")).to_have_text("Enter")
    expect(verdict.locator(".scan-offline-note")).to_have_text(
        "Checked on this device: confirmed when the network returns."
    )
    screenshot(phone, "checkin-camera-offline-en")
    # Typed: a code whose signature is not ours, and the badge a second time.
    typed = (
        ("SB1" + "A" * 127, "Refused: Not a valid badge (forged or damaged code)"),
        (services.code_for(ana), "Refused: Already inside"),
    )
    for waiting, (code, told) in enumerate(typed, start=2):
        phone.locator("#code").fill(code)
        phone.locator("#code").press("Enter")
        expect(box.locator(".offline-count")).to_have_text(str(waiting))
        expect(verdict.locator(".scan-verdict")).to_have_text(told)
    screenshot(phone, "checkin-camera-offline-again-en")
    assert Scan.objects.count() == 0
    phone.context.set_offline(False)
    expect(box.locator(".offline-count")).to_have_text("0")
    expect(box.locator(".offline-enter")).to_have_text("Ana Kowhai: Enter")
    expect(box.locator(".offline-refused")).to_have_count(2)
    screenshot(phone, "checkin-camera-synced-en")
    # Sent once, counted once: one entry; the forgery and the second scan refused.
    assert Scan.objects.filter(badge=ana, result=ScanResult.ENTER).count() == 1
    assert Scan.objects.filter(reason="forged").count() == 1
    assert Scan.objects.filter(badge=ana, reason="already_inside").count() == 1
