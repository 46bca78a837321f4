"""In a real browser: staff link a city's policy exhibit to the keynote that presents it; a
visitor reads the exhibit's key figures, follows the link to the keynote, and from the
keynote's page back to the exhibit. Screenshots of the console form and both public pages."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from summitry.exhibitions import services
from summitry.exhibitions.models import ExhibitorKind
from summitry.programme.models import ProgrammeItem
from summitry.programme.releases import publish

from .test_exhibitions import sign_in, world  # noqa: F401 - world is a fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def linked(request, organiser):
    """The forum of test_exhibitions (its exhibition, the organiser's password), a keynote and
    a city's policy exhibit."""
    exhibition = request.getfixturevalue("world")
    summit = exhibition.summit
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=5)
    keynote = ProgrammeItem.objects.create(
        summit=summit,
        kind="keynote",
        title_en="Keynote: Companionship with the vulnerable",
        title_ko="기조연설: 약자와의 동행",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(minutes=30),
    )
    publish(actor=organiser, summit=summit)
    exhibit = services.create_exhibitor(
        actor=organiser,
        exhibition=exhibition,
        data={
            "name": {"ko": "서울런 및 서울런4050", "en": "Seoul Learn and Seoul Learn 4050"},
            "description": {"ko": "취약계층 교육 지원", "en": "Learning support for all"},
            "figures": {
                "ko": "2023년 참여자 461명 대학 진학",
                "en": "461 participants went on to university in 2023",
            },
        },
        kind=ExhibitorKind.POLICY,
    )
    services.submit(actor=organiser, exhibitor=exhibit)
    services.approve(actor=organiser, exhibitor=exhibit)
    services.publish(actor=organiser, exhibitor=exhibit)
    return keynote, exhibit


def test_staff_link_an_exhibit_to_the_keynote_and_visitors_follow_it(
    linked, browser, live_server, screenshot
):
    keynote, exhibit = linked
    base = live_server.url
    staff = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 1000})
    console = staff.new_page()
    sign_in(console, base, "organiser")
    console.goto(f"{base}/forum/manage/exhibitions/lifestyle/exhibitors/{exhibit.pk}/")
    form = console.locator("#programme-links")
    form.locator("select").select_option(str(keynote.pk))
    screenshot(console, "exhibition-programme-link-console")
    form.get_by_role("button", name="프로그램 연결 저장").click()
    expect(console.locator(".messages")).to_contain_text("프로그램 연결을 저장했습니다")
    staff.close()

    # A visitor in English: the exhibit's page shows its figures and the keynote.
    visitor = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = visitor.new_page()
    page.goto(f"{base}/forum/exhibitions/lifestyle/exhibitors/{exhibit.pk}/")
    expect(page.locator("#key-figures")).to_contain_text("461 participants")
    link = page.locator("#presented-in a")
    expect(link).to_have_text("Keynote: Companionship with the vulnerable")
    screenshot(page, "exhibition-programme-link-exhibit")
    link.click()
    expect(page.locator("h1")).to_contain_text("Keynote: Companionship")
    back = page.get_by_role("link", name="In the exhibition: Seoul Learn and Seoul Learn 4050")
    screenshot(page, "exhibition-programme-link-keynote")
    back.click()
    expect(page.locator("h1")).to_contain_text("Seoul Learn and Seoul Learn 4050")
    visitor.close()
