"""core.events: a listener hears an event once the change commits, as the object was when
the event happened; a listener that fails never breaks the change; and the README's check
of a signature works on a real delivery."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from summitry.core import events, registry
from summitry.webhooks import services

from .receiver import verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    found = []

    def listener(*, summit, name, obj):
        found.append((name, obj.status))

    def broken(*, summit, name, obj):
        raise RuntimeError("a listener's bug")

    registry.add_event_subscriber(broken)
    registry.add_event_subscriber(listener)
    yield found
    registry._registry.event_subscribers.remove(broken)
    registry._registry.event_subscribers.remove(listener)


def test_listeners_hear_after_the_commit_as_it_was(
    summit, delegation, heard, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        delegation.status = "registered"
        events.emit(summit, "delegation.registered", delegation)
        delegation.status = "confirmed"
        assert heard == []
    assert heard == [("delegation.registered", "registered")]


def test_the_readme_checks_a_signature(organiser, summit, receiver):
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    block = re.search(r"```python\n(\s*import hashlib.*?)```", readme, re.S).group(1)
    code = textwrap.dedent(block)
    assert len(code.strip().splitlines()) == 5
    namespace = {}
    exec(code, namespace)  # noqa: S102 - our own README
    subscription, secret = services.create_subscription(
        actor=organiser,
        summit=summit,
        name={"en": "CRM"},
        url=receiver.url,
        events=["member.added"],
    )
    services.ping(actor=organiser, subscription=subscription)
    (request,) = receiver.received
    assert verified(request, secret)
    assert namespace["genuine"](request["headers"], request["body"], secret)
    assert not namespace["genuine"](request["headers"], request["body"] + b" ", secret)
    assert not namespace["genuine"](request["headers"], request["body"], "another")
