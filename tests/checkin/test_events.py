"""Check-in's webhook event: an entry is announced once; who entered only to an owner who may
see the summit's people."""

from __future__ import annotations

import json

import pytest

from summitry.checkin import services
from summitry.demo.loader import ensure_team
from summitry.webhooks import services as webhooks
from tests.factories import UserFactory
from tests.webhooks.receiver import Receiver

from .conftest import MORNING


@pytest.fixture
def receiver(settings):
    settings.SUMMITRY_WEBHOOKS_ALLOW_LOCAL = True
    found = Receiver()
    yield found
    found.close()


def test_an_entry_is_an_event_and_a_refusal_is_not(
    door, summit, hall, badge, organiser, receiver, django_capture_on_commit_callbacks
):
    integrator = UserFactory(username="integrator")
    ensure_team(
        summit, name_ko="연동", name_en="Integrations", codes={"webhooks"}, members=[integrator]
    )
    for owner in (organiser, integrator):
        webhooks.create_subscription(
            actor=owner,
            summit=summit,
            name={"en": owner.username},
            url=receiver.url,
            events=["checkin.entered"],
        )
    code = services.code_for(badge)
    with django_capture_on_commit_callbacks(execute=True):
        services.scan(
            actor=door, summit=summit, zone=hall, code=code, client_scan_id="a", at=MORNING
        )
        services.scan(
            actor=door, summit=summit, zone=hall, code=code, client_scan_id="b", at=MORNING
        )
    bodies = [json.loads(r["body"]) for r in receiver.received]
    assert len(bodies) == 2  # one entry, two subscriptions; "already inside" is no event
    assert {b["event"] for b in bodies} == {"checkin.entered"}
    names = [b["data"].get("person", {}).get("name") for b in bodies]
    assert sorted(names, key=str) == sorted([None, str(badge.delegate.person)], key=str)
    assert all(b["data"]["zone"]["id"] == hall.pk for b in bodies)
