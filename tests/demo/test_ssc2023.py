"""The Seoul Smart City Prize demo (seed 002): summit, award, 240 sample applications, the
ceremony, the applicant login; loaded twice without change."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import Client, RequestFactory

from summitry.awards.models import Answer, Application, Award, Category, Question
from summitry.demo import ssc2023
from summitry.programme.models import ProgrammeItem
from summitry.summits.models import Summit, Venue
from tests.demo_data import demo_for_the_module

SEOUL = ZoneInfo("Asia/Seoul")
COUNTED = (Summit, Venue, ProgrammeItem, Award, Category, Question, Application, Answer)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def rows() -> dict[str, list]:
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in COUNTED}


demo_loaded = demo_for_the_module("ssc2023")


@pytest.fixture
def award(demo_loaded, db):
    return Award.objects.get(summit__slug="ssc2023")


def test_the_demo_follows_the_seed(award):
    """One load (it takes a few seconds), every fact checked."""
    _summit_and_ceremony(award)
    _categories_and_dates(award)
    _samples(award)
    _applicant_login(award)
    _public_pages()


def _summit_and_ceremony(award):
    summit = award.summit
    assert (summit.start_date, summit.end_date, summit.time_zone) == (
        datetime.date(2023, 9, 25),
        datetime.date(2023, 9, 26),
        "Asia/Seoul",
    )
    ceremony = award.ceremony
    assert ceremony.kind == "ceremony"
    assert ceremony.starts_at.astimezone(SEOUL) == datetime.datetime(
        2023, 9, 25, 17, 30, tzinfo=SEOUL
    )
    assert (ceremony.room.name_en, ceremony.room.venue.name_ko) == (
        "Art Hall 2",
        "동대문디자인플라자(DDP)",
    )
    assert award.results_published_at is not None


def _categories_and_dates(award):
    top = Category.objects.filter(award=award, parent=None).order_by("position")
    assert [c.name_en for c in top] == ["Project", "Leadership", "Special"]
    assert [c.name_ko for c in top[0].children.order_by("position")] == ["사람중심", "기술혁신"]
    assert award.opens_at.astimezone(SEOUL).date() == datetime.date(2023, 3, 1)
    assert award.closes_at.astimezone(SEOUL) == datetime.datetime(2023, 7, 1, tzinfo=SEOUL)


def _samples(award):
    applications = Application.objects.filter(award=award)
    assert applications.count() == 240
    assert not applications.filter(is_sample=False).exists()
    assert set(applications.values_list("status", flat=True)) == {"submitted"}
    assert applications.filter(eligibility="ineligible").count() == len(ssc2023.INELIGIBLE)
    assert not applications.filter(eligibility="ineligible", eligibility_reason_en="").exists()
    assert not applications.filter(eligibility="pending").exists()
    assert applications.values("country").distinct().count() >= 30
    assert set(applications.values_list("applicant_kind", flat=True)) == {
        "city",
        "company",
        "institution",
    }
    assert not applications.filter(title_ko="").exists()
    assert not applications.filter(title_en="").exists()
    for application in applications:
        assert award.opens_at <= application.submitted_at < award.closes_at


def _applicant_login(award):
    user = authenticate(
        RequestFactory().post("/accounts/login/"), username="applicant", password="summitry-demo"
    )
    assert user is not None
    mine = Application.objects.filter(applicant=user)
    assert mine.count() == 1
    client = Client()
    client.force_login(user)
    other = Application.objects.exclude(applicant=user).first()
    base = "/ssc2023/awards/seoul-smart-city-prize-2023/applications"
    assert client.get(f"{base}/{mine.get().pk}/").status_code == 200
    assert client.get(f"{base}/{other.pk}/").status_code == 404


def _public_pages():
    client = Client()
    assert client.get("/ssc2023/awards/seoul-smart-city-prize-2023/").status_code == 200
    assert client.get("/ssc2023/awards/seoul-smart-city-prize-2023/winners/").status_code == 200


def test_loading_twice_changes_nothing(award):
    before = rows()
    call_command("demo", "load", "ssc2023")
    assert rows() == before
    assert counts()["Application"] == 240


def test_the_summit_home_links_the_award(award):
    page = Client(headers={"Accept-Language": "en"}).get("/ssc2023/").content.decode()
    assert f'href="/ssc2023/awards/{award.slug}/"' in page
    assert "/partners/" not in page  # no agreements recorded for this summit
