"""Bad input that used to reach a server error: each is a 4xx with a message, nothing saved."""

from __future__ import annotations

import datetime
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from summitry.awards import services
from summitry.awards.models import Application, Question
from summitry.core.tokens import issue_token
from summitry.delegations.models import CountSnapshot, Delegate
from summitry.directory.models import Organisation
from summitry.programme.models import ProgrammeItem
from summitry.summits.models import Summit
from tests.conftest import ApiClient
from tests.factories import SessionThemeFactory, SummitFactory, UserFactory
from tests.judging.support import make_award, make_categories

from .world import build

CSV = "slug,kind,name_en,name_ko,country\nkyiv,city,Kyiv,키이우,UA\n".encode()
HUGE = "99999999999999999999"  # beyond 64 bits
ITEM = {
    "kind": "keynote",
    "block": "morning",
    "title": {"en": "Keynote"},
    "starts_at": "2023-09-25T10:00:00+09:00",
    "ends_at": "2023-09-25T11:00:00+09:00",
}


@pytest.fixture
def summit(db):
    summit = SummitFactory(slug="forum", time_zone="Asia/Seoul")
    SessionThemeFactory(summit=summit, number=1)
    return summit


def english() -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    return client


def raw_post(api: ApiClient, path: str, body: bytes):
    return api.client.post(
        f"/api/v1{path}", data=body, content_type="application/json", headers=api.headers
    )


@pytest.mark.parametrize("path", ["/summits", "/people", "/organisations"])
@pytest.mark.parametrize("parameter", ["limit", "offset"])
def test_a_page_beyond_64_bits_is_refused(anonymous_api, path, parameter):
    response = anonymous_api.get(f"{path}?{parameter}={HUGE}")
    assert response.status_code == 422
    assert list(response.json()["errors"]) == [parameter]


def test_the_largest_offset_is_an_empty_page(anonymous_api, summit):
    response = anonymous_api.get(f"/summits?offset={2**63 - 1}")
    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 1}


def test_a_theme_beyond_64_bits_on_the_programme_page(summit):
    response = english().get(f"/forum/programme/?theme={HUGE}")
    assert response.status_code == 400
    assert "There is no such theme" in response.content.decode()


def test_a_lone_surrogate_in_json_is_refused(staff_api):
    body = b'{"slug": "s", "edition": 1, "name": {"en": "Half \\ud800"}, '
    body += b'"start_date": "2024-09-24", "end_date": "2024-09-26"}'
    response = raw_post(staff_api, "/summits", body)
    assert response.status_code == 422
    assert "U+D800" in response.json()["errors"]["name.en"][0]
    assert not Summit.objects.exists()


def test_a_nul_in_a_query_is_refused_before_any_lookup(anonymous_api):
    # PostgreSQL cannot compare a text holding NUL: this used to be a server error there.
    response = anonymous_api.get("/people?q=a%00b")
    assert response.status_code == 422
    assert "U+0000" in response.json()["errors"]["q"][0]


def test_a_nul_in_the_path_is_refused(anonymous_api):
    response = anonymous_api.get("/summits/for%00um")
    assert response.status_code == 422


@pytest.mark.parametrize(
    "moment", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:00:00-05:00", "9999-12-31T10:00"]
)
def test_a_programme_item_at_the_edges_of_time_is_refused(staff_api, summit, moment):
    response = staff_api.post("/summits/forum/programme", {**ITEM, "starts_at": moment})
    assert response.status_code == 422
    assert response.json()["errors"]["starts_at"] == ["Enter a date from 1900-01-01 to 2999-12-31."]
    assert not ProgrammeItem.objects.exists()


def test_a_time_without_an_offset_is_in_the_summits_zone(staff_api, summit):
    body = {**ITEM, "starts_at": "2023-09-25T10:00:00", "ends_at": "2023-09-25T11:00:00"}
    response = staff_api.post("/summits/forum/programme", body)
    assert response.status_code == 201, response.json()
    assert response.json()["starts_at"] == "2023-09-25T01:00:00Z"


def test_an_unknown_theme_is_refused_not_stored_as_none(staff_api, summit):
    response = staff_api.post("/summits/forum/programme", {**ITEM, "theme": 7})
    assert response.status_code == 400
    assert response.json()["errors"] == {"theme": ["This summit has no theme number 7."]}
    assert not ProgrammeItem.objects.exists()


@pytest.mark.parametrize("as_of", ["9999-12-31", "0001-01-01"])
def test_counts_as_of_the_end_of_time(staff_api, summit, organiser, as_of):
    api_counts = staff_api.get(f"/summits/forum/counts?as_of={as_of}")
    assert api_counts.status_code == 422
    assert api_counts.json()["errors"]["as_of"] == ["Enter a date from 1900-01-01 to 2999-12-31."]
    snapshot = staff_api.post("/summits/forum/counts/snapshots", {"as_of": as_of})
    assert snapshot.status_code == 422
    assert not CountSnapshot.objects.exists()
    client = english()
    client.force_login(organiser)
    page = client.get(f"/forum/manage/counts/?as_of={as_of}")
    assert page.status_code == 400
    assert page.content.decode() == "Enter a date from 1900-01-01 to 2999-12-31."


def test_a_body_over_the_upload_limit_is_413(staff_api, summit, settings):
    settings.SUMMITRY_MAX_REQUEST_BYTES = 1024 * 1024
    response = staff_api.client.post(
        "/api/v1/summits/forum/imports/contacts",
        {"file": SimpleUploadedFile("big.csv", CSV + b"\n" * 1024 * 1024)},
        headers=staff_api.headers,
    )
    assert response.status_code == 413
    assert not Organisation.objects.filter(slug="kyiv").exists()
    assert response.json() == {"detail": "The request is larger than 1 MB."}


def _png_header(width: int, height: int) -> bytes:
    """A PNG that claims to be width × height: the header of a decompression bomb."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    "size", [(20_000, 20_000), (10_000, 9_000), (8_000, 6_000)], ids=["error", "warning", "ours"]
)
def test_a_decompression_bomb_is_refused_as_a_badge_photo(db, size):
    world = build()
    api = ApiClient(issue_token(user=world.staff, name="t")[1])
    path = world.path
    url = (
        f"/api/v1/summits/{path['slug']}/delegations/{path['delegation_id']}"
        f"/members/{path['member_id']}/photo"
    )
    photo = SimpleUploadedFile("bomb.png", _png_header(*size), "image/png")
    response = api.client.post(url, {"photo": photo}, headers=api.headers)
    assert response.status_code == 400
    assert response.json()["errors"]["badge_photo"] == [
        "This image has too many pixels (at most 40 million)."
    ]
    assert not Delegate.objects.get(pk=path["member_id"]).badge_photo


def test_a_decompression_bomb_is_refused_as_an_award_file(db):
    award = make_award()
    award.closes_at = award.opens_at + datetime.timedelta(days=1000)
    award.save()
    category = make_categories(award)[0]
    question = Question.objects.create(
        award=award, kind="file", label_en="Map", label_ko="지도", file_types="png"
    )
    applicant = UserFactory(username="bomber")
    application = services.start_application(
        actor=applicant,
        award=award,
        category=category,
        data={
            "applicant_kind": "city",
            "applicant_name": "B",
            "country": "KR",
            "title": {"en": "T"},
            "language": "en",
        },
    )
    api = ApiClient(issue_token(user=applicant, name="t")[1])
    response = api.client.post(
        f"/api/v1/summits/{award.summit.slug}/awards/{award.slug}/applications/"
        f"{application.pk}/files/{question.pk}",
        {"file": SimpleUploadedFile("map.png", _png_header(20_000, 20_000), "image/png")},
        headers=api.headers,
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        f"q{question.pk}": ["This image has too many pixels (at most 40 million)."]
    }
    assert not Application.objects.get(pk=application.pk).answers.exists()
