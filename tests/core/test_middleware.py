"""A summit's time zone, activated for a request, does not outlive it in the thread."""

from django.test import Client
from django.utils import timezone

from tests.factories import SummitFactory


def test_the_summit_zone_ends_with_the_request(organiser, staff_token):
    summit = SummitFactory(slug="forum", time_zone="Asia/Seoul", status="published")
    response = Client().get(
        f"/api/v1/summits/{summit.slug}/invitations",
        headers={"Authorization": f"Bearer {staff_token}"},
    )
    assert response.status_code == 200
    assert timezone.get_current_timezone_name() == "UTC"


def test_every_page_carries_a_policy_that_forbids_inline_code(db):
    from django.test import Client

    response = Client().get("/")
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
