"""In a real browser: press staff write a free mailing to the heads of confirmed delegations,
preview it in Korean and English, send a test to themselves (one language, then both: marked
TEST, not the mailing's sending), then send it; each head's e-mail carries the unsubscribe
link. Then staff enter press coverage, publish the after-event report, and an anonymous visitor
reads the summit's report page with its charts and the coverage."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from summitry.delegations.models import Delegate, DelegateRole, Delegation, DelegationStatus
from summitry.press.models import Mailing, MailingStatus, SummitReport
from tests.browser.test_press import PASSWORD, context_page, sign_in
from tests.factories import OrganisationFactory, PersonFactory, SummitFactory

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
    for slug, name, status, region in (
        ("wellington", "Tory Whanau", DelegationStatus.CONFIRMED, "oceania"),
        ("dublin", "Daithi de Roiste", DelegationStatus.CONFIRMED, "europe"),
        ("lima", "Rafael Lopez", DelegationStatus.REGISTERED, "americas"),
    ):
        delegation = Delegation.objects.create(
            summit=summit,
            organisation=OrganisationFactory(
                slug=slug, name_en=slug.title(), country="NZ", region=region
            ),
            status=status,
        )
        given, family = name.split(" ", 1)
        Delegate.objects.create(
            delegation=delegation,
            person=PersonFactory(given_name=given, family_name=family),
            role=DelegateRole.HEAD,
            email=f"{slug}@example.org",
        )
    return summit


def test_a_mailing_to_heads_of_delegation_with_a_test_send(world, page, live_server, screenshot):
    base = live_server.url
    sign_in(page, base, "organiser")
    page.goto(f"{base}/forum/manage/press/mailings/new/")
    page.locator("input[name=audiences][value=heads]").check()
    page.locator("input[name=delegation_statuses][value=confirmed]").check()
    page.locator("#id_subject_ko").fill("환영 만찬 안내")
    page.locator("#id_subject_en").fill("The welcome dinner")
    page.locator("#id_message_ko").fill("9월 24일 19시, 세빛섬에서 뵙겠습니다.")
    page.locator("#id_message_en").fill("We look forward to seeing you on 24 September, 19:00.")
    page.locator("form[novalidate] button[type=submit]").click()

    previews = page.locator(".mail-preview")
    expect(previews).to_have_count(2)
    expect(previews.nth(0).locator(".mail-subject")).to_have_text("환영 만찬 안내")
    expect(previews.nth(1).locator(".mail-subject")).to_have_text("The welcome dinner")
    expect(previews.nth(1)).to_contain_text("24 September")
    expect(page.locator(".mailing-planned")).to_contain_text("2")  # Lima is only registered
    expect(page.locator(".facts")).to_contain_text("대표단장")
    screenshot(page, "press-heads-preview-ko")

    # A test to oneself, in English only, then in both languages.
    mail.outbox.clear()
    page.locator("#test-language").select_option("en")
    page.get_by_role("button", name="테스트 보내기").click()
    expect(page.locator("ul.messages")).to_contain_text("organiser@example.org")
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["organiser@example.org"], "[TEST] The welcome dinner")
    ]
    page.locator("#test-language").select_option("")
    page.get_by_role("button", name="테스트 보내기").click()
    expect(page.locator("ul.messages")).to_contain_text("2")
    assert [m.subject for m in mail.outbox[1:]] == [
        "[테스트] 환영 만찬 안내",
        "[TEST] The welcome dinner",
    ]
    mailing = Mailing.objects.get()
    assert mailing.status == MailingStatus.DRAFT and not mailing.recipients.exists()
    screenshot(page, "press-heads-test-sent-ko")

    # The mailing itself.
    mail.outbox.clear()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="발송", exact=True).click()
    counts = page.locator(".mailing-counts li strong")
    expect(counts).to_have_text(["2", "2", "0", "0", "0", "0"])
    expect(page.locator("table.data tbody tr")).to_have_count(2)
    screenshot(page, "press-heads-sent-ko")
    sent = sorted((m.to[0], m.subject) for m in mail.outbox)
    assert sent == [
        ("dublin@example.org", "The welcome dinner"),
        ("wellington@example.org", "The welcome dinner"),
    ]
    assert all(re.search(r"/forum/press/unsubscribe/\S+/", m.body) for m in mail.outbox)


def test_the_summits_report_page(world, browser, page, live_server, screenshot):
    base = live_server.url
    sign_in(page, base, "organiser")
    page.goto(f"{base}/forum/manage/press/coverage/")
    page.locator("#id_outlet").fill("Seoul Daily")
    page.locator("#id_headline").fill("세계 도시 시장들, 서울에서 만나다")
    page.locator("#id_published_on").fill("2023-09-25")
    page.locator("#id_language").fill("korean")
    page.locator("form[novalidate] button[type=submit]").click()
    expect(page.locator(".errorlist")).to_contain_text("ko, en, ja")
    page.locator("#id_language").fill("ko")
    page.locator("#id_reach").fill("120000")
    page.locator("form[novalidate] button[type=submit]").click()
    expect(page.locator("table.coverage tbody tr")).to_contain_text("Seoul Daily")
    screenshot(page, "press-coverage-ko")

    page.goto(f"{base}/forum/manage/press/report/")
    page.get_by_role("button", name="보고서 작성").click()
    expect(page.locator("table.reports tbody tr .status-ready")).to_have_count(1)
    page.get_by_role("button", name="정상회의 페이지에 게시").click()
    expect(page.locator("table.reports tbody tr .status-published")).to_have_count(1)
    screenshot(page, "press-report-published-ko")

    context, visitor = context_page(browser, "en-GB")
    visitor.goto(f"{base}/forum/press/report/")
    expect(visitor.locator("h1")).to_have_text("World Cities Summit Mayors Forum 2023")
    expect(visitor.locator(".report-chart svg")).not_to_have_count(0)
    expect(visitor.locator(".report-chart").first).to_contain_text("Delegations by region")
    expect(visitor.locator("table.coverage")).to_contain_text("Seoul Daily")
    expect(visitor.locator("table.coverage")).to_contain_text("120000")
    screenshot(visitor, "press-report-page-en")
    context.close()
    korean = page.context.new_page()
    korean.goto(f"{base}/forum/press/report/")
    expect(korean.locator("h2").first).to_have_text("숫자로 보는 정상회의")
    # The charts (matplotlib's SVG) carry their labels as text, in the reader's language.
    expect(korean.locator(".report-chart svg text", has_text="오세아니아")).to_have_count(1)
    expect(korean.locator(".report-chart svg text", has_text="Oceania")).to_have_count(0)
    screenshot(korean, "press-report-page-ko")
    _pdf_pages_as_images(SummitReport.objects.get().pdf, screenshot.folder, "press-report-pdf")


def _pdf_pages_as_images(stored, folder, stem: str) -> None:
    """The report's PDF drawn page by page (PDFium) to be looked at: Korean in Nanum, not boxes."""
    import pypdfium2

    document = pypdfium2.PdfDocument(stored.open("rb").read())
    for index in range(len(document)):
        image = document[index].render(scale=1.5).to_pil()
        image.save(folder / f"{stem}-{index + 1}.png")
