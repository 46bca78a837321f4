"""In a real browser (in Korean): staff import organisations and contacts with invitations
from a CSV. A file of the wrong shape is refused at once with a message, nothing changed; a
file whose rows have a problem goes to the import's page, which lists each refused row; a good
file's import page shows what was created (the rows are imported in the background)."""

import re

import pytest
from playwright.sync_api import expect

from summitry.delegations.models import Invitation
from tests.factories import SummitFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
HEADER = "slug,kind,name_en,name_ko,country,region,contact_name,contact_email,language\n"
GOOD = (
    HEADER
    + "kyiv,city,Kyiv,키이우,UA,europe,Olena K,olena@kyiv.example,en\n"
    + "busan,city,Busan,부산,KR,asia,김민지,minji@busan.example,ko\n"
)


def _upload(page, url: str, data: str) -> None:
    page.goto(url)
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "contacts.csv", "mimeType": "text/csv", "buffer": data.encode()}]
    )
    page.get_by_role("button", name="가져오기", exact=True).click()


def test_staff_import_contacts_and_follow_the_run(browser, live_server, screenshot):
    UserFactory(username="chief", is_superuser=True, is_staff=True)
    SummitFactory(slug="forum", name_en="Mayors Forum", name_ko="시장포럼")
    page = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill("chief")
    page.locator("#id_password").fill("correct horse battery staple")
    page.locator("form.stacked button[type=submit]").click()
    url = f"{live_server.url}/forum/manage/delegations/import/"

    _upload(page, url, "slug,kind\nkyiv,city\n")
    expect(page.locator("#problems")).to_contain_text("이 열이 없습니다")
    assert "/runs/" not in page.url

    _upload(page, url, GOOD + "x,planet,X,X,,,A,a@b.org,en\n")
    expect(page).to_have_url(re.compile(r"/forum/manage/delegations/import/runs/\d+/$"))
    expect(page.locator("#import-run-title")).to_have_text("가져오기 작업")
    expect(page.locator("#import-run")).to_contain_text("문제 1건이 있어 아무것도 가져오지")
    screenshot(page, "delegations-import-problems-ko")
    assert not Invitation.objects.exists()

    _upload(page, url, GOOD)
    expect(page.locator("#import-result")).to_contain_text("새 기관 2곳")
    screenshot(page, "delegations-import-done-ko")
    assert Invitation.objects.count() == 2
