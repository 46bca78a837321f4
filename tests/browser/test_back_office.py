"""In a real browser: the demo organiser signs in to the back office and adds a city with its
Korean and English names side by side."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from summitry.directory.models import Organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_organiser_adds_a_city_in_both_languages(page, live_server, screenshot):
    call_command("demo", "load", "wcsmf2023")
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("사용자 이름").fill("organiser")
    page.get_by_label("비밀번호").fill("summitry-demo")
    page.get_by_role("button", name="로그인").click()
    expect(page.get_by_role("link", name="기관", exact=True).first).to_be_visible()

    page.goto(f"{live_server.url}/admin/directory/organisation/add/")
    korean, english = page.locator("#id_name_ko"), page.locator("#id_name_en")
    korean_box, english_box = korean.bounding_box(), english.bounding_box()
    # Side by side: one row, Korean on the left.
    assert abs(korean_box["y"] - english_box["y"]) < 5
    assert korean_box["x"] < english_box["x"]
    korean.fill("오클랜드")
    english.press_sequentially("Auckland")
    # The short identifier is filled in from the English name.
    expect(page.locator("#id_slug")).to_have_value("auckland")
    page.locator("#id_kind").select_option("city")
    page.locator("#id_country").select_option("NZ")
    page.locator("#id_region").select_option("oceania")
    screenshot(page, "admin-organisation-add")
    page.get_by_role("button", name="저장", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("오클랜드")
    screenshot(page, "admin-organisation-saved")
    assert Organisation.objects.filter(
        slug="auckland", name_en="Auckland", name_ko="오클랜드"
    ).exists()
