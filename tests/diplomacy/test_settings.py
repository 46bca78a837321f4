"""The officer's settings page and the interpreters: pages and API, who may and who may not,
and bad input that changes nothing."""

import pytest
from django.test import Client

from summitry.diplomacy import scheduling, services
from summitry.diplomacy.models import DiplomacySettings, Interpreter, MeetingRequest

from .conftest import accepted

PAGE = "/forum/diplomacy/settings/"
API = "/summits/forum/diplomacy/interpreters"


def client_for(user, language="en") -> Client:
    client = Client(headers={"Accept-Language": language})
    client.force_login(user)
    return client


def settings_post(world, **changes):
    data = {
        "action": "settings",
        "meeting_minutes": "20",
        "windows": "2023-09-25 09:00-10:00\n\n2023-09-26 14:00-15:00",
        "rooms": [world.room_b.pk],
        "precedence_rule": "rotation",
        "rotation_letter": "k",
    }
    return {**data, **changes}


def test_the_officer_sets_times_rooms_and_precedence(world):
    client = client_for(world.officer)
    page = client.get(PAGE)
    assert page.status_code == 200
    assert "2023-09-25 09:00-11:00" in page.content.decode()
    response = client.post(PAGE, settings_post(world))
    assert response.status_code == 302
    config = DiplomacySettings.objects.get(summit=world.summit)
    assert config.meeting_minutes == 20
    assert config.windows == [
        {"date": "2023-09-25", "start": "09:00", "end": "10:00"},
        {"date": "2023-09-26", "start": "14:00", "end": "15:00"},
    ]
    assert list(config.rooms.all()) == [world.room_b]
    assert (config.precedence_rule, config.rotation_letter) == ("rotation", "K")
    # Three slots on the 25th and three on the 26th.
    assert len(scheduling.slots(world.summit)) == 6
    assert "6 meeting slots" in client.get(PAGE).content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"windows": "25 Sep 9-10"}, "Line 1: write a window as 2023-09-25 09:00-12:00."),
        ({"windows": "2023-09-25 10:00-09:00"}, "A window must end after it starts."),
        ({"windows": "2023-10-25 09:00-10:00"}, "A window must fall within the summit"),
        (
            {"windows": "2023-09-25 09:00-10:00\n2023-09-25 09:30-11:00"},
            "Time windows must not overlap.",
        ),
        ({"meeting_minutes": "5"}, "Ensure this value is greater than or equal to 10."),
        ({"rotation_letter": "7"}, "Give one letter, A to Z."),
    ],
)
def test_bad_settings_get_a_message_and_change_nothing(world, changes, message):
    response = client_for(world.officer).post(PAGE, settings_post(world, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    config = DiplomacySettings.objects.get(summit=world.summit)
    assert config.meeting_minutes == 30
    assert config.windows == [{"date": "2023-09-25", "start": "09:00", "end": "11:00"}]
    assert set(config.rooms.all()) == {world.room_a, world.room_b}


def test_the_message_is_in_korean_for_a_korean_officer(world):
    response = client_for(world.officer, "ko").post(
        PAGE, settings_post(world, windows="2023-09-25 10:00-09:00")
    )
    assert response.status_code == 200
    assert "Line" not in response.content.decode()
    assert "A window must end after it starts." not in response.content.decode()


def test_the_officer_adds_and_removes_an_interpreter(world):
    client = client_for(world.officer)
    response = client.post(
        PAGE, {"action": "interpreter", "name": "Olena", "language_a": "uk", "language_b": "ko"}
    )
    assert response.status_code == 302
    olena = Interpreter.objects.get(name="Olena")
    assert olena.pair == "ko+uk"
    assert "Olena" in client.get(PAGE).content.decode()
    asked = client.post(f"/forum/diplomacy/interpreters/{olena.pk}/remove/")
    assert asked.status_code == 200 and "Are you sure?" in asked.content.decode()
    assert Interpreter.objects.filter(pk=olena.pk).exists()
    response = client.post(f"/forum/diplomacy/interpreters/{olena.pk}/remove/", {"confirmed": "1"})
    assert response.status_code == 302
    assert not Interpreter.objects.filter(pk=olena.pk).exists()


def test_an_interpreter_with_one_language_is_refused(world):
    response = client_for(world.officer).post(
        PAGE, {"action": "interpreter", "name": "Lee", "language_a": "en", "language_b": "en"}
    )
    assert response.status_code == 200
    assert "An interpreter works between two different languages." in response.content.decode()
    assert not Interpreter.objects.filter(name="Lee").exists()


def test_removing_an_interpreter_gives_their_meetings_another(world):
    meeting = accepted(world)
    services.run_scheduler(actor=world.officer, summit=world.summit)
    meeting.refresh_from_db()
    assert meeting.interpreter == world.interpreter
    park = Interpreter.objects.create(
        summit=world.summit, name="Interpreter Park", language_a="en", language_b="ko"
    )
    services.remove_interpreter(actor=world.officer, interpreter=world.interpreter)
    assert MeetingRequest.objects.get(pk=meeting.pk).interpreter == park
    services.remove_interpreter(actor=world.officer, interpreter=park)
    assert MeetingRequest.objects.get(pk=meeting.pk).interpreter is None


def test_a_contact_cannot_open_or_change_the_settings(world):
    client = client_for(world.wellington_contact)
    assert client.get(PAGE).status_code == 404
    assert client.post(PAGE, settings_post(world)).status_code == 404
    response = client.post(f"/forum/diplomacy/interpreters/{world.interpreter.pk}/remove/")
    assert response.status_code == 404
    assert Interpreter.objects.filter(pk=world.interpreter.pk).exists()
    assert DiplomacySettings.objects.get(summit=world.summit).meeting_minutes == 30


def test_anonymous_visitors_are_sent_to_sign_in(world):
    response = Client().get(PAGE)
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_the_api_lists_adds_and_removes_interpreters(world, api_for):
    api = api_for(world.officer)
    listed = api.get(API)
    assert listed.status_code == 200
    assert [i["name"] for i in listed.json()] == ["Interpreter Kim"]
    created = api.post(API, {"name": "Olena", "language_a": "uk", "language_b": "ko"})
    assert created.status_code == 201
    olena = created.json()
    assert (olena["language_a"], olena["language_b"]) == ("uk", "ko")
    assert api.delete(f"{API}/{olena['id']}").status_code == 204
    assert not Interpreter.objects.filter(pk=olena["id"]).exists()
    assert api.delete(f"{API}/{olena['id']}").status_code == 404


def test_the_api_refuses_bad_interpreters_and_changes_nothing(world, api_for):
    api = api_for(world.officer)
    same = api.post(API, {"name": "Lee", "language_a": "en", "language_b": "en"})
    assert same.status_code == 400
    assert "two different languages" in same.content.decode()
    unknown = api.post(API, {"name": "Lee", "language_a": "xx", "language_b": "en"})
    assert unknown.status_code == 400
    assert Interpreter.objects.filter(summit=world.summit).count() == 1


def test_the_api_keeps_interpreters_to_officers(world, api_for):
    contact = api_for(world.wellington_contact)
    assert contact.get(API).status_code == 403
    added = contact.post(API, {"name": "Lee", "language_a": "ko", "language_b": "en"})
    assert added.status_code == 403
    assert contact.delete(f"{API}/{world.interpreter.pk}").status_code == 403
    assert Interpreter.objects.filter(summit=world.summit).count() == 1
