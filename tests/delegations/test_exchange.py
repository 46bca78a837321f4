"""Export (CSV, XLSX) and all-or-nothing import with a report by row and column."""

import csv
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from openpyxl import load_workbook

from summitry.core.models import Run
from summitry.core.tokens import issue_token
from summitry.delegations import exchange, services
from summitry.delegations.models import Invitation
from summitry.directory.models import Organisation
from tests.conftest import ApiClient

from .conftest import member_data

HEADER = "slug,kind,name_en,name_ko,country,region,contact_name,contact_email,language\n"
GOOD = (
    HEADER
    + "kyiv,city,Kyiv,키이우,UA,europe,Olena K,olena@kyiv.example,en\n"
    + "dublin,city,Dublin,더블린,IE,europe,Sean D,sean@dublin.example,en\n"
)


def test_people_export_has_one_row_per_member_in_the_summits_time(delegation, contact):
    services.add_member(actor=contact, delegation=delegation, data=member_data(role="head"))
    rows = list(csv.reader(io.StringIO(exchange.people_csv(delegation.summit).decode("utf-8-sig"))))
    assert rows[0] == exchange.PEOPLE_COLUMNS
    record = dict(zip(rows[0], rows[1], strict=True))
    assert (
        record["organisation"],
        record["organisation_ko"],
        record["given_name"],
        record["name_hangul"],
        record["arrival"],
        record["departure"],
    ) == ("Wellington", "웰링턴", "Tory", "토리 화나우", "2023-09-23 23:30", "2023-09-27 10:00")


def test_the_workbook_has_delegations_and_people(delegation, contact):
    services.add_member(actor=contact, delegation=delegation, data=member_data())
    book = load_workbook(io.BytesIO(exchange.workbook(delegation.summit)))
    assert book.sheetnames == ["delegations", "people"]
    delegations = list(book["delegations"].values)
    assert delegations[0] == tuple(exchange.DELEGATION_COLUMNS)
    assert delegations[1][:5] == ("Wellington", "웰링턴", "city", "NZ", "registered")
    assert delegations[1][7] == "1"
    assert len(list(book["people"].values)) == 2


def test_a_clean_import_creates_organisations_and_invites_their_contacts(summit, organiser):
    result = exchange.import_contacts(
        actor=organiser, summit=summit, data=GOOD.encode(), invite=True
    )
    assert result.problems == []
    assert (result.organisations_created, result.invitations_sent) == (2, 2)
    assert sorted(Organisation.objects.values_list("slug", flat=True)) == [
        "dublin",
        "kyiv",
        "seoul",
    ]
    assert sorted(m.to[0] for m in mail.outbox) == ["olena@kyiv.example", "sean@dublin.example"]


def test_one_bad_row_imports_nothing_and_the_report_names_row_and_column(summit, organiser):
    bad = (
        GOOD
        + "atlantis,city,Atlantis,아틀란티스,XX,,A,not-an-email,fr\n"
        + "kyiv,city,K,K,UA,,B,b@x.org,en\n"
    )
    result = exchange.import_contacts(
        actor=organiser, summit=summit, data=bad.encode(), invite=True
    )
    assert [(p.row, p.column, p.message) for p in result.problems] == [
        (4, "contact_email", "Enter a valid e-mail address."),
        (4, "language", "Write ko or en."),
        (4, "country", "Value 'XX' is not a valid choice."),
        (5, "slug", "“kyiv” is already in row 2."),
    ]
    assert list(Organisation.objects.values_list("slug", flat=True)) == ["seoul"]
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_the_report_speaks_korean_to_a_korean_reader(summit, organiser):
    with translation.override("ko"):
        result = exchange.import_contacts(
            actor=organiser, summit=summit, data=b"slug,kind\nx,city\n", invite=False
        )
        assert [(p.row, p.column, p.message) for p in result.problems] == [
            (1, "name_en", "이 열이 없습니다."),
            (1, "name_ko", "이 열이 없습니다."),
        ]


def test_a_file_that_is_not_utf8_is_refused(summit, organiser):
    result = exchange.import_contacts(
        actor=organiser, summit=summit, data="slug,kind\n서울,city\n".encode("cp949"), invite=False
    )
    assert [(p.row, p.message) for p in result.problems] == [
        (1, "The file is not UTF-8 text (save it as CSV UTF-8).")
    ]


def test_import_and_export_pages(summit, organiser):
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(organiser)
    shapeless = client.post(
        "/forum/manage/delegations/import/",
        {"file": SimpleUploadedFile("c.csv", b"slug,kind\nkyiv,city\n"), "invite": "on"},
    )
    assert shapeless.status_code == 400
    assert "This column is missing." in shapeless.content.decode()
    assert not Run.objects.exists()
    bad = client.post(
        "/forum/manage/delegations/import/",
        {
            "file": SimpleUploadedFile("c.csv", (GOOD + "x,planet,X,X,,,A,a@b.org,en\n").encode()),
            "invite": "on",
        },
    )
    assert bad.status_code == 302
    assert "/forum/manage/delegations/import/runs/" in bad["Location"]
    report = client.get(bad["Location"])
    assert "1 problem; nothing was imported." in report.content.decode()
    assert not Organisation.objects.filter(slug="kyiv").exists()
    good = client.post(
        "/forum/manage/delegations/import/",
        {"file": SimpleUploadedFile("c.csv", GOOD.encode()), "invite": "on"},
        follow=True,
    )
    assert "Imported: 2 new and 0 updated organisations, 2 invitations sent." in (
        good.content.decode()
    )
    xlsx = client.get("/forum/manage/delegations/export.xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert load_workbook(io.BytesIO(xlsx.content)).sheetnames == ["delegations", "people"]


def test_only_staff_export_or_import(delegation, contact):
    client = Client()
    client.force_login(contact)
    assert client.get("/forum/manage/delegations/export.csv").status_code == 404
    assert (
        client.post(
            "/forum/manage/delegations/import/",
            {"file": SimpleUploadedFile("c.csv", GOOD.encode())},
        ).status_code
        == 404
    )
    assert not Organisation.objects.filter(slug="kyiv").exists()


def test_import_and_export_through_the_api(staff_api, summit, member_api):
    client = staff_api.client
    response = client.post(
        "/api/v1/summits/forum/imports/contacts",
        {"file": SimpleUploadedFile("c.csv", GOOD.encode()), "invite": "true"},
        headers=staff_api.headers,
    )
    assert response.status_code == 202
    run = staff_api.get(f"/summits/forum/imports/contacts/runs/{response.json()['id']}").json()
    assert (run["status"], run["progress"]["done"], run["progress"]["total"]) == ("done", 2, 2)
    assert run["result"] == {
        "organisations_created": 2,
        "organisations_updated": 0,
        "invitations_sent": 2,
    }
    assert member_api.get(f"/summits/forum/imports/contacts/runs/{run['id']}").status_code == 403
    again = client.post(
        "/api/v1/summits/forum/imports/contacts",
        {"file": SimpleUploadedFile("c.csv", GOOD.encode()), "invite": "true"},
        headers=staff_api.headers,
    )
    assert again.status_code == 202
    assert again.json()["result"] is None
    assert again.json()["problems"][0] == {
        "row": 2,
        "column": "slug",
        "message": "This organisation is already invited to this summit.",
    }
    assert staff_api.get("/summits/forum/exports/people.csv").status_code == 200
    assert member_api.get("/summits/forum/exports/people.csv").status_code == 403


@pytest.fixture
def member(delegation, contact):
    return services.add_member(
        actor=contact,
        delegation=delegation,
        data=member_data(email="tory@example.org", hotel="Lotte"),
    )


def test_erasure_through_the_api_keeps_the_counts(staff_api, member, delegation, contact):
    contact_api = ApiClient(issue_token(user=contact, name="t")[1])
    path = f"/summits/forum/delegations/{delegation.pk}/members/{member.pk}/erase"
    assert contact_api.post(path, {}).status_code == 403
    response = staff_api.post(path, {})
    assert response.status_code == 200
    body = response.json()
    assert (body["email"], body["hotel"], body["person"]["latin_name"], body["place"]) == (
        "",
        "",
        "",
        "registered",
    )


def test_an_import_task_delivered_twice_imports_once(summit, organiser):
    from summitry.delegations import imports, tasks

    run = imports.start(actor=organiser, summit=summit, data=GOOD.encode(), invite=True)
    run.refresh_from_db()
    assert run.status == "done"
    assert tasks.import_contacts(run.pk) == "already finished"
    assert Invitation.objects.filter(summit=summit).count() == 2
    assert len(mail.outbox) == 2


def test_the_same_file_while_its_import_is_under_way_gets_that_run(summit, organiser):
    from summitry.core import runs
    from summitry.delegations import imports

    first = imports.start(actor=organiser, summit=summit, data=GOOD.encode(), invite=False)
    Run.objects.filter(pk=first.pk).update(status="queued", finished_at=None)
    again = imports.start(actor=organiser, summit=summit, data=GOOD.encode(), invite=False)
    assert again.pk == first.pk
    assert runs.latest(kind=imports.IMPORT_RUN, subject=first.subject).pk == first.pk


def test_the_import_page_shows_rows_done_while_its_run_is_under_way(summit, organiser):
    from summitry.core import live, runs
    from summitry.delegations import imports

    run = Run.objects.create(
        summit=summit,
        kind=imports.IMPORT_RUN,
        subject="summit:x:plain:y",
        status="running",
        requested_by=organiser,
        progress={"language": "en"},
    )
    report = runs.Reporter(run)
    report(stage="checking", done=120, total=200)
    report.flush()
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(organiser)
    page = client.get(f"/forum/manage/delegations/import/runs/{run.pk}/")
    html = page.content.decode()
    assert "Checked 120 of 200 rows." in html
    assert "hx-get=" in html
    unchanged = client.get(
        f"/forum/manage/delegations/import/runs/{run.pk}/?v={live.version(runs.topic(run))}",
        headers={"HX-Request": "true"},
    )
    assert unchanged.status_code == 204
