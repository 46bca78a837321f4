"""The text rule (core.text): which characters a stored text may hold, on every path in."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from summitry.core.text import problem
from summitry.directory.models import Organisation
from summitry.summits.models import Summit
from tests.factories import SummitFactory, UserFactory


@pytest.mark.parametrize(
    ("value", "multiline", "refused"),
    [
        ("Seoul\x00", True, "U+0000"),
        ("Seoul\x0b", True, "U+000B"),
        ("Seoul\x0c", True, "U+000C"),
        ("\x1b[0m", True, "U+001B"),
        ("del\x7f", True, "U+007F"),
        ("c1\x85", True, "U+0085"),
        ("half\ud800", True, "U+D800"),
        ("non\uffff", True, "U+FFFF"),
        ("two\nlines", False, "U+000A"),
        ("tab\there", False, "U+0009"),
        ("cr\r", False, "U+000D"),
        ("two\r\nlines\tand a tab", True, None),
        ("서울 Seoul — “quoted” \u200b", False, None),
    ],
)
def test_the_rule(value, multiline, refused):
    message = problem(value, multiline=multiline)
    assert (refused in message) if refused else message is None


def test_no_write_path_stores_a_control_character(db):
    """Even a write that skips the services (here the ORM) is refused."""
    with pytest.raises(ValidationError) as refused:
        Organisation.objects.create(slug="x", kind="city", name_en="Nul\x00", country="KR")
    assert "U+0000" in refused.value.message_dict["name_en"][0]
    assert not Organisation.objects.exists()


def test_a_row_stored_before_the_rule_can_still_change_other_fields(db):
    summit = SummitFactory(slug="old")
    Summit.objects.filter(pk=summit.pk).update(name_en="Old\x0b")
    summit.refresh_from_db()
    summit.status = "published"
    summit.save(update_fields=["status"])
    assert Summit.objects.get(pk=summit.pk).status == "published"


def test_the_back_office_refuses_a_control_character_at_the_field(db):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(admin)
    response = client.post(
        "/admin/directory/organisation/add/",
        {"slug": "vt", "kind": "city", "name_en": "Vertical\x0btab", "country": "KR"},
    )
    assert response.status_code == 200
    assert "control character (U+000B)" in response.content.decode()
    assert not Organisation.objects.exists()
