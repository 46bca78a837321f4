"""The back office: organiser staff manage the directory and summits, both languages side by
side; people without rights are kept out."""

import re

import pytest
from django.contrib.admin.models import LogEntry

from summitry.directory.models import Organisation
from tests.factories import OrganisationFactory, SummitFactory, UserFactory


@pytest.fixture
def staff_client(client, organiser):
    client.force_login(organiser)
    return client


def test_the_organiser_signs_in_with_the_demo_password(client, organiser):
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "organiser", "password": "summitry-demo"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_both_language_versions_stand_side_by_side(staff_client):
    html = staff_client.get("/admin/directory/organisation/add/").content.decode()
    # Django's admin puts the fields of one row in one "form-row" with several boxes.
    assert 'class="form-row field-name_ko field-name_en"' in html
    summit_html = staff_client.get(f"/admin/summits/summit/{SummitFactory().pk}/change/")
    assert 'class="form-row field-theme_ko field-theme_en"' in summit_html.content.decode()


def test_the_organiser_adds_an_organisation_in_the_back_office(staff_client, organiser):
    response = staff_client.post(
        "/admin/directory/organisation/add/",
        {
            "slug": "wellington",
            "kind": "city",
            "name_ko": "웰링턴",
            "name_en": "Wellington",
            "short_name_ko": "",
            "short_name_en": "",
            "country": "NZ",
            "region": "oceania",
            "parent": "",
            "website": "",
        },
    )
    assert response.status_code == 302
    created = Organisation.objects.get(slug="wellington")
    assert (created.name_ko, created.name_en, created.country.code) == (
        "웰링턴",
        "Wellington",
        "NZ",
    )
    assert LogEntry.objects.filter(user=organiser, object_id=str(created.pk)).exists()


def test_bad_input_in_the_back_office_changes_nothing(staff_client):
    response = staff_client.post(
        "/admin/directory/organisation/add/",
        {
            "slug": "atlantis",
            "kind": "city",
            "name_ko": "",
            "name_en": "Atlantis",
            "short_name_ko": "",
            "short_name_en": "",
            "country": "",
            "region": "",
            "parent": "",
            "website": "",
        },
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 200
    assert "A city needs its country." in response.content.decode()
    assert not Organisation.objects.filter(slug="atlantis").exists()


def test_the_back_office_speaks_korean(staff_client):
    staff_client.cookies["django_language"] = "ko"
    html = staff_client.get("/admin/").content.decode()
    assert "디렉터리" in html
    assert "정상회의" in html


def test_people_without_staff_rights_are_kept_out(client, db):
    client.force_login(UserFactory(username="visitor"))
    response = client.get("/admin/directory/organisation/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_staff_without_permissions_cannot_change_the_directory(client, db):
    client.force_login(UserFactory(username="intern", is_staff=True))
    OrganisationFactory(slug="kept")
    assert client.get("/admin/directory/organisation/").status_code == 403


def test_either_language_is_enough_and_neither_is_refused(staff_client):
    form = {
        "slug": "odense",
        "kind": "city",
        "name_ko": "",
        "name_en": "Odense",
        "short_name_ko": "",
        "short_name_en": "",
        "country": "DK",
        "region": "europe",
        "parent": "",
        "website": "",
    }
    assert staff_client.post("/admin/directory/organisation/add/", form).status_code == 302
    assert Organisation.objects.get(slug="odense").name_ko in ("", None)
    response = staff_client.post(
        "/admin/directory/organisation/add/",
        {**form, "slug": "nameless", "name_en": ""},
        headers={"Accept-Language": "en"},
    )
    assert "Fill in the name in Korean, in English, or both." in response.content.decode()
    assert not Organisation.objects.filter(slug="nameless").exists()


def test_staff_issue_tokens_only_for_themselves(staff_client, organiser):
    from summitry.core.models import ApiToken
    from summitry.core.tokens import issue_token, user_for_token

    other = UserFactory(username="root", is_staff=True, is_superuser=True)
    issue_token(user=other, name="root's")
    response = staff_client.post(
        "/admin/core/apitoken/add/", {"name": "sync", "user": other.pk}, follow=True
    )
    token = ApiToken.objects.get(name="sync")
    assert token.user == organiser
    shown = " ".join(str(m) for m in response.context["messages"])
    secret = re.search(r"[A-Za-z0-9_-]{40,}", shown).group()
    assert user_for_token(secret) == organiser
    listing = staff_client.get("/admin/core/apitoken/").content.decode()
    assert "sync" in listing
    assert "root&#x27;s" not in listing and "root's" not in listing
