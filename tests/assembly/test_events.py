"""The assembly's webhook event: a closed vote is announced with its result and rule, never
with who voted what."""

from __future__ import annotations

import json

import pytest

from summitry.assembly import services
from summitry.webhooks import services as webhooks
from tests.webhooks.receiver import Receiver

from .support import make_assembly, make_poll


@pytest.fixture
def receiver(settings):
    settings.SUMMITRY_WEBHOOKS_ALLOW_LOCAL = True
    found = Receiver()
    yield found
    found.close()


def test_a_closed_vote_is_an_event(organiser, receiver, django_capture_on_commit_callbacks):
    assembly, rights, item = make_assembly(members=3)
    webhooks.create_subscription(
        actor=organiser,
        summit=assembly.summit,
        name={"en": "Secretariat"},
        url=receiver.url,
        events=["assembly.vote_closed"],
    )
    poll = make_poll(assembly, item)
    with django_capture_on_commit_callbacks(execute=True):
        services.open_poll(actor=organiser, poll=poll)
        for right, choice in zip(rights, ["yes", "yes", "no"], strict=True):
            services.cast(actor=right.delegate, poll=poll, member_id=right.member_id, choice=choice)
        services.close_poll(actor=organiser, poll=poll)
    (request,) = receiver.received
    body = json.loads(request["body"])
    assert body["event"] == "assembly.vote_closed"
    data = body["data"]
    assert data["id"] == poll.pk and data["assembly"]["id"] == assembly.pk
    assert data["result"]["counts"] == {"yes": 2, "no": 1, "abstain": 0}
    assert data["result"]["outcome"] == "adopted"
    assert b"City 0" not in request["body"]  # no member's name, no one's choice
