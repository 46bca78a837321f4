"""The demo's exhibitions (seeds 000, 001): Seoul's eight policies, Singapore's samples, the 27
companies of the annex in five themes, on sample floor plans; loading twice changes nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from summitry.core.bilingual import values
from summitry.exhibitions.models import Booth, Exhibition, Exhibitor, FloorPlan, Product

pytestmark = pytest.mark.django_db


def test_the_forums_two_exhibitions():
    call_command("demo", "load", "wcsmf2023")
    policy = Exhibition.objects.get(summit__slug="wcsmf2023", slug="seoul-singapore-policy")
    seoul = policy.exhibitors.filter(is_sample=False)
    assert [e.name_ko for e in seoul] == [
        "안심소득 시범사업",
        "서울런 및 서울런4050",
        "손목닥터 9988",
        "엄마아빠 행복프로젝트",
        "책 읽는 서울광장",
        "서울페스타, The Lifestyle 박람회",
        "그레이트 한강 프로젝트",
        "메타버스 서울",
    ]
    assert {e.organisation.slug for e in seoul} == {"seoul"}
    assert policy.exhibitors.filter(is_sample=True).count() == 3
    # Seed 001: the mayor's keynote presents Seoul Learn and the Safe Income pilot.
    presented = {e.name_ko for e in seoul if e.programme_items.filter(kind="keynote").exists()}
    assert presented == {"안심소득 시범사업", "서울런 및 서울런4050"}
    assert "461" in seoul.get(name_ko="서울런 및 서울런4050").figures_ko
    assert values(policy, "hall") == {"ko": "아트홀", "en": "Art Hall"}

    lifestyle = Exhibition.objects.get(summit__slug="wcsmf2023", slug="advanced-lifestyle")
    per_theme = {t.name_ko: t.exhibitors.count() for t in lifestyle.themes.order_by("position")}
    assert per_theme == {
        "뷰티테크 체험": 3,
        "스마트시티 혁신": 9,
        "로봇기업": 3,
        "도시문제 솔루션": 3,
        "바이오·AI": 9,
    }
    tmoney = lifestyle.exhibitors.get(name_ko="티머니")
    assert "태그리스" in tmoney.products.get().name_ko
    assert all(p.is_sample for p in FloorPlan.objects.filter(exhibition__summit__slug="wcsmf2023"))
    assert Booth.objects.filter(exhibition=lifestyle, exhibitor__isnull=False).count() == 27

    counted = (Exhibition, Exhibitor, Booth, FloorPlan, Product)
    before = {m.__name__: m.objects.count() for m in counted}
    call_command("demo", "load", "wcsmf2023")
    assert {m.__name__: m.objects.count() for m in counted} == before

    guide = Client().get("/wcsmf2023/exhibitions/advanced-lifestyle/", HTTP_ACCEPT_LANGUAGE="ko")
    page = guide.content.decode()
    assert guide.status_code == 200 and "티머니" in page and "예시 배치" in page
    booth = Client().get(
        f"/wcsmf2023/exhibitions/advanced-lifestyle/booths/{tmoney.booths.get().code}/"
    )
    assert "티머니" in booth.content.decode()
