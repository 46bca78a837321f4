"""Public pages: the summit home in Korean and English, the language switch, drafts hidden."""

import re

import pytest

from summitry.summits.models import SummitStatus
from tests.factories import (
    OrganisationFactory,
    SessionThemeFactory,
    SummitFactory,
    SummitOrganisationFactory,
    VenueFactory,
)


def text_of(response) -> str:
    """The page's visible text, tags removed and white space folded."""
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def summit(db):
    summit = SummitFactory(
        slug="forum",
        edition=12,
        name_en="Mayors Forum",
        name_ko="시장포럼",
        theme_en="Liveable cities",
        theme_ko="살기 좋은 도시",
    )
    VenueFactory(summit=summit, name_en="Design Plaza", name_ko="디자인플라자", is_main=True)
    SessionThemeFactory(summit=summit, number=1, title_en="Inclusion", title_ko="포용")
    SummitOrganisationFactory(
        summit=summit,
        role="organiser",
        organisation=OrganisationFactory(
            kind="government", country="SG", name_en="Liveable Centre", name_ko="살기좋은센터"
        ),
    )
    SummitOrganisationFactory(
        summit=summit,
        role="host",
        organisation=OrganisationFactory(country="KR", name_en="Seoul", name_ko="서울"),
    )
    SummitOrganisationFactory(
        summit=summit,
        role="participant",
        organisation=OrganisationFactory(country="NZ", name_en="Wellington", name_ko="웰링턴"),
    )
    SummitOrganisationFactory(
        summit=summit,
        role="participant",
        organisation=OrganisationFactory(country="UA", name_en="Kyiv", name_ko=""),
    )
    return summit


def test_the_home_page_speaks_korean_by_default(summit, client):
    response = client.get("/forum/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ko">' in html
    text = text_of(response)
    for expected in (
        "제12회",
        "시장포럼",
        "살기 좋은 도시",
        "2023년 9월 24일",
        "2023년 9월 26일",
        "Asia/Seoul",
        "UTC+09:00",
        "디자인플라자",
        "살기좋은센터",
        "서울",
        "포용",
        "웰링턴 · 뉴질랜드",
        "우크라이나",
    ):
        assert expected in text, expected
    # Kyiv has no Korean name: the English one is shown, marked as such.
    assert '<span lang="en" class="fallback">Kyiv<span class="fallback-tag"' in html


def test_the_home_page_in_english(summit, client):
    client.cookies["django_language"] = "en"
    response = client.get("/forum/")
    text = text_of(response)
    assert '<html lang="en">' in response.content.decode()
    for expected in (
        "Edition 12",
        "Mayors Forum",
        "Liveable cities",
        "24 September 2023",
        "Design Plaza",
        "Organised by",
        "Liveable Centre",
        "Hosted by",
        "Seoul",
        "Inclusion",
        "Wellington · New Zealand",
        "Kyiv · Ukraine",
        "Cities taking part include:",
    ):
        assert expected in text, expected


def test_the_language_switch_remembers_the_choice(summit, client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/forum/"})
    assert response.status_code == 302
    assert response["Location"] == "/forum/"
    assert response.cookies["django_language"].value == "en"
    assert "Mayors Forum" in text_of(client.get("/forum/"))
    client.post("/i18n/setlang/", {"language": "ko", "next": "/forum/"})
    assert "시장포럼" in text_of(client.get("/forum/"))


def test_accept_language_chooses_english_for_a_first_visit(summit, client):
    response = client.get("/forum/", headers={"Accept-Language": "en-GB,en;q=0.8"})
    assert "Mayors Forum" in text_of(response)


def test_drafts_are_hidden_from_the_public_but_not_from_staff(summit, client, organiser):
    summit.status = SummitStatus.DRAFT
    summit.save()
    assert client.get("/forum/").status_code == 404
    assert "시장포럼" not in text_of(client.get("/"))
    client.force_login(organiser)
    assert client.get("/forum/").status_code == 200
    assert "시장포럼" in text_of(client.get("/"))


def test_an_unknown_summit_is_a_404(db, client):
    assert client.get("/no-such-summit/").status_code == 404


def test_the_index_lists_published_summits(summit, client):
    SummitFactory(slug="later", name_ko="다음 정상회의", status=SummitStatus.CONCLUDED)
    text = text_of(client.get("/"))
    assert "시장포럼" in text
    assert "다음 정상회의" in text


def test_pages_have_landmarks_labels_and_a_skip_link(summit, client):
    html = client.get("/forum/").content.decode()
    for fragment in (
        '<a class="skip-link" href="#main">',
        '<main id="main"',
        'aria-labelledby="language-label"',
        'name="viewport"',
        "<h1>시장포럼</h1>",
        'aria-pressed="true">한국어</button>',
    ):
        assert fragment in html, fragment
