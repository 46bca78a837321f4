"""In a real browser: press staff edit the release e-mail's template (preview in Korean and
English), mail an embargoed release to accredited press and delegations' contacts, check the
preview in both languages and send; the journalist's e-mail is marked EMBARGOED, the contact
gets nothing before the instant; the console counts the deliveries."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from summitry.delegations import services as delegation_services
from summitry.press import mailings, services
from tests.browser.test_press import PASSWORD, context_page, sign_in
from tests.factories import OrganisationFactory, SummitFactory, UserFactory
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
    journalist = UserFactory(username="reporter", email="reporter@example.org")
    found = services.apply_for_accreditation(
        actor=journalist,
        summit=summit,
        data={"name": "Reporter", "outlet": "Seoul Daily", "role": "reporter", "country": "KR"},
        press_card=png_upload(),
    )
    services.decide_accreditation(actor=organiser, accreditation=found, approve=True)
    delegation_services.invite(
        actor=organiser,
        summit=summit,
        organisation=OrganisationFactory(slug="wellington", name_en="Wellington"),
        contact_name="Tory Whanau",
        contact_email="tory@example.org",
        language="en",
    )
    release = release_it(
        make_release(summit, organiser, embargo_at=timezone.now() + datetime.timedelta(hours=2)),
        organiser,
    )
    return summit, release


def test_a_mailing_previewed_in_both_languages_and_sent(
    world, browser, page, live_server, screenshot
):
    summit, release = world
    base = live_server.url
    sign_in(page, base, "organiser")

    # The template, edited with its preview in both languages.
    page.goto(f"{base}/forum/manage/press/templates/release/")
    previews = page.locator(".mail-preview")
    expect(previews).to_have_count(2)
    expect(previews.nth(0)).to_contain_text("엠바고")
    expect(previews.nth(1)).to_contain_text("EMBARGOED until")
    page.locator("#id_subject_en").fill("[Press] {{ headline }}")
    page.locator("#id_subject_ko").fill("[보도] {{ headline }} {{ secret }}")
    page.locator("form[novalidate] button[type=submit]").click()
    expect(page.locator(".errorlist")).to_contain_text("{{ secret }}")
    page.locator("#id_subject_ko").fill("[보도] {{ headline }}")
    page.locator("form[novalidate] button[type=submit]").click()
    expect(previews.nth(1).locator(".mail-subject")).to_contain_text("[Press] Forum opens")
    screenshot(page, "press-mail-template-ko")

    # The mailing: the release to press and delegations, previewed, then sent.
    page.goto(f"{base}/forum/manage/press/mailings/new/")
    page.locator("#id_release").select_option(str(release.pk))
    page.get_by_label("등록 기자").check()
    page.get_by_label("대표단 담당자").check()
    page.locator("form[novalidate] button[type=submit]").click()
    expect(page.locator(".mail-preview")).to_have_count(2)
    expect(page.locator(".mail-preview").nth(0).locator(".mail-subject")).to_contain_text(
        "[엠바고: "
    )
    expect(page.locator(".mailing-planned")).to_contain_text("2")
    screenshot(page, "press-mailing-preview-ko")
    mail.outbox.clear()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="발송").click()
    expect(page.locator(".mailing-counts")).to_contain_text("1")
    counts = page.locator(".mailing-counts li strong")
    expect(counts).to_have_text(["2", "1", "0", "1", "0", "0"])
    screenshot(page, "press-mailing-sent-ko")
    assert [m.to for m in mail.outbox] == [["reporter@example.org"]]
    assert mail.outbox[0].subject.startswith("[엠바고: ")

    # In English, the console's list with its counts.
    context, english = context_page(browser, "en-GB")
    sign_in(english, base, "organiser")
    english.goto(f"{base}/forum/manage/press/mailings/")
    expect(english.locator("table.mailings tbody tr")).to_have_count(1)
    expect(english.locator("table.mailings tbody tr")).to_contain_text(
        "Partly held until the embargo"
    )
    screenshot(english, "press-mailings-en")
    english.get_by_role("link", name="Forum opens").click()
    expect(english.locator(".mail-preview").nth(1)).to_contain_text("EMBARGOED until")
    screenshot(english, "press-mailing-en")
    context.close()

    # The instant passes: the minute task writes the held e-mail to the contact, unmarked.
    mailings.send_held(at=release.embargo_at + datetime.timedelta(seconds=1))
    (contact_mail,) = [m for m in mail.outbox if m.to == ["tory@example.org"]]
    assert contact_mail.subject == "[Press] Forum opens"
    page.reload()
    expect(counts).to_have_text(["2", "2", "0", "0", "0", "0"])


def test_the_after_event_report_of_the_forum(organiser, browser, page, live_server, screenshot):
    """The demo forum's report, built from the console and downloaded, in Korean and English."""
    from django.core.management import call_command

    from tests.browser.conftest import SCREENSHOTS

    call_command("demo", "load", "wcsmf2023", verbosity=0)
    organiser.set_password(PASSWORD)
    organiser.save()
    base = live_server.url
    sign_in(page, base, "organiser")
    page.goto(f"{base}/wcsmf2023/manage/press/report/")
    # The demo ships the forum's report, published on its page; staff build a fresh one.
    expect(page.locator("table.reports tbody tr")).to_have_count(1)
    expect(page.locator("table.reports tbody tr .status-published")).to_have_count(1)
    page.get_by_role("button", name="보고서 작성").click()
    expect(page.locator("table.reports tbody tr .status-ready")).to_have_text(["완료", "완료"])
    screenshot(page, "press-report-ko")
    with page.expect_download() as pdf:
        page.get_by_role("link", name="PDF").first.click()
    saved = SCREENSHOTS / "press-report.pdf"
    pdf.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    with page.expect_download() as xlsx:
        page.get_by_role("link", name="XLSX").first.click()
    assert xlsx.value.suggested_filename.endswith(".xlsx")
    context, english = context_page(browser, "en-GB")
    sign_in(english, base, "organiser")
    english.goto(f"{base}/wcsmf2023/manage/press/report/")
    expect(english.locator("table.reports tbody tr .status-ready")).to_have_text(["Ready"] * 2)
    screenshot(english, "press-report-en")
    context.close()
