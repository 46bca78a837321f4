"""The scanner page's sync of scans made offline: decided at the time they were made, once per
client_scan_id, bad input answered with a message, only for the summit's check-in staff."""

import datetime

from django.test import Client
from django.urls import reverse

from summitry.checkin import services
from summitry.checkin.models import Scan
from tests.factories import UserFactory

from .conftest import MORNING


def client_for(user, language="en") -> Client:
    client = Client(headers={"Accept-Language": language})
    client.force_login(user)
    return client


def test_a_scan_made_offline_is_decided_at_its_time_once(door, summit, hall, badge):
    client = client_for(door)
    url = reverse("checkin:scanner-sync", args=[summit.slug])
    body = {
        "code": services.code_for(badge),
        "zone": hall.pk,
        "client_scan_id": "off1",
        "direction": "in",
        "door": "North",
        "at": MORNING.isoformat(),
    }
    first = client.post(url, body)
    assert first.status_code == 201
    assert first.json() == {
        "result": "enter",
        "reason": "",
        "message": "Enter",
        "duplicate": False,
        "name": "Tory Whanau",
    }
    again = client.post(url, body)
    assert again.status_code == 200 and again.json()["duplicate"] is True
    later = client.post(url, {**body, "client_scan_id": "off2"})
    assert later.json()["reason"] == "already_inside"
    scan = Scan.objects.get(client_scan_id="off1")
    assert scan.at == MORNING and scan.day == datetime.date(2023, 9, 24) and scan.door == "North"
    ko = client_for(door, "ko").post(url, {**body, "client_scan_id": "off3"})
    assert ko.json()["message"] == "이미 입장함"


def test_bad_offline_scans_are_refused_with_a_message(door, summit, hall, lounge, badge):
    client = client_for(door)
    url = reverse("checkin:scanner-sync", args=[summit.slug])
    body = {
        "code": services.code_for(badge),
        "zone": hall.pk,
        "client_scan_id": "b1",
        "at": MORNING.isoformat(),
    }
    cases = [
        ({"zone": "x"}, "Choose a zone of this summit."),
        ({"zone": "999999"}, "Choose a zone of this summit."),
        ({"at": "yesterday"}, "Give the time of the scan."),
        ({"at": "2023-09-24T09:00:00"}, "Give the time of the scan."),  # no zone: ambiguous
        ({"at": "2999-01-01T00:00:00+00:00"}, "Give the time of the scan."),
        ({"client_scan_id": ""}, "Give the scan an id of 1 to 64 characters."),
        ({"direction": "up"}, "Choose entrance or exit."),
    ]
    for change, message in cases:
        response = client.post(url, {**body, **change})
        assert response.status_code == 400, change
        assert response.json()["error"] == message
    forged = client.post(url, {**body, "code": "SB1FORGED"})
    assert (forged.status_code, forged.json()["reason"]) == (201, "forged")
    assert Scan.objects.count() == 1


def test_the_sync_is_for_checkin_staff_of_the_summit(summit, hall, badge):
    outsider = client_for(UserFactory(username="nobody"))
    url = reverse("checkin:scanner-sync", args=[summit.slug])
    body = {
        "code": services.code_for(badge),
        "zone": hall.pk,
        "client_scan_id": "o1",
        "at": MORNING.isoformat(),
    }
    assert outsider.post(url, body).status_code in (403, 404)
    assert Client().post(url, body).status_code == 302  # to sign in
    assert not Scan.objects.exists()
