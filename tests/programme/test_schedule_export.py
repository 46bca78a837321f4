"""The c3voc schedule exports: valid against the published JSON schema and XSD, and right."""

import datetime
import json
import uuid
import xml.etree.ElementTree as ET  # noqa: S405 - parses our own export
from zoneinfo import ZoneInfo

import pytest
import xmlschema
from django.contrib.auth.models import AnonymousUser
from jsonschema import Draft6Validator, FormatChecker

from summitry.programme import queries, releases
from summitry.programme.schedule_export import (
    NAMESPACE,
    SCHEMAS,
    schedule_json,
    schedule_xml,
)
from summitry.programme.services import save_item
from tests.factories import SummitFactory

from .conftest import at, item

BASE = "https://summitry.example"
JSON_SCHEMA = json.loads((SCHEMAS / "schedule.schema.json").read_text())


def json_errors(data: dict) -> list[str]:
    # The schema declares draft-06; FormatChecker() also checks the "date" and "uuid" formats,
    # which draft-06's own checker leaves out.
    assert JSON_SCHEMA["$schema"] == "http://json-schema.org/draft-06/schema#"
    validator = Draft6Validator(JSON_SCHEMA, format_checker=FormatChecker())
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]


@pytest.fixture(scope="module")
def xsd():
    return xmlschema.XMLSchema(str(SCHEMAS / "schedule.xml.xsd"))


def xml_errors(xsd, document: bytes) -> list[str]:
    return [str(error.reason) for error in xsd.iter_errors(document.decode())]


@pytest.fixture
def programme(summit, hall, theme, whanau, bilbao, organiser):
    """A forum in a hall with a keynote by a speaker, a site visit off-site, a reception
    with neither room nor place, and a breakfast for invited delegations only; published."""
    forum = save_item(actor=organiser, item=item(summit, room=hall, theme=theme))
    keynote = save_item(
        actor=organiser,
        item=item(
            summit,
            parent=forum,
            kind="keynote",
            title_en="Keynote",
            title_ko="기조연설",
            starts_at=at(25, 14),
            ends_at=at(25, 14, 30),
        ),
        people=[
            {
                "person": whanau,
                "role": "speaker",
                "presentation_title": {"en": "Wellington's way", "ko": "웰링턴의 길"},
            }
        ],
    )
    visit = save_item(
        actor=organiser,
        item=item(
            summit,
            kind="site_visit",
            block="morning",
            title_en="Seoullo walk",
            title_ko="서울로 산책",
            place_en="Seoullo 7017",
            place_ko="서울로 7017",
            starts_at=at(26, 10),
            ends_at=at(26, 11, 30),
        ),
    )
    reception = save_item(
        actor=organiser,
        item=item(
            summit,
            kind="reception",
            block="dinner",
            title_en="Pre-event",
            title_ko="사전행사",
            starts_at=at(24, 18),
            ends_at=at(24, 20),
        ),
    )
    breakfast = save_item(
        actor=organiser,
        item=item(
            summit,
            kind="meal",
            block="morning",
            title_en="Laureates' breakfast",
            title_ko="리콴유상 수상도시 조찬",
            audience="invited",
            starts_at=at(25, 8),
            ends_at=at(25, 9),
        ),
        invitees=[bilbao],
    )
    # Nothing is public before the programme's first publication.
    releases.publish(actor=organiser, summit=summit)
    return {
        "forum": forum,
        "keynote": keynote,
        "visit": visit,
        "reception": reception,
        "breakfast": breakfast,
    }


def public(summit):
    return queries.programme(summit, AnonymousUser())


def events_of(data: dict) -> dict[str, dict]:
    days = data["schedule"]["conference"]["days"]
    return {e["title"]: e for d in days for events in d["rooms"].values() for e in events}


def test_the_json_export_validates_against_the_c3voc_schema(summit, programme):
    data = schedule_json(summit, public(summit), base_url=BASE)
    assert json_errors(data) == []
    # The validator bites: an event without its duration is refused.
    broken = json.loads(json.dumps(data))
    del broken["schedule"]["conference"]["days"][0]["rooms"]["Programme"][0]["duration"]
    assert json_errors(broken) != []
    korean = schedule_json(summit, public(summit), base_url=BASE, lang="ko")
    assert json_errors(korean) == []
    # Each event links to its item's own public page (its permalink).
    events = events_of(data)
    assert events and all(
        event["url"] == f"{BASE}/forum/programme/{event['id']}/" for event in events.values()
    )


def test_the_json_export_maps_the_programme(summit, programme, whanau):
    data = schedule_json(summit, public(summit), base_url=BASE)
    conference = data["schedule"]["conference"]
    assert conference["acronym"] == "forum"
    assert conference["title"] == "Mayors Forum"
    assert (conference["start"], conference["end"], conference["daysCount"]) == (
        "2023-09-24",
        "2023-09-26",
        3,
    )
    assert conference["time_zone_name"] == "Asia/Seoul"
    assert data["schedule"]["base_url"] == f"{BASE}/"
    assert [r["name"] for r in conference["rooms"]] == [
        "DDP · Art Hall 2",
        "Seoullo 7017",
        "Programme",
    ]
    assert [d["date"] for d in conference["days"]] == ["2023-09-24", "2023-09-25", "2023-09-26"]
    assert conference["tracks"] == [{"name": "Inclusion", "slug": "theme-1"}]

    events = events_of(data)
    assert set(events) == {"Forum I", "Keynote", "Seoullo walk", "Pre-event"}
    forum = events["Forum I"]
    assert forum["room"] == "DDP · Art Hall 2"
    assert (forum["start"], forum["duration"]) == ("14:00", "02:00")
    assert forum["date"] == "2023-09-25T14:00:00+09:00"
    assert forum["end"] == "2023-09-25T16:00:00+09:00"
    assert (forum["track"], forum["type"], forum["language"]) == (
        "Inclusion",
        "forum_session",
        "en",
    )
    assert forum["id"] == programme["forum"].pk
    assert forum["guid"] == str(uuid.uuid5(NAMESPACE, f"forum/item/{programme['forum'].pk}"))
    assert forum["slug"] == f"forum-{programme['forum'].pk}-forum-i"
    # The keynote takes place in its session's room, in its theme.
    keynote = events["Keynote"]
    assert (keynote["room"], keynote["track"]) == ("DDP · Art Hall 2", "Inclusion")
    assert (keynote["start"], keynote["duration"]) == ("14:00", "00:30")
    assert keynote["persons"] == [{"id": whanau.pk, "public_name": "Tory Whanau"}]
    assert keynote["subtitle"] == "Wellington's way"
    assert keynote["description"].startswith("Speaker: Tory Whanau")
    assert events["Seoullo walk"]["room"] == "Seoullo 7017"
    assert (events["Seoullo walk"]["start"], events["Seoullo walk"]["duration"]) == (
        "10:00",
        "01:30",
    )
    assert events["Pre-event"]["room"] == "Programme"
    assert events["Pre-event"]["track"] is None
    # Each day lists every room, and each event is in its day and room.
    day_two = conference["days"][1]
    assert list(day_two["rooms"]) == ["DDP · Art Hall 2", "Seoullo 7017", "Programme"]
    assert [e["title"] for e in day_two["rooms"]["DDP · Art Hall 2"]] == ["Forum I", "Keynote"]
    assert day_two["day_start"] == "2023-09-25T14:00:00+09:00"
    assert day_two["day_end"] == "2023-09-25T16:00:00+09:00"


def test_invite_only_items_are_absent_from_the_public_export(summit, programme, organiser):
    titles = set(events_of(schedule_json(summit, public(summit), base_url=BASE)))
    assert "Laureates' breakfast" not in titles
    assert b"Laureates" not in schedule_xml(summit, public(summit), base_url=BASE)
    # Those who may see it get it: the test above is not vacuous.
    staff = schedule_json(summit, queries.programme(summit, organiser), base_url=BASE)
    assert "Laureates' breakfast" in events_of(staff)
    assert json_errors(staff) == []


def test_the_export_in_korean(summit, programme, whanau):
    data = schedule_json(summit, public(summit), base_url=BASE, lang="ko")
    conference = data["schedule"]["conference"]
    assert conference["title"] == "시장포럼"
    assert [r["name"] for r in conference["rooms"]] == [
        "DDP · 아트홀 2관",
        "서울로 7017",
        "프로그램",
    ]
    events = events_of(data)
    assert events["기조연설"]["persons"] == [{"id": whanau.pk, "public_name": "토리 화나우"}]
    assert events["기조연설"]["language"] == "ko"
    assert events["기조연설"]["subtitle"] == "웰링턴의 길"
    # Guids, ids and slugs do not depend on the language, nor do the rooms' guids.
    english = schedule_json(summit, public(summit), base_url=BASE)
    assert events["기조연설"]["guid"] == events_of(english)["Keynote"]["guid"]
    assert events["기조연설"]["slug"] == events_of(english)["Keynote"]["slug"]
    assert [r["guid"] for r in conference["rooms"]] == [
        r["guid"] for r in english["schedule"]["conference"]["rooms"]
    ]


def test_the_version_changes_with_the_content(summit, programme, organiser):
    first = schedule_json(summit, public(summit), base_url=BASE)
    assert schedule_json(summit, public(summit), base_url=BASE) == first
    programme["forum"].title_en = "Forum I: inclusion"
    save_item(actor=organiser, item=programme["forum"])
    changed = schedule_json(summit, public(summit), base_url=BASE)
    assert changed["schedule"]["version"] != first["schedule"]["version"]


def test_the_export_reads_nothing_more_from_the_database(
    summit, programme, django_assert_num_queries
):
    items = public(summit)
    with django_assert_num_queries(0):
        schedule_json(summit, items, base_url=BASE)
        schedule_xml(summit, items, base_url=BASE, lang="ko")


def test_the_xml_export_validates_against_the_c3voc_xsd(summit, programme, whanau, xsd):
    document = schedule_xml(summit, public(summit), base_url=BASE)
    assert xml_errors(xsd, document) == []
    assert xml_errors(xsd, schedule_xml(summit, public(summit), base_url=BASE, lang="ko")) == []
    # The validator bites: an event without its duration is refused.
    assert xml_errors(xsd, document.replace(b"<duration>02:00</duration>", b"", 1)) != []

    root = ET.fromstring(document)  # noqa: S314 - our own export
    assert root.findtext("conference/acronym") == "forum"
    assert root.findtext("conference/time_zone_name") == "Asia/Seoul"
    assert [d.get("date") for d in root.iter("day")] == ["2023-09-24", "2023-09-25", "2023-09-26"]
    day_two = root.findall("day")[1]
    assert [r.get("name") for r in day_two.findall("room")] == [
        "DDP · Art Hall 2",
        "Seoullo 7017",
        "Programme",
    ]
    events = {e.findtext("title"): e for e in root.iter("event")}
    forum = events["Forum I"]
    assert (forum.findtext("start"), forum.findtext("duration")) == ("14:00", "02:00")
    assert forum.findtext("room") == "DDP · Art Hall 2"
    assert forum.get("id") == str(programme["forum"].pk)
    keynote = events["Keynote"].find("persons/person")
    assert (keynote.get("id"), keynote.text) == (str(whanau.pk), "Tory Whanau")
    assert events["Seoullo walk"].findtext("room") == "Seoullo 7017"
    assert events["Pre-event"].findtext("room") == "Programme"


def test_slugs_and_zones_the_schemas_are_strict_about(db, organiser, xsd):
    """A hyphenated slug, a title only in Hangul and a zone name the JSON schema refuses
    still give valid exports."""
    summit = SummitFactory(slug="wcs-23", time_zone="US/Pacific")
    pacific = ZoneInfo("US/Pacific")
    talk = save_item(
        actor=organiser,
        item=item(
            summit,
            title_en="",
            title_ko="개막식",
            kind="ceremony",
            starts_at=datetime.datetime(2023, 9, 24, 9, 5, tzinfo=pacific),
            ends_at=datetime.datetime(2023, 9, 24, 9, 50, tzinfo=pacific),
        ),
    )
    releases.publish(actor=organiser, summit=summit)
    data = schedule_json(summit, public(summit), base_url=f"{BASE}/")
    assert json_errors(data) == []
    conference = data["schedule"]["conference"]
    assert conference["acronym"] == "wcs_23"
    assert "time_zone_name" not in conference
    assert conference["timeslot_duration"] == "00:05"
    (event,) = events_of(data).values()
    assert event["slug"] == f"wcs_23-{talk.pk}-ceremony"
    assert (event["title"], event["language"]) == ("개막식", "ko")
    document = schedule_xml(summit, public(summit), base_url=BASE)
    assert xml_errors(xsd, document) == []
    assert b"<time_zone_name>US/Pacific</time_zone_name>" in document


def test_the_base_url_is_an_absolute_http_url(summit):
    with pytest.raises(ValueError, match="base_url"):
        schedule_json(summit, [], base_url="/")


def test_the_exports_are_served_on_the_site_and_the_api(summit, organiser, client):
    from summitry.programme.releases import publish

    save_item(actor=organiser, item=item(summit, title_en="Forum I"))
    publish(actor=organiser, summit=summit)
    as_json = client.get("/forum/programme/schedule.json", headers={"Accept-Language": "en"})
    assert (as_json.status_code, as_json["Content-Type"]) == (200, "application/json")
    assert [
        e["title"]
        for day in as_json.json()["schedule"]["conference"]["days"]
        for events in day["rooms"].values()
        for e in events
    ] == ["Forum I"]
    as_xml = client.get("/forum/programme/schedule.xml")
    assert as_xml["Content-Type"] == "application/xml"
    assert b"<schedule" in as_xml.content
    assert client.get("/forum/programme/schedule.csv").status_code == 404
    api = client.get("/api/v1/summits/forum/schedule.json?lang=ko").json()
    assert api["schedule"]["conference"]["acronym"] == "forum"
