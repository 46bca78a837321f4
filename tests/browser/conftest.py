"""Browser fixtures: Playwright driving Debian's Chromium against the live test server."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("SUMMITRY_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(os.environ.get("SUMMITRY_SCREENSHOTS", "var/screenshots"))


@pytest.fixture(scope="module")
def browser():
    """Chromium for one test module. Playwright's sync API keeps an event loop running in this
    thread while it is open, and Django binds connections to that context: closing it with the
    module keeps the other tests' connections ordinary."""
    if not Path(CHROMIUM).exists():
        # Never skip silently: `make test` installs Chromium, so its absence is an error.
        pytest.fail(f"Chromium is missing at {CHROMIUM}: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-gpu",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


def _watch_policy(page) -> list[str]:
    """Chromium reports what the Content-Security-Policy refused on the console: every page a
    browser test opens must keep the policy (no inline script or style)."""
    refused: list[str] = []

    def seen(message) -> None:
        if "Content Security Policy" in message.text:
            refused.append(f"{message.location.get('url') or page.url}: {message.text}")

    page.on("console", seen)
    return refused


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    refused = _watch_policy(page)
    yield page
    context.close()
    assert refused == []


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        locale="ko-KR",
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    refused = _watch_policy(page)
    yield page
    context.close()
    assert refused == []


@pytest.fixture
def screenshot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        # caret="initial": hiding the caret would add an inline style, which the CSP refuses.
        page.screenshot(path=str(path), full_page=True, caret="initial")
        return path

    take.folder = SCREENSHOTS
    return take
