"""In a real browser: the organiser words the invitation e-mail of a summit in Korean, sees
the default beside and the preview in both languages, saves it, and goes back to the
default (asked first)."""

import pytest
from playwright.sync_api import expect

from summitry.core.models import MailTemplateOverride
from tests.browser.test_console import sign_in
from tests.factories import SummitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_edit_preview_save_and_reset_an_automatic_mail(
    browser, page, live_server, screenshot, organiser
):
    SummitFactory(slug="forum", name_en="Mayors Forum", name_ko="시장포럼")
    base = live_server.url
    sign_in(page, base, organiser.username)
    page.goto(f"{base}/forum/manage/")
    page.locator("nav.console-nav").get_by_role("link", name="이메일 템플릿").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("이메일 템플릿")
    page.get_by_label("검색").fill("대표단 등록")
    page.get_by_role("button", name="보기").click()
    row = page.locator("tr", has_text="대표단 등록 초청")
    expect(row).to_have_count(1)
    screenshot(page, "mail-templates-list-ko")
    row.get_by_role("link").first.click()  # Korean

    expect(page.get_by_role("heading", level=1)).to_contain_text("대표단 등록 초청")
    expect(page.locator(".mail-text").first).to_have_text("{{ summit_name }} 초청")  # default
    subject = page.get_by_label("제목")
    expect(subject).to_have_value("{{ summit_name }} 초청")
    subject.fill("[{{ summit_name }}] {{ organisation }} 초청 안내")
    page.get_by_label("본문").fill(
        "{{ name }} 님, {{ organisation }}을 초청합니다.\n{{ site_url }}{{ link }}\n"
    )
    page.get_by_role("button", name="미리 보기", exact=True).click()
    korean = page.locator(".mail-preview[lang=ko]")
    expect(korean).to_contain_text("[시장포럼] 웰링턴시 초청 안내")
    expect(korean).to_contain_text("김민준 님, 웰링턴시을 초청합니다.")
    expect(page.locator(".mail-preview[lang=en]")).to_contain_text("Dear Jane Doe,")
    screenshot(page, "mail-template-preview-ko")
    assert not MailTemplateOverride.objects.exists()

    page.get_by_role("button", name="저장").click()
    expect(page.locator(".messages, [role=status]").first).to_contain_text("저장했습니다")
    expect(page.locator(".status-line")).to_contain_text("수정됨")
    assert MailTemplateOverride.objects.get().subject == (
        "[{{ summit_name }}] {{ organisation }} 초청 안내"
    )
    screenshot(page, "mail-template-saved-ko")

    # A bad template is refused in Korean, and nothing changes.
    page.get_by_label("본문").fill("{% load static %}안녕하세요")
    page.get_by_role("button", name="저장").click()
    expect(page.locator(".field-errors")).to_contain_text("사용할 수 없습니다")
    screenshot(page, "mail-template-refused-ko")

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="기본값으로 되돌리기").click()
    expect(page.locator(".status-line")).to_contain_text("기본값")
    expect(page.get_by_label("제목")).to_have_value("{{ summit_name }} 초청")
    assert not MailTemplateOverride.objects.exists()
    screenshot(page, "mail-template-reset-ko")
