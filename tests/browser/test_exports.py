"""In a real browser (in Korean): staff export a large list. The export link starts the export
in the background and goes to its page; while the worker writes it the page shows rows written
of all and polls; once done it shows the download link, and the file downloads."""

import io
import re

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from summitry.core import runs, tasks
from summitry.core.models import Run
from summitry.delegations import services
from summitry.delegations.models import Delegation
from tests.factories import OrganisationFactory, SummitFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_export_a_large_list_wait_and_download(browser, live_server, screenshot, settings):
    settings.SUMMITRY_EXPORT_INLINE_ROWS = 0  # every export is "large"
    chief = UserFactory(username="chief", is_superuser=True, is_staff=True)
    summit = SummitFactory(slug="forum", name_en="Mayors Forum", name_ko="시장포럼")
    for slug in ("kyiv", "busan"):
        services.invite(
            actor=chief,
            summit=summit,
            organisation=OrganisationFactory(slug=slug, name_en=slug.title()),
            contact_name=slug,
            contact_email=f"{slug}@example.org",
            language="ko",
        )
    assert Delegation.objects.count() == 2
    page = browser.new_context(
        locale="ko-KR", viewport={"width": 1280, "height": 900}, accept_downloads=True
    ).new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill("chief")
    page.locator("#id_password").fill("correct horse battery staple")
    page.locator("form.stacked button[type=submit]").click()

    # A run the worker has not finished yet: the page shows its progress and polls it.
    run = Run.objects.create(
        summit=summit,
        kind="export:delegations.workbook",
        subject="browser",
        requested_by=chief,
        status="running",
        attempts=1,
        started_at=timezone.now(),
        progress={"language": "ko", "params": {}},
    )
    report = runs.Reporter(run)
    report(stage="writing", done=1, total=2)
    report.flush()
    page.goto(f"{live_server.url}/forum/manage/exports/{run.pk}/")
    expect(page.locator("#export-progress")).to_have_text("2행 중 1행을 썼습니다.")
    screenshot(page, "exports-running-ko")
    Run.objects.filter(pk=run.pk).update(status="queued")
    assert tasks.export(run.pk) == "done"  # what the worker does
    expect(page.locator("#export-download")).to_be_visible()
    expect(page.locator("#export-result")).to_contain_text("2행")
    screenshot(page, "exports-done-ko")
    with page.expect_download() as download:
        page.locator("#export-download").click()
    assert download.value.suggested_filename == "forum-delegations.xlsx"
    book = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    assert book.sheetnames == ["delegations", "people"]

    # The delegations page's export link: large, so it goes to the export's page.
    page.goto(f"{live_server.url}/forum/manage/delegations/")
    page.get_by_role("link", name="내보내기(XLSX)").click()
    expect(page).to_have_url(re.compile(r"/forum/manage/exports/\d+/$"))
    expect(page.locator("#export-download")).to_be_visible()
    page.goto(f"{live_server.url}/forum/manage/exports/")
    expect(page.locator("table.data tbody tr")).to_have_count(2)
    expect(page.locator("#export-start")).to_contain_text("대표단과 소속 인원 (XLSX)")
    expect(page.locator("#export-start")).not_to_contain_text("상의 신청서")  # chosen on its page
    screenshot(page, "exports-list-ko")
