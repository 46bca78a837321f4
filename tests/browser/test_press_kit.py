"""In a real browser: press staff offer a public release's photo in the media kit from the
console; an anonymous visitor then finds it in the kit, with the fact sheet and the press
contact, in Korean and in English — and nothing of a release still under embargo."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from summitry.press import attachments, services
from summitry.summits.models import OrganisationRole
from tests.browser.test_press import PASSWORD, context_page, sign_in
from tests.factories import (
    OrganisationFactory,
    PersonFactory,
    SummitFactory,
    SummitOrganisationFactory,
    VenueFactory,
)
from tests.images import png_upload
from tests.press.conftest import make_release, release_it

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(organiser):
    summit = SummitFactory(
        slug="forum",
        name_en="World Cities Summit Mayors Forum 2023",
        name_ko="2023 세계도시정상회의 시장포럼",
        time_zone="Asia/Seoul",
    )
    organiser.set_password(PASSWORD)
    organiser.save()
    VenueFactory(summit=summit, name_ko="서울 신라호텔", name_en="The Shilla Seoul")
    seoul = OrganisationFactory(name_ko="서울특별시", name_en="Seoul Metropolitan Government")
    SummitOrganisationFactory(summit=summit, organisation=seoul, role=OrganisationRole.HOST)
    public = make_release(
        summit, organiser, embargo_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    services.add_contact(
        actor=organiser,
        release=public,
        person=PersonFactory(given_name="", family_name="", name_hangul="조혜정"),
        title={"ko": "국제교류과장", "en": "Director, International Relations"},
        phone="02-2133-5260",
    )
    release_it(public, organiser)
    attachments.add(
        actor=organiser,
        release=public,
        upload=png_upload("opening.png"),
        caption={"ko": "개막식", "en": "Opening ceremony"},
        credit="Seoul",
    )
    embargoed = release_it(
        make_release(
            summit,
            organiser,
            embargo_at=timezone.now() + datetime.timedelta(hours=2),
            headline={"ko": "엠바고 기사", "en": "Embargoed story"},
        ),
        organiser,
    )
    secret = attachments.add(actor=organiser, release=embargoed, upload=png_upload("secret.png"))
    attachments.mark_press_material(actor=organiser, attachment=secret, value=True)
    return public


def test_staff_offer_a_photo_and_the_public_downloads_it(
    world, browser, page, live_server, screenshot
):
    base = live_server.url
    sign_in(page, base, "organiser")
    page.goto(f"{base}/forum/manage/press/{world.pk}/")
    page.get_by_role("button", name="미디어 키트에 넣기").click()
    expect(page.locator("body")).to_contain_text("opening.png 파일을 보도 자료로 제공합니다.")
    for locale, title, host in (
        ("ko-KR", "미디어 키트", "서울특별시"),
        ("en-GB", "Media kit", "Seoul Metropolitan Government"),
    ):
        context, visitor = context_page(browser, locale)
        visitor.goto(f"{base}/forum/press/")
        visitor.locator("a[href='/forum/press/kit/']").click()
        expect(visitor.locator("h1")).to_have_text(title)
        expect(visitor.locator("main")).to_contain_text(host)
        expect(visitor.locator("main")).to_contain_text("02-2133-5260")
        expect(visitor.locator(".press-file-list li")).to_have_count(1)
        expect(visitor.locator("main")).not_to_contain_text("secret.png")
        expect(visitor.locator("main")).not_to_contain_text("Embargoed story")
        download = visitor.request.get(
            base + visitor.locator(".press-file-list a[download]").last.get_attribute("href")
        )
        assert download.status == 200 and download.headers["content-type"] == "image/png"
        screenshot(visitor, f"press-kit-{locale}")
        context.close()
