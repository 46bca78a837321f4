"""The demo loader: the 2023 Mayors Forum from the seeds, loaded twice without change."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from summitry.core.bilingual import values
from summitry.directory.models import Organisation, Person
from summitry.summits import queries
from summitry.summits.models import Room, SessionTheme, Summit, SummitOrganisation, Venue
from tests.demo_data import demo_for_the_module

COUNTED = (Organisation, Person, Summit, SummitOrganisation, SessionTheme, Venue, Room)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


demo_loaded = demo_for_the_module("wcsmf2023")


@pytest.fixture
def loaded(demo_loaded, db):
    return Summit.objects.get(slug="wcsmf2023")


def test_the_demo_holds_the_forums_facts(loaded):
    summit = loaded
    assert summit.edition == 12
    assert values(summit, "theme") == {
        "en": "Liveable and Sustainable Cities: Forging an Inclusive and Resilient Future",
        "ko": "살기 좋고 지속가능한 도시: 포용적이고 회복력있는 미래를 선도하다",
    }
    assert (summit.start_date, summit.end_date, summit.time_zone, summit.format) == (
        datetime.date(2023, 9, 24),
        datetime.date(2023, 9, 26),
        "Asia/Seoul",
        "in_person",
    )
    roles = {(r.role, r.organisation.slug) for r in queries.roles(summit)}
    assert {("organiser", "clc"), ("organiser", "ura"), ("host", "seoul")} <= roles
    cities = {c.slug: c.country.code for c in queries.participating_cities(summit)}
    assert cities == {
        "taipei": "TW",
        "wellington": "NZ",
        "kyiv": "UA",
        "dublin": "IE",
        "suzhou": "CN",
        "odense": "DK",
        "bilbao": "ES",
        "vienna": "AT",
    }
    assert [o.slug for o in queries.participating_organisations(summit)] == [
        "undp",
        "metropolis",
        "aws",
    ]
    assert [t.title_en for t in queries.themes(summit)] == [
        "How can Mayors forge inclusive societies and empower communities?",
        "The Soul of the City: How can Mayors conserve culture and heritage?",
        "How can Mayors accelerate de-carbonisation and strengthen climate resilience?",
        "How can Mayors facilitate and promote innovation and creativity?",
    ]
    main = queries.venues(summit).first()
    assert (main.name_en, main.is_main) == ("Dongdaemun Design Plaza (DDP)", True)
    assert [r.name_ko for r in main.rooms.all()] == [
        "아트홀 (서울-싱가포르 정책전시관)",
        "아트홀 2관",
        "디자인랩 2층 오픈라운지 (첨단 라이프스타일 전시관)",
    ]


def test_the_named_leaders_are_in_the_directory(loaded):
    whanau = Person.objects.get(slug="tory-whanau")
    assert (
        whanau.latin_name,
        whanau.name_hangul,
        whanau.position_en,
        whanau.organisation.slug,
    ) == ("Tory Whanau", "토리 화나우", "Mayor of Wellington", "wellington")
    assert Person.objects.get(slug="chiang-wan-an").latin_name == "Chiang Wan-an"
    assert Person.objects.get(slug="volodymyr-prokopiv").get_protocol_rank_display() == (
        "Vice or deputy mayor"
    )


def test_loading_twice_changes_nothing(loaded):
    before = counts()
    theme_before = values(loaded, "theme")
    call_command("demo", "load", "wcsmf2023")
    assert counts() == before
    loaded.refresh_from_db()
    assert values(loaded, "theme") == theme_before


def test_loading_again_repairs_edited_facts_and_keeps_other_data(loaded):
    Summit.objects.filter(pk=loaded.pk).update(theme_en="changed by hand")
    extra = Organisation.objects.create(slug="added-later", kind="company", name_en="Later")
    call_command("demo", "load", "wcsmf2023")
    loaded.refresh_from_db()
    assert loaded.theme_en.startswith("Liveable and Sustainable Cities")
    assert Organisation.objects.filter(pk=extra.pk).exists()


def test_the_demo_organiser_is_staff_but_not_superuser(loaded):
    organiser = get_user_model().objects.get(username="organiser")
    assert (organiser.is_staff, organiser.is_superuser) == (True, False)
    assert organiser.has_perm("summits.change_summit")
    assert organiser.has_perm("directory.add_person")
    assert not organiser.has_perm("auth.add_user")


def test_an_existing_organiser_keeps_their_password(loaded):
    organiser = get_user_model().objects.get(username="organiser")
    organiser.set_password("changed-by-the-team")
    organiser.save()
    call_command("demo", "load", "wcsmf2023")
    organiser.refresh_from_db()
    assert organiser.check_password("changed-by-the-team")


def test_an_unknown_demo_is_refused(db):
    with pytest.raises(CommandError, match="Unknown demo"):
        call_command("demo", "load", "atlantis")
