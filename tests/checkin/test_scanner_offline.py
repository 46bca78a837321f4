"""What the scanner page needs offline: its service worker (scoped to the scanner's path, with
the assets it keeps) and the public key with the revocations; only for the summit's door
operators and check-in staff."""

import base64
import json

from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from summitry.checkin import services, signing
from summitry.checkin.views import SCANNER_ASSETS
from tests.factories import UserFactory

from .test_pages_and_api import client_for


def test_every_asset_the_worker_keeps_is_served():
    # jsQR comes from node_modules (npm ci at install): never a copy in the repository.
    for name in SCANNER_ASSETS:
        assert finders.find(name), name
    assert "node_modules" in finders.find("vendor/jsqr/jsQR.js")


def test_the_service_worker_of_the_scanner(door, summit, hall):
    worker = client_for(door).get(reverse("checkin:scanner-worker", args=[summit.slug]))
    assert worker.status_code == 200
    assert worker["Content-Type"].startswith("text/javascript")
    assert worker["Cache-Control"] == "no-cache"
    text = worker.content.decode()
    settings = json.loads(text.split("const SETTINGS = ", 1)[1].split(";\n", 1)[0])
    # Served under the scanner's path: its scope is the scanner, nothing else of the console.
    assert settings["scanner"] == reverse("checkin:scanner", args=[summit.slug])
    assert worker.request["PATH_INFO"].startswith(settings["scanner"])
    assert "/static/vendor/jsqr/jsQR.js" in settings["assets"]
    assert "/static/checkin/camera.js" in settings["assets"]
    assert settings["offline"] == reverse("checkin:scanner-offline", args=[summit.slug])
    assert settings["cache"].startswith(settings["prefix"])
    page = client_for(door).get(reverse("checkin:scanner", args=[summit.slug]) + f"?zone={hall.pk}")
    assert reverse("checkin:scanner-worker", args=[summit.slug]).encode() in page.content
    assert b"vendor/jsqr/jsQR.js" in page.content and b"camera-start" in page.content


def test_the_offline_data_has_the_key_and_the_revocations(door, organiser, summit, badge):
    url = reverse("checkin:scanner-offline", args=[summit.slug])
    data = client_for(door).get(url).json()
    assert base64.b64decode(data["key"]) == base64.b64decode(signing.public_key_text())
    assert data["code_prefix"] == "SB1" and data["revoked"] == []
    services.revoke(actor=organiser, badge=badge)
    assert client_for(door).get(url).json()["revoked"] == [badge.pk]


def test_only_the_summits_door_operators_get_them(summit, door):
    for name in ("checkin:scanner-worker", "checkin:scanner-offline"):
        url = reverse(name, args=[summit.slug])
        assert client_for(door).get(url).status_code == 200
        anonymous = Client().get(url)
        assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
        assert client_for(UserFactory(username=f"x-{name[-6:]}")).get(url).status_code in (403, 404)


def test_a_scan_through_the_api_reads_and_writes_in_nine_queries(
    door, summit, hall, badge, django_assert_max_num_queries
):
    """The hot path of the doors: the token, the summit, the permission, the zone, the badge's
    locked row (with whether its category opens the zone), the earlier scan with this client
    id and the badge's visits (one query, after the lock), the insert; and a resent scan."""
    from summitry.core.tokens import issue_token
    from tests.conftest import ApiClient

    api = ApiClient(issue_token(user=door, name="scanner")[1])
    url = f"/summits/{summit.slug}/checkin/scans"
    body = {"code": services.code_for(badge), "zone": hall.pk, "client_scan_id": "q1"}
    api.post(url, {**body, "client_scan_id": "q0"})  # the token's use is recorded once
    with django_assert_max_num_queries(9 + 2):  # + the test's savepoint and its release
        entered = api.post(url, body)
    assert entered.status_code == 201 and entered.json()["result"] == "refused"
    with django_assert_max_num_queries(10 + 2):  # a resent scan: its first decision read back
        again = api.post(url, body)
    assert again.status_code == 200 and again.json()["duplicate"] is True
