"""The REST API of the directory: /api/v1/organisations and /api/v1/people."""

from __future__ import annotations

import json

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry

from summitry.directory.models import (
    Organisation,
    OrganisationKind,
    Person,
    ProtocolRank,
    Region,
)
from tests.api_support import (
    INVALID,
    NOT_AUTHENTICATED,
    NOT_FOUND,
    REFUSED,
    log_entries,
    row,
)
from tests.conftest import ApiClient
from tests.factories import (
    OrganisationFactory,
    PersonFactory,
    SummitFactory,
    SummitOrganisationFactory,
)

# --- fixtures -------------------------------------------------------------------------------


@pytest.fixture
def wellington(db) -> Organisation:
    return OrganisationFactory(
        slug="wellington",
        kind=OrganisationKind.CITY,
        name_en="Wellington",
        name_ko="웰링턴",
        country="NZ",
        region=Region.OCEANIA,
        website="https://wellington.govt.nz",
    )


@pytest.fixture
def seoul(db) -> Organisation:
    return OrganisationFactory(
        slug="seoul",
        kind=OrganisationKind.CITY,
        name_en="Seoul",
        name_ko="서울",
        country="KR",
        region=Region.ASIA,
        website="https://english.seoul.go.kr",
    )


@pytest.fixture
def seoul_digital(seoul) -> Organisation:
    return OrganisationFactory(
        slug="seoul-digital",
        kind=OrganisationKind.GOVERNMENT,
        name_en="Seoul Digital Foundation",
        name_ko="서울디지털재단",
        country="KR",
        region=Region.ASIA,
        parent=seoul,
    )


@pytest.fixture
def undp(db) -> Organisation:
    return OrganisationFactory(
        slug="undp",
        kind=OrganisationKind.INTERNATIONAL,
        name_en="United Nations Development Programme",
        name_ko="유엔개발계획",
        short_name_en="UNDP",
        country="",
        region="",
    )


@pytest.fixture
def organisations(wellington, seoul, seoul_digital, undp) -> list[Organisation]:
    return [seoul, seoul_digital, undp, wellington]


@pytest.fixture
def tory(wellington) -> Person:
    return PersonFactory(
        slug="tory-whanau",
        given_name="Tory",
        family_name="Whanau",
        name_hangul="토리 화나우",
        honorific_en="Hon.",
        honorific_ko="",
        position_en="Mayor of Wellington",
        position_ko="웰링턴 시장",
        organisation=wellington,
        protocol_rank=ProtocolRank.MAYOR,
    )


@pytest.fixture
def oh(seoul) -> Person:
    return PersonFactory(
        slug="oh-se-hoon",
        given_name="Se-hoon",
        family_name="Oh",
        family_name_first=True,
        name_hangul="오세훈",
        honorific_en="",
        honorific_ko="",
        position_en="Mayor of Seoul",
        position_ko="서울특별시장",
        organisation=seoul,
        protocol_rank=ProtocolRank.MAYOR,
    )


@pytest.fixture
def steiner(undp) -> Person:
    return PersonFactory(
        slug="achim-steiner",
        given_name="Achim",
        family_name="Steiner",
        name_hangul="",
        honorific_en="",
        honorific_ko="",
        position_en="Administrator",
        position_ko="총재",
        organisation=undp,
        protocol_rank=ProtocolRank.HEAD_OF_ORGANISATION,
    )


@pytest.fixture
def people(tory, oh, steiner) -> list[Person]:
    return [oh, tory, steiner]


# --- expected representations ---------------------------------------------------------------

WELLINGTON = {
    "slug": "wellington",
    "kind": "city",
    "name": {"ko": "웰링턴", "en": "Wellington"},
    "short_name": {"ko": "", "en": ""},
    "country": "NZ",
    "country_name": {"ko": "뉴질랜드", "en": "New Zealand"},
    "region": "oceania",
    "parent": None,
    "website": "https://wellington.govt.nz",
}
SEOUL = {
    "slug": "seoul",
    "kind": "city",
    "name": {"ko": "서울", "en": "Seoul"},
    "short_name": {"ko": "", "en": ""},
    "country": "KR",
    "country_name": {"ko": "대한민국", "en": "South Korea"},
    "region": "asia",
    "parent": None,
    "website": "https://english.seoul.go.kr",
}
SEOUL_DIGITAL = {
    "slug": "seoul-digital",
    "kind": "government",
    "name": {"ko": "서울디지털재단", "en": "Seoul Digital Foundation"},
    "short_name": {"ko": "", "en": ""},
    "country": "KR",
    "country_name": {"ko": "대한민국", "en": "South Korea"},
    "region": "asia",
    "parent": {"slug": "seoul", "name": {"ko": "서울", "en": "Seoul"}},
    "website": "",
}
UNDP = {
    "slug": "undp",
    "kind": "international",
    "name": {"ko": "유엔개발계획", "en": "United Nations Development Programme"},
    "short_name": {"ko": "", "en": "UNDP"},
    "country": "",
    "country_name": {"ko": "", "en": ""},
    "region": None,
    "parent": None,
    "website": "",
}
TORY = {
    "slug": "tory-whanau",
    "given_name": "Tory",
    "family_name": "Whanau",
    "family_name_first": False,
    "latin_name": "Tory Whanau",
    "name_hangul": "토리 화나우",
    "honorific": {"ko": "", "en": "Hon."},
    "position": {"ko": "웰링턴 시장", "en": "Mayor of Wellington"},
    "organisation": {"slug": "wellington", "name": {"ko": "웰링턴", "en": "Wellington"}},
    "protocol_rank": 30,
}
OH = {
    "slug": "oh-se-hoon",
    "given_name": "Se-hoon",
    "family_name": "Oh",
    "family_name_first": True,
    "latin_name": "Oh Se-hoon",
    "name_hangul": "오세훈",
    "honorific": {"ko": "", "en": ""},
    "position": {"ko": "서울특별시장", "en": "Mayor of Seoul"},
    "organisation": {"slug": "seoul", "name": {"ko": "서울", "en": "Seoul"}},
    "protocol_rank": 30,
}
STEINER = {
    "slug": "achim-steiner",
    "given_name": "Achim",
    "family_name": "Steiner",
    "family_name_first": False,
    "latin_name": "Achim Steiner",
    "name_hangul": "",
    "honorific": {"ko": "", "en": ""},
    "position": {"ko": "총재", "en": "Administrator"},
    "organisation": {
        "slug": "undp",
        "name": {"ko": "유엔개발계획", "en": "United Nations Development Programme"},
    },
    "protocol_rank": 50,
}

NEW_ORGANISATION = {
    "slug": "auckland",
    "kind": "city",
    "name": {"ko": "오클랜드", "en": "Auckland"},
    "short_name": {"ko": "", "en": "AKL"},
    "country": "NZ",
    "region": "oceania",
    "website": "https://aucklandcouncil.govt.nz",
}
NEW_PERSON = {
    "slug": "wayne-brown",
    "given_name": "Wayne",
    "family_name": "Brown",
    "name_hangul": "웨인 브라운",
    "position": {"ko": "오클랜드 시장", "en": "Mayor of Auckland"},
    "organisation": "wellington",
    "protocol_rank": 30,
}


# --- organisations: reads -------------------------------------------------------------------


def test_organisation_list_is_paginated_and_ordered_by_english_name(anonymous_api, organisations):
    response = anonymous_api.get("/organisations")

    assert response.status_code == 200
    assert response.json() == {"items": [SEOUL, SEOUL_DIGITAL, UNDP, WELLINGTON], "count": 4}


def test_organisation_list_honours_limit_and_offset(anonymous_api, organisations):
    response = anonymous_api.get("/organisations?limit=2&offset=1")

    assert response.status_code == 200
    assert response.json() == {"items": [SEOUL_DIGITAL, UNDP], "count": 4}


def test_organisation_list_filters_by_kind(anonymous_api, organisations):
    cities = anonymous_api.get("/organisations?kind=city").json()
    international = anonymous_api.get("/organisations?kind=international").json()

    assert cities == {"items": [SEOUL, WELLINGTON], "count": 2}
    assert international == {"items": [UNDP], "count": 1}


@pytest.mark.parametrize("country", ["KR", "kr"])
def test_organisation_list_filters_by_country_code_in_either_case(
    anonymous_api, organisations, country
):
    response = anonymous_api.get(f"/organisations?country={country}")

    assert response.status_code == 200
    assert response.json() == {"items": [SEOUL, SEOUL_DIGITAL], "count": 2}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param("welling", [WELLINGTON], id="english-name"),
        pytest.param("서울", [SEOUL, SEOUL_DIGITAL], id="korean-name"),
        pytest.param("undp", [UNDP], id="english-short-name"),
        pytest.param("nowhere", [], id="no-match"),
    ],
)
def test_organisation_list_searches_names(anonymous_api, organisations, query, expected):
    response = anonymous_api.get(f"/organisations?q={query}")

    assert response.status_code == 200
    assert response.json() == {"items": expected, "count": len(expected)}


def test_read_organisation_gives_bilingual_name_and_country_name(anonymous_api, wellington):
    response = anonymous_api.get("/organisations/wellington")

    assert response.status_code == 200
    assert response.json() == WELLINGTON


def test_read_organisation_gives_its_parent(anonymous_api, seoul_digital):
    response = anonymous_api.get("/organisations/seoul-digital")

    assert response.status_code == 200
    assert response.json() == SEOUL_DIGITAL


def test_read_organisation_without_country_or_region(anonymous_api, undp):
    response = anonymous_api.get("/organisations/undp")

    assert response.status_code == 200
    assert response.json() == UNDP


def test_read_organisation_is_the_same_in_korean(db, wellington):
    response = ApiClient(language="ko").get("/organisations/wellington")

    assert response.status_code == 200
    assert response.json() == WELLINGTON


def test_read_organisation_with_a_member_token(member_api, wellington):
    response = member_api.get("/organisations/wellington")

    assert response.status_code == 200
    assert response.json() == WELLINGTON


def test_read_unknown_organisation_is_404(anonymous_api, organisations):
    response = anonymous_api.get("/organisations/atlantis")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_reads_with_an_invalid_token_are_refused(invalid_token_api, wellington, tory):
    for path in ["/organisations", "/organisations/wellington", "/people", "/people/tory-whanau"]:
        response = invalid_token_api.get(path)
        assert (path, response.status_code, response.json()) == (path, 401, NOT_AUTHENTICATED)


# --- organisations: writes ------------------------------------------------------------------


@pytest.mark.parametrize(("client", "status", "body"), REFUSED)
def test_create_organisation_is_refused_without_a_permitted_staff_token(
    request, client, status, body
):
    api = request.getfixturevalue(client)

    response = api.post("/organisations", NEW_ORGANISATION)

    assert response.status_code == status
    assert response.json() == body
    assert not Organisation.objects.exists()
    assert not LogEntry.objects.exists()


def test_staff_creates_organisation(staff_api):
    response = staff_api.post("/organisations", NEW_ORGANISATION)

    assert response.status_code == 201
    assert response.json() == {
        "slug": "auckland",
        "kind": "city",
        "name": {"ko": "오클랜드", "en": "Auckland"},
        "short_name": {"ko": "", "en": "AKL"},
        "country": "NZ",
        "country_name": {"ko": "뉴질랜드", "en": "New Zealand"},
        "region": "oceania",
        "parent": None,
        "website": "https://aucklandcouncil.govt.nz",
    }
    created = Organisation.objects.get(slug="auckland")
    assert (
        created.kind,
        created.name_ko,
        created.name_en,
        created.short_name_en,
        created.country.code,
        created.region,
        created.parent,
        created.website,
    ) == (
        "city",
        "오클랜드",
        "Auckland",
        "AKL",
        "NZ",
        "oceania",
        None,
        "https://aucklandcouncil.govt.nz",
    )


def test_staff_creates_organisation_with_a_parent_given_by_slug(staff_api, seoul):
    body = {
        "slug": "seoul-tourism",
        "kind": "government",
        "name": {"ko": "서울관광재단", "en": "Seoul Tourism Organization"},
        "country": "kr",
        "region": "asia",
        "parent": "seoul",
    }

    response = staff_api.post("/organisations", body)

    assert response.status_code == 201
    assert response.json()["parent"] == {"slug": "seoul", "name": {"ko": "서울", "en": "Seoul"}}
    assert response.json()["country"] == "KR"
    assert Organisation.objects.get(slug="seoul-tourism").parent == seoul


def test_staff_creates_organisation_without_a_region(staff_api):
    """The region is optional (OrganisationIn.region defaults to None): no region is stored."""
    body = {"slug": "unesco", "kind": "international", "name": {"ko": "유네스코", "en": "UNESCO"}}

    response = staff_api.post("/organisations", body)

    assert response.status_code == 201
    assert response.json()["region"] is None
    assert Organisation.objects.get(slug="unesco").region == ""


@pytest.mark.parametrize(("client", "status", "body"), REFUSED)
def test_update_organisation_is_refused_without_a_permitted_staff_token(
    request, wellington, client, status, body
):
    api = request.getfixturevalue(client)
    before = row(Organisation, wellington.pk)

    response = api.patch("/organisations/wellington", {"name": {"en": "Te Whanganui-a-Tara"}})

    assert response.status_code == status
    assert response.json() == body
    assert row(Organisation, wellington.pk) == before
    assert not LogEntry.objects.exists()


def test_staff_updates_organisation_one_language_at_a_time(staff_api, wellington):
    before = row(Organisation, wellington.pk)

    response = staff_api.patch(
        "/organisations/wellington", {"name": {"en": "Te Whanganui-a-Tara"}, "website": ""}
    )

    assert response.status_code == 200
    assert response.json() == {
        **WELLINGTON,
        "name": {"ko": "웰링턴", "en": "Te Whanganui-a-Tara"},
        "website": "",
    }
    assert row(Organisation, wellington.pk) == {
        **before,
        "name": "Te Whanganui-a-Tara",
        "name_en": "Te Whanganui-a-Tara",
        "website": "",
    }


def test_staff_clears_an_organisations_region(staff_api, undp):
    """PATCH with "region": null clears it, as the output shows a missing region as null."""
    undp.region = Region.EUROPE
    undp.save()

    response = staff_api.patch("/organisations/undp", {"region": None})

    assert response.status_code == 200
    assert response.json() == UNDP
    undp.refresh_from_db()
    assert undp.region == ""


@pytest.mark.parametrize(("client", "status", "body"), REFUSED)
def test_delete_organisation_is_refused_without_a_permitted_staff_token(
    request, undp, client, status, body
):
    api = request.getfixturevalue(client)
    before = row(Organisation, undp.pk)

    response = api.delete("/organisations/undp")

    assert response.status_code == status
    assert response.json() == body
    assert row(Organisation, undp.pk) == before
    assert not LogEntry.objects.exists()


def test_staff_deletes_organisation(staff_api, undp, wellington):
    response = staff_api.delete("/organisations/undp")

    assert response.status_code == 204
    assert response.content == b""
    assert list(Organisation.objects.values_list("slug", flat=True)) == ["wellington"]


def test_writes_to_an_unknown_organisation_are_404(staff_api, wellington):
    assert staff_api.patch("/organisations/atlantis", {"website": ""}).status_code == 404
    assert staff_api.delete("/organisations/atlantis").status_code == 404
    assert not LogEntry.objects.exists()


# --- organisations: bad input ---------------------------------------------------------------


def test_city_without_country_is_refused(staff_api):
    body = {**NEW_ORGANISATION, "country": ""}

    response = staff_api.post("/organisations", body)

    assert response.status_code == 400
    assert response.json() == {
        "detail": INVALID,
        "errors": {"country": ["A city needs its country."]},
    }
    assert not Organisation.objects.exists()


def test_removing_a_citys_country_is_refused(staff_api, wellington):
    before = row(Organisation, wellington.pk)

    response = staff_api.patch("/organisations/wellington", {"country": ""})

    assert response.status_code == 400
    assert response.json() == {
        "detail": INVALID,
        "errors": {"country": ["A city needs its country."]},
    }
    assert row(Organisation, wellington.pk) == before


def test_unknown_country_code_is_refused(staff_api):
    body = {**NEW_ORGANISATION, "country": "XX"}

    response = staff_api.post("/organisations", body)

    assert response.status_code == 400
    assert response.json() == {
        "detail": INVALID,
        "errors": {"country": ["Value 'XX' is not a valid choice."]},
    }
    assert not Organisation.objects.exists()


def test_organisation_name_missing_in_both_languages_is_refused(staff_api):
    body = {**NEW_ORGANISATION, "name": {"ko": "", "en": ""}}

    response = staff_api.post("/organisations", body)

    assert response.status_code == 400
    assert response.json() == {
        "detail": INVALID,
        "errors": {
            "__all__": ["Fill in the name in Korean, in English, or both."],
        },
    }
    assert not Organisation.objects.exists()


def test_over_long_organisation_name_is_refused(staff_api):
    body = {**NEW_ORGANISATION, "name": {"ko": "오클랜드", "en": "A" * 201}}

    response = staff_api.post("/organisations", body)

    assert response.status_code == 400
    message = "Ensure this value has at most 200 characters (it has 201)."
    assert response.json() == {"detail": INVALID, "errors": {"name_en": [message]}}
    assert not Organisation.objects.exists()


def test_unknown_parent_is_refused(staff_api):
    body = {**NEW_ORGANISATION, "parent": "atlantis"}

    response = staff_api.post("/organisations", body)

    assert response.status_code == 400
    assert response.json() == {"detail": INVALID, "errors": {"parent": ["There is no “atlantis”."]}}
    assert not Organisation.objects.exists()


def test_organisation_cannot_be_its_own_parent(staff_api, wellington):
    before = row(Organisation, wellington.pk)

    response = staff_api.patch("/organisations/wellington", {"parent": "wellington"})

    assert response.status_code == 400
    assert response.json() == {
        "detail": INVALID,
        "errors": {"parent": ["An organisation cannot be its own parent or ancestor."]},
    }
    assert row(Organisation, wellington.pk) == before


def test_organisation_cannot_become_its_parents_parent(staff_api, seoul, seoul_digital):
    before = row(Organisation, seoul.pk)

    response = staff_api.patch("/organisations/seoul", {"parent": "seoul-digital"})

    assert response.status_code == 400
    assert response.json() == {
        "detail": INVALID,
        "errors": {"parent": ["An organisation cannot be its own parent or ancestor."]},
    }
    assert row(Organisation, seoul.pk) == before


def test_duplicate_organisation_slug_is_refused(staff_api, wellington):
    body = {**NEW_ORGANISATION, "slug": "wellington"}

    response = staff_api.post("/organisations", body)

    assert response.status_code == 400
    assert response.json() == {
        "detail": INVALID,
        "errors": {"slug": ["Organisation with this Short identifier already exists."]},
    }
    assert list(Organisation.objects.values_list("name_en", flat=True)) == ["Wellington"]


def test_organisation_people_refer_to_cannot_be_deleted(staff_api, tory, wellington):
    response = staff_api.delete("/organisations/wellington")

    assert response.status_code == 400
    assert response.json() == {
        "detail": INVALID,
        "errors": {
            "__all__": ["“Wellington” cannot be deleted while 1 other record refers to it."]
        },
    }
    assert Organisation.objects.filter(pk=wellington.pk).exists()
    assert not LogEntry.objects.exists()


def test_organisation_a_summit_refers_to_cannot_be_deleted(staff_api, wellington):
    SummitOrganisationFactory(summit=SummitFactory(), organisation=wellington)

    response = staff_api.delete("/organisations/wellington")

    assert response.status_code == 400
    assert response.json() == {
        "detail": INVALID,
        "errors": {
            "__all__": ["“Wellington” cannot be deleted while 1 other record refers to it."]
        },
    }
    assert Organisation.objects.filter(pk=wellington.pk).exists()
    assert not LogEntry.objects.exists()


# --- people: reads (staff see everyone; others: test_people_visibility) ----------


def test_people_list_is_paginated_in_protocol_order(staff_api, people):
    response = staff_api.get("/people")

    assert response.status_code == 200
    assert response.json() == {"items": [OH, TORY, STEINER], "count": 3}


def test_people_list_honours_limit_and_offset(staff_api, people):
    response = staff_api.get("/people?limit=1&offset=2")

    assert response.status_code == 200
    assert response.json() == {"items": [STEINER], "count": 3}


def test_people_list_filters_by_organisation(staff_api, people):
    wellington = staff_api.get("/people?organisation=wellington").json()
    nobody = staff_api.get("/people?organisation=atlantis").json()

    assert wellington == {"items": [TORY], "count": 1}
    assert nobody == {"items": [], "count": 0}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param("stein", [STEINER], id="family-name"),
        pytest.param("se-hoon", [OH], id="given-name"),
        pytest.param("오세", [OH], id="hangul"),
    ],
)
def test_people_list_searches_names_in_either_script(staff_api, people, query, expected):
    response = staff_api.get(f"/people?q={query}")

    assert response.status_code == 200
    assert response.json() == {"items": expected, "count": len(expected)}


def test_read_person_gives_bilingual_fields_and_organisation(staff_api, people):
    assert staff_api.get("/people/tory-whanau").json() == TORY
    assert staff_api.get("/people/oh-se-hoon").json() == OH


def test_read_unknown_person_is_404(staff_api, people):
    response = staff_api.get("/people/nobody")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


# --- people: writes -------------------------------------------------------------------------


@pytest.mark.parametrize(("client", "status", "body"), REFUSED)
def test_create_person_is_refused_without_a_permitted_staff_token(
    request, wellington, client, status, body
):
    api = request.getfixturevalue(client)

    response = api.post("/people", NEW_PERSON)

    assert response.status_code == status
    assert response.json() == body
    assert not Person.objects.exists()
    assert not LogEntry.objects.exists()


def test_staff_creates_person(staff_api, wellington):
    response = staff_api.post("/people", NEW_PERSON)

    assert response.status_code == 201
    assert response.json() == {
        "slug": "wayne-brown",
        "given_name": "Wayne",
        "family_name": "Brown",
        "family_name_first": False,
        "latin_name": "Wayne Brown",
        "name_hangul": "웨인 브라운",
        "honorific": {"ko": "", "en": ""},
        "position": {"ko": "오클랜드 시장", "en": "Mayor of Auckland"},
        "organisation": {"slug": "wellington", "name": {"ko": "웰링턴", "en": "Wellington"}},
        "protocol_rank": 30,
    }
    created = Person.objects.get(slug="wayne-brown")
    assert (
        created.given_name,
        created.family_name,
        created.name_hangul,
        created.position_ko,
        created.position_en,
        created.organisation,
        created.protocol_rank,
    ) == ("Wayne", "Brown", "웨인 브라운", "오클랜드 시장", "Mayor of Auckland", wellington, 30)


@pytest.mark.parametrize(("client", "status", "body"), REFUSED)
def test_update_person_is_refused_without_a_permitted_staff_token(
    request, tory, client, status, body
):
    api = request.getfixturevalue(client)
    before = row(Person, tory.pk)

    response = api.patch("/people/tory-whanau", {"position": {"en": "Former mayor"}})

    assert response.status_code == status
    assert response.json() == body
    assert row(Person, tory.pk) == before
    assert not LogEntry.objects.exists()


def test_staff_updates_person(staff_api, tory, seoul):
    before = row(Person, tory.pk)

    response = staff_api.patch(
        "/people/tory-whanau",
        {
            "position": {"en": "Former mayor"},
            "organisation": "seoul",
            "protocol_rank": ProtocolRank.OTHER,
        },
    )

    assert response.status_code == 200
    assert response.json() == {
        **TORY,
        "position": {"ko": "웰링턴 시장", "en": "Former mayor"},
        "organisation": {"slug": "seoul", "name": {"ko": "서울", "en": "Seoul"}},
        "protocol_rank": 90,
    }
    assert row(Person, tory.pk) == {
        **before,
        "position": "Former mayor",
        "position_en": "Former mayor",
        "organisation_id": seoul.pk,
        "protocol_rank": 90,
    }


@pytest.mark.parametrize(("client", "status", "body"), REFUSED)
def test_delete_person_is_refused_without_a_permitted_staff_token(
    request, tory, client, status, body
):
    api = request.getfixturevalue(client)
    before = row(Person, tory.pk)

    response = api.delete("/people/tory-whanau")

    assert response.status_code == status
    assert response.json() == body
    assert row(Person, tory.pk) == before
    assert not LogEntry.objects.exists()


def test_staff_deletes_person(staff_api, people):
    response = staff_api.delete("/people/tory-whanau")

    assert response.status_code == 204
    assert response.content == b""
    assert sorted(Person.objects.values_list("slug", flat=True)) == ["achim-steiner", "oh-se-hoon"]


# --- people: bad input ----------------------------------------------------------------------


def test_person_without_any_name_is_refused_with_one_message(staff_api):
    response = staff_api.post("/people", {"slug": "nameless", "position": {"en": "Mayor"}})

    assert response.status_code == 400
    assert response.json() == {
        "detail": INVALID,
        "errors": {
            "__all__": ["Give the person's name in Latin script, in Korean script, or both."]
        },
    }
    assert not Person.objects.exists()


def test_person_with_unknown_organisation_is_refused(staff_api):
    response = staff_api.post("/people", {**NEW_PERSON, "organisation": "atlantis"})

    assert response.status_code == 400
    assert response.json() == {
        "detail": INVALID,
        "errors": {"organisation": ["There is no “atlantis”."]},
    }
    assert not Person.objects.exists()


def test_bad_input_message_is_in_the_callers_language(korean_staff_api, staff_api):
    english = staff_api.post("/people", {**NEW_PERSON, "organisation": "atlantis"}).json()
    korean = korean_staff_api.post("/people", {**NEW_PERSON, "organisation": "atlantis"}).json()

    assert list(korean["errors"]) == ["organisation"]
    assert korean["detail"] != english["detail"]
    assert korean["errors"]["organisation"] != english["errors"]["organisation"]
    assert not Person.objects.exists()


# --- audit ----------------------------------------------------------------------------------


def test_creating_an_organisation_is_recorded_for_the_organiser(staff_api):
    staff_api.post("/organisations", NEW_ORGANISATION)

    created = Organisation.objects.get(slug="auckland")
    assert log_entries(Organisation) == [
        {
            "user__username": "organiser",
            "object_id": str(created.pk),
            "action_flag": ADDITION,
            "change_message": json.dumps([{"added": {}}]),
        }
    ]


def test_updating_a_person_records_the_changed_fields(staff_api, tory):
    staff_api.patch(
        "/people/tory-whanau", {"position": {"en": "Former mayor"}, "name_hangul": "토리 화나우"}
    )

    assert log_entries(Person) == [
        {
            "user__username": "organiser",
            "object_id": str(tory.pk),
            "action_flag": CHANGE,
            "change_message": json.dumps([{"changed": {"fields": ["position_en"]}}]),
        }
    ]


def test_deleting_a_person_is_recorded_for_the_organiser(staff_api, tory):
    pk = tory.pk

    staff_api.delete("/people/tory-whanau")

    assert log_entries(Person) == [
        {
            "user__username": "organiser",
            "object_id": str(pk),
            "action_flag": DELETION,
            "change_message": json.dumps([{"deleted": {}}]),
        }
    ]
