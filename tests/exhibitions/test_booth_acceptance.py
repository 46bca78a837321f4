"""The exhibitor accepts the booth staff gave it (issue 19, item 2): on its own page and
through the API; nobody else may; a new assignment asks again; staff see the answer."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from summitry.exhibitions import services
from tests.factories import UserFactory

from .conftest import client_for
from .support import make_exhibitor
from .test_api import call

pytestmark = pytest.mark.django_db


@pytest.fixture
def assigned(exhibition, company, organiser):
    exhibitor = make_exhibitor(exhibition, company)
    booth = exhibition.booths.get(code="A-01")
    services.assign_booth(actor=organiser, booth=booth, exhibitor=exhibitor)
    return exhibitor, exhibition.booths.get(code="A-01")


def _accept_url(exhibition, code="A-01"):
    return reverse("exhibitions:booth-accept", args=[exhibition.summit.slug, exhibition.slug, code])


def test_the_exhibitor_accepts_its_booth_and_staff_see_it(
    assigned, exhibition, company, exhibition_staff
):
    exhibitor, booth = assigned
    mine = reverse("exhibitions:mine", args=[exhibition.summit.slug, exhibition.slug])
    page = client_for(company).get(mine, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Accept booth A-01" in page
    manage = reverse(
        "exhibitions:manage-exhibitor",
        args=[exhibition.summit.slug, exhibition.slug, exhibitor.pk],
    )
    assert (
        "not accepted yet"
        in client_for(exhibition_staff).get(manage, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )

    answer = client_for(company).post(_accept_url(exhibition), follow=True)
    assert answer.status_code == 200
    booth.refresh_from_db()
    first = booth.accepted_at
    assert first is not None
    page = client_for(company).get(mine, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Accept booth A-01" not in page
    assert (
        "accepted by the exhibitor"
        in client_for(exhibition_staff).get(manage, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
    # Accepting twice changes nothing.
    client_for(company).post(_accept_url(exhibition))
    booth.refresh_from_db()
    assert booth.accepted_at == first


def test_nobody_else_accepts_and_a_new_assignment_asks_again(
    assigned, exhibition, company, exhibition_staff, organiser
):
    exhibitor, booth = assigned
    other = UserFactory(username="other-company")
    assert client_for(other).post(_accept_url(exhibition)).status_code == 404
    assert client_for(exhibition_staff).post(_accept_url(exhibition)).status_code == 404
    # A booth the exhibitor does not hold: 404, nothing accepted.
    assert client_for(company).post(_accept_url(exhibition, "A-02")).status_code == 404
    with pytest.raises(PermissionDenied):
        services.accept_booth(actor=organiser, booth=booth)
    booth.refresh_from_db()
    assert booth.accepted_at is None

    services.accept_booth(actor=company, booth=booth)
    services.assign_booth(actor=organiser, booth=booth, exhibitor=None)
    services.assign_booth(
        actor=organiser, booth=exhibition.booths.get(code="A-02"), exhibitor=exhibitor
    )
    booth.refresh_from_db()
    moved = exhibition.booths.get(code="A-02")
    assert booth.accepted_at is None and moved.accepted_at is None


def test_the_api_accepts_for_the_calling_exhibitor_only(assigned, exhibition, tokens):
    _exhibitor, booth = assigned
    path = f"/api/v1/summits/forum/exhibitions/{exhibition.slug}/mine/booths/A-01/accept"
    assert call("post", path).status_code == 401
    assert call("post", path, tokens["staff"]).status_code == 404
    booth.refresh_from_db()
    assert booth.accepted_at is None
    answer = call("post", path, tokens["company"])
    assert answer.status_code == 200 and answer.json()["accepted"] is True
    public = call("get", f"/api/v1/summits/forum/exhibitions/{exhibition.slug}/booths").json()
    assert {b["accepted"] for b in public} == {None}
