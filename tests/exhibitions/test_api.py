"""The exhibitions API: public reads show published exhibitors only; booth assignment needs
the exhibitions permission at the summit (tested both ways)."""

from __future__ import annotations

import pytest
from django.test import Client

from summitry.exhibitions import services

from .support import make_exhibitor

pytestmark = pytest.mark.django_db
API = "/api/v1/summits/forum/exhibitions"


def call(method, path, token=None, **kwargs):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return getattr(Client(), method)(path, content_type="application/json", **headers, **kwargs)


def test_public_reads_show_only_published(exhibition, organiser, company):
    exhibitor = make_exhibitor(exhibition, company)
    services.assign_booth(
        actor=organiser, booth=exhibition.booths.get(code="A-01"), exhibitor=exhibitor
    )
    listing = call("get", API).json()
    assert [e["slug"] for e in listing] == ["lifestyle"]
    assert listing[0]["themes"][0]["name"] == {"ko": "로봇기업", "en": "Robot Enterprise"}
    booths = call("get", f"{API}/lifestyle/booths").json()
    assert [b["exhibitor_id"] for b in booths] == [None, None, None]
    assert call("get", f"{API}/lifestyle/exhibitors").json() == []
    services.approve(actor=organiser, exhibitor=exhibitor)
    services.publish(actor=organiser, exhibitor=exhibitor)
    booths = call("get", f"{API}/lifestyle/booths").json()
    assert booths[0]["exhibitor_id"] == exhibitor.pk
    found = call("get", f"{API}/lifestyle/exhibitors", data=None).json()
    assert found[0]["name"]["en"] == "Robots Inc" and found[0]["booths"] == ["A-01"]


def test_assignment_needs_the_permission(exhibition, company, tokens):
    exhibitor = make_exhibitor(exhibition, company)
    path = f"{API}/lifestyle/booths/A-02/exhibitor"
    body = {"exhibitor_id": exhibitor.pk}
    assert call("put", path, data=body).status_code == 401
    assert call("put", path, tokens["no_perm"], data=body).status_code == 403
    assert call("put", path, tokens["company"], data=body).status_code == 403
    assert exhibition.booths.get(code="A-02").exhibitor is None
    answer = call("put", path, tokens["staff"], data=body)
    assert answer.status_code == 200 and answer.json()["exhibitor_id"] == exhibitor.pk
    # A second booth for the same exhibitor: refused with the reason, nothing changes.
    answer = call("put", f"{API}/lifestyle/booths/A-03/exhibitor", tokens["staff"], data=body)
    assert answer.status_code == 400 and "부스 하나만" in str(answer.json()["errors"])
    assert exhibition.booths.get(code="A-03").exhibitor is None
    assert (
        call("put", path, tokens["staff"], data={"exhibitor_id": None}).json()["exhibitor_id"]
        is None
    )
    assert call("put", path, tokens["staff"], data={"exhibitor_id": 999999}).status_code == 400
