"""Large staff exports in the background (core.exports): over the threshold the export link
starts a run, its page follows it, and only whoever asked downloads the file; a task delivered
twice (or an attempt after a worker died) leaves one file; files expire and are deleted."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from summitry.core import exports, runs, tasks
from summitry.core.models import Run
from summitry.core.tokens import issue_token
from summitry.delegations import exchange, services
from summitry.demo.loader import ensure_team
from tests.conftest import ApiClient
from tests.factories import SummitFactory, UserFactory

from .conftest import member_data


@pytest.fixture(autouse=True)
def no_files_of_other_tests():
    """The test storage lives as long as the process: start without other tests' exports."""
    if default_storage.exists("exports"):
        for folder in default_storage.listdir("exports")[0]:
            for name in default_storage.listdir(f"exports/{folder}")[1]:
                default_storage.delete(f"exports/{folder}/{name}")


@pytest.fixture
def large(settings):
    """Every export is "large": over the rows answered at once."""
    settings.SUMMITRY_EXPORT_INLINE_ROWS = 0


@pytest.fixture
def members(delegation, contact):
    return [
        services.add_member(
            actor=contact, delegation=delegation, data=member_data(given_name=f"Tory{n}")
        )
        for n in range(3)
    ]


def client_for(user, language="en") -> Client:
    client = Client()
    client.cookies["django_language"] = language
    client.force_login(user)
    return client


def files_of(run) -> list[str]:
    folder = f"exports/summit-{run.summit_id}"
    if not default_storage.exists(folder):
        return []
    return [name for name in default_storage.listdir(folder)[1] if f"run-{run.pk}." in name]


def colleague(summit, codes=("delegations",)):
    user = UserFactory(username=f"colleague-{len(codes)}")
    ensure_team(summit, name_ko="등록", name_en="Registration", codes=set(codes), members=[user])
    return user


def test_a_small_export_is_answered_at_once(members, organiser):
    response = client_for(organiser).get("/forum/manage/delegations/export.csv")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="forum-delegations.csv"'
    assert not Run.objects.filter(kind__startswith=exports.PREFIX).exists()


def test_a_large_export_runs_in_the_background_and_its_asker_downloads_it(
    large, members, organiser
):
    client = client_for(organiser)
    started = client.get("/forum/manage/delegations/export.xlsx")
    assert started.status_code == 302
    run = Run.objects.get(kind="export:delegations.workbook")
    assert started["Location"] == f"/forum/manage/exports/{run.pk}/"
    page = client.get(started["Location"]).content.decode()
    assert "This export is large: it is being written in the background." in page
    assert "4 rows" in page  # one delegation and three people
    assert f"/forum/manage/exports/{run.pk}/file/" in page
    download = client.get(f"/forum/manage/exports/{run.pk}/file/")
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="forum-delegations.xlsx"'
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert book.sheetnames == ["delegations", "people"]
    assert len(list(book["people"].values)) == 4
    listing = client.get("/forum/manage/exports/").content.decode()
    assert "Delegations and their people" in listing and "forum-delegations.xlsx" in listing


def test_only_whoever_asked_sees_and_downloads_an_export(large, members, organiser, contact):
    run = exports.start(actor=organiser, summit=members[0].summit, name=exchange.WORKBOOK_EXPORT)
    pages = (f"/forum/manage/exports/{run.pk}/", f"/forum/manage/exports/{run.pk}/file/")
    summit = members[0].summit
    same_team = colleague(summit)
    no_permission = colleague(summit, codes=())
    elsewhere = UserFactory(username="elsewhere")
    ensure_team(
        SummitFactory(slug="other", organisers=False),
        name_ko="조직위",
        name_en="Organisers",
        codes={"delegations"},
        members=[elsewhere],
    )
    for user in (same_team, no_permission, elsewhere, contact):
        for page in pages:
            assert client_for(user).get(page).status_code == 404, (user, page)
        assert "forum-delegations.xlsx" not in client_for(user).get(
            "/forum/manage/exports/"
        ).content.decode(errors="replace")
    assert Client().get(pages[1]).status_code == 302  # to sign in
    assert client_for(organiser).get(pages[1]).status_code == 200


def test_an_asker_who_lost_the_permission_no_longer_downloads(large, members, organiser):
    summit = members[0].summit
    user = colleague(summit)
    run = exports.start(actor=user, summit=summit, name=exchange.PEOPLE_EXPORT)
    assert client_for(user).get(f"/forum/manage/exports/{run.pk}/file/").status_code == 200
    team = user.summit_teams.get(summit=summit)
    team.permissions = []
    team.save()
    from summitry.summits.permissions import forget

    forget(user)
    assert client_for(user).get(f"/forum/manage/exports/{run.pk}/file/").status_code == 403


def test_a_run_whose_asker_lost_the_permission_fails_with_the_reason(members, organiser):
    summit = members[0].summit
    stranger = UserFactory(username="someone")
    run = Run.objects.create(
        summit=summit,
        kind="export:delegations.people",
        subject="x",
        requested_by=stranger,
        progress={"language": "en"},
    )
    assert tasks.export(run.pk) == "failed"
    run.refresh_from_db()
    assert run.errors == ["Your teams at this summit may not make this export."]
    assert files_of(run) == []


def test_a_task_delivered_twice_or_after_a_dead_attempt_leaves_one_file(members, organiser):
    summit = members[0].summit
    run = Run.objects.create(
        summit=summit,
        kind="export:delegations.people",
        subject="twice",
        requested_by=organiser,
        progress={"language": "en", "params": {}},
        status="running",
        attempts=1,
    )
    # What a worker killed after writing, before committing, left behind.
    default_storage.save(exports.path_of(run, "csv"), ContentFile(b"half a file"))
    assert tasks.export(run.pk) == "done"
    assert tasks.export(run.pk) == "already finished"
    run.refresh_from_db()
    assert (run.status, run.attempts, run.result["rows"]) == ("done", 2, 3)
    assert files_of(run) == [f"run-{run.pk}.csv"]
    with default_storage.open(run.result["path"]) as handle:
        rows = list(csv.reader(io.StringIO(handle.read().decode("utf-8-sig"))))
    assert rows[0] == exchange.PEOPLE_COLUMNS and len(rows) == 4


def test_a_second_click_while_it_is_under_way_gets_the_same_run(members, organiser):
    summit = members[0].summit
    first = exports.start(actor=organiser, summit=summit, name=exchange.PEOPLE_EXPORT)
    Run.objects.filter(pk=first.pk).update(status="queued", finished_at=None)
    again = exports.start(actor=organiser, summit=summit, name=exchange.PEOPLE_EXPORT)
    other = exports.start(
        actor=organiser,
        summit=summit,
        name=exchange.PEOPLE_EXPORT,
        params={"members": [members[0].pk]},
    )
    assert again.pk == first.pk and other.pk != first.pk


def test_the_export_page_shows_rows_written_while_it_runs(members, organiser):
    summit = members[0].summit
    run = Run.objects.create(
        summit=summit,
        kind="export:delegations.people",
        subject="running",
        requested_by=organiser,
        status="running",
        progress={"language": "en"},
    )
    report = runs.Reporter(run)
    report(stage="writing", done=1200, total=20000)
    report.flush()
    html = client_for(organiser).get(f"/forum/manage/exports/{run.pk}/").content.decode()
    assert "Written 1200 of 20000 rows." in html
    assert 'hx-get="' in html
    korean = client_for(organiser, "ko").get(f"/forum/manage/exports/{run.pk}/").content.decode()
    assert "20000행 중 1200행을 썼습니다." in korean


def test_expired_files_are_deleted_and_the_download_is_gone(large, members, organiser):
    summit = members[0].summit
    run = exports.start(actor=organiser, summit=summit, name=exchange.PEOPLE_EXPORT)
    run.refresh_from_db()
    assert files_of(run) and exports.remove_expired() == 0
    later = timezone.now() + datetime.timedelta(hours=25)
    assert exports.remove_expired(later) == 1
    assert exports.remove_expired(later) == 0
    assert files_of(run) == []
    client = client_for(organiser)
    gone = client.get(f"/forum/manage/exports/{run.pk}/file/")
    assert gone.status_code == 410
    assert "This file has expired and was deleted" in gone.content.decode()
    api = ApiClient(issue_token(user=organiser, name="t")[1])
    body = api.get(f"/summits/forum/exports/runs/{run.pk}").json()
    assert body["result"]["download_url"] is None
    assert api.get(f"/summits/forum/exports/runs/{run.pk}/file").status_code == 410


def test_the_selection_and_the_ticked_members_go_through_the_same_exports(
    large, members, organiser, delegation
):
    client = client_for(organiser)
    ticked = client.post(
        "/forum/manage/members/", {"member": [members[0].pk, members[1].pk]}, follow=True
    )
    run = Run.objects.get(kind="export:delegations.people")
    assert run.progress["params"] == {"members": sorted([members[0].pk, members[1].pk])}
    assert "2 rows" in ticked.content.decode()
    chosen = client.post(
        "/forum/manage/delegations/bulk/",
        {"delegation": [delegation.pk], "action": "export"},
        follow=True,
    )
    assert "forum-selection.xlsx" in chosen.content.decode()


def test_exports_through_the_api(large, members, organiser, member_api):
    staff = ApiClient(issue_token(user=organiser, name="t")[1])
    assert [e["name"] for e in staff.get("/summits/forum/exports").json()][:2] == [
        "awards.applications",
        "delegations.people",
    ]
    started = staff.post("/summits/forum/exports", {"export": "delegations.people"})
    assert started.status_code == 202
    body = started.json()
    assert (body["export"], body["status"], body["result"]["rows"]) == (
        "delegations.people",
        "done",
        3,
    )
    followed = staff.get(f"/summits/forum/exports/runs/{body['id']}").json()
    url = followed["result"]["download_url"]
    assert url == f"http://testserver/api/v1/summits/forum/exports/runs/{body['id']}/file"
    file = staff.client.get(url, headers=staff.headers)
    assert file.status_code == 200
    assert b"".join(file.streaming_content).decode("utf-8-sig").count("\n") == 4
    # The old addresses answer a large export with its run, too.
    legacy = staff.get("/summits/forum/exports/people.csv")
    assert legacy.status_code == 202 and legacy.json()["export"] == "delegations.people"
    # Refusals, in the reader's language, nothing started.
    before = Run.objects.count()
    unknown = staff.post("/summits/forum/exports", {"export": "nothing"})
    assert unknown.status_code == 400
    assert unknown.json()["errors"] == {"export": ["There is no such export."]}
    bad = staff.post(
        "/summits/forum/exports", {"export": "delegations.people", "params": {"members": "all"}}
    )
    assert bad.status_code == 400 and bad.json()["errors"] == {
        "members": ["Give a list of numbers."]
    }
    assert Run.objects.count() == before
    assert (
        member_api.post("/summits/forum/exports", {"export": "delegations.people"}).status_code
        == 404
    )
    assert member_api.get(f"/summits/forum/exports/runs/{body['id']}").status_code == 404
    assert member_api.get(f"/summits/forum/exports/runs/{body['id']}/file").status_code == 404


def test_a_team_member_without_the_permission_may_not_start_it(members, organiser):
    summit = members[0].summit
    user = colleague(summit, codes=("outbox",))
    api = ApiClient(issue_token(user=user, name="t")[1])
    assert api.get("/summits/forum/exports").json() == []
    refused = api.post("/summits/forum/exports", {"export": "delegations.people"})
    assert refused.status_code == 403
    page = client_for(user).post("/forum/manage/exports/start/", {"export": "delegations.people"})
    assert page.status_code == 403
    assert not Run.objects.filter(kind__startswith=exports.PREFIX).exists()
