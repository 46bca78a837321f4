"""Deliveries as a receiver sees them: signed, timestamped, one per event chosen, sent after
the change commits; retried with back-off; a subscription that keeps failing is paused and
its staff told; nothing is sent while paused, and everything kept is sent on resuming."""

from __future__ import annotations

import datetime
import json
import time

import pytest
from django.core import mail
from django.utils import timezone

from summitry.core.models import OutboundMessage
from summitry.delegations import services as delegation_services
from summitry.demo.loader import ensure_team
from summitry.webhooks import delivery as sending
from summitry.webhooks import services, tasks
from summitry.webhooks.models import Delivery, DeliveryState
from tests.factories import UserFactory

from .conftest import MEMBER
from .receiver import verified

pytestmark = pytest.mark.django_db


def subscribe(organiser, summit, receiver, events):
    return services.create_subscription(
        actor=organiser,
        summit=summit,
        name={"ko": "시청 CRM", "en": "City CRM"},
        url=receiver.url,
        events=events,
    )


def make_due():
    """The clock moves on: every waiting delivery's next try has come."""
    Delivery.objects.filter(state=DeliveryState.PENDING, next_try_at__isnull=False).update(
        next_try_at=timezone.now() - datetime.timedelta(seconds=1)
    )


def test_a_registration_is_delivered_signed_after_the_commit(
    organiser, summit, delegation, receiver, django_capture_on_commit_callbacks
):
    subscription, secret = subscribe(
        organiser, summit, receiver, ["delegation.registered", "member.added"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        member = delegation_services.add_member(actor=organiser, delegation=delegation, data=MEMBER)
        assert receiver.received == []  # nothing before the commit
    events = [r["headers"]["X-Summitry-Event"] for r in receiver.received]
    assert events == ["delegation.registered", "member.added"]
    for request in receiver.received:
        assert verified(request, secret)
        assert not verified(request, "another secret")
        # The timestamp is now (a receiver refuses one older than a few minutes).
        assert abs(int(request["headers"]["X-Summitry-Timestamp"]) - time.time()) < 300
        body = json.loads(request["body"])
        found = Delivery.objects.get(uid=request["headers"]["X-Summitry-Delivery"])
        assert body == found.payload
        assert body["id"] == str(found.uid)
        assert body["summit"] == {"id": summit.pk, "slug": "forum"}
        assert found.state == DeliveryState.DELIVERED
        assert (found.attempts, found.last_status) == (1, 200)
        assert found.response_excerpt == '{"ok": true}'
    registered, added = (json.loads(r["body"])["data"] for r in receiver.received)
    assert registered["status"] == "registered"
    assert registered["organisation"]["name"] == {"ko": "웰링턴", "en": "Wellington"}
    assert added["id"] == member.pk and added["delegation"] == delegation.pk
    assert subscription.deliveries.count() == 2


def test_events_not_chosen_and_rolled_back_changes_send_nothing(
    organiser, summit, delegation, receiver, django_capture_on_commit_callbacks
):
    subscribe(organiser, summit, receiver, ["delegation.confirmed"])
    with django_capture_on_commit_callbacks(execute=True):
        delegation_services.add_member(actor=organiser, delegation=delegation, data=MEMBER)
    assert receiver.received == []
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        delegation_services.change_status(actor=organiser, delegation=delegation, to="confirmed")
    # A change that never commits never runs its callbacks: nothing is sent for it.
    assert receiver.received == [] and Delivery.objects.count() == 0
    for callback in callbacks:
        callback()
    assert [r["headers"]["X-Summitry-Event"] for r in receiver.received] == ["delegation.confirmed"]


def test_failures_are_retried_with_back_off_and_then_given_up(
    organiser, summit, receiver, django_capture_on_commit_callbacks
):
    subscription, _secret = subscribe(organiser, summit, receiver, ["member.added"])
    receiver.status = 503
    found = services.ping(actor=organiser, subscription=subscription)
    found.refresh_from_db()
    assert (found.state, found.attempts, found.last_status) == ("pending", 1, 503)
    assert found.response_excerpt == "receiver is down"
    waits = [found.next_try_at - found.last_attempt_at]
    # Not due yet: the beat task leaves it alone.
    assert tasks.retry_due() == 0
    for _attempt in range(sending.MAX_ATTEMPTS - 1):
        make_due()
        assert tasks.retry_due() == 1
        found.refresh_from_db()
        if found.next_try_at:
            waits.append(found.next_try_at - found.last_attempt_at)
    minute = datetime.timedelta(minutes=1)
    assert waits == [minute * 2**n for n in range(sending.MAX_ATTEMPTS - 1)]
    assert (found.state, found.attempts, found.next_try_at) == ("failed", 8, None)
    assert len(receiver.received) == sending.MAX_ATTEMPTS
    make_due()
    assert tasks.retry_due() == 0
    subscription.refresh_from_db()
    assert subscription.failures == 8 and subscription.active


def test_a_subscription_that_keeps_failing_is_paused_and_its_staff_told(
    organiser, summit, delegation, receiver, django_capture_on_commit_callbacks
):
    colleague = UserFactory(username="hooks", email="hooks@example.org")
    bystander = UserFactory(username="desk", email="desk@example.org")
    ensure_team(
        summit, name_ko="연동", name_en="Integrations", codes={"webhooks"}, members=[colleague]
    )
    ensure_team(summit, name_ko="등록", name_en="Desk", codes={"delegations"}, members=[bystander])
    subscription, _secret = subscribe(
        organiser, summit, receiver, ["delegation.registered", "member.added"]
    )
    receiver.status = 500
    with django_capture_on_commit_callbacks(execute=True):
        delegation_services.add_member(actor=organiser, delegation=delegation, data=MEMBER)
    rounds = 1
    while subscription.active:
        make_due()
        tasks.retry_due()
        subscription.refresh_from_db()
        rounds += 1
    # Two deliveries failing together: paused at the tenth failure in a row.
    assert rounds == sending.PAUSE_AFTER // 2
    assert subscription.failures == sending.PAUSE_AFTER and subscription.paused_at
    told = OutboundMessage.objects.filter(kind="webhook-paused")
    assert sorted(told.values_list("recipient", flat=True)) == [
        "hooks@example.org",
        "organiser@example.org",
    ]
    assert all(m.sent_at for m in told)
    assert "City CRM" in told.first().subject
    assert len([m for m in mail.outbox if "desk@example.org" in m.to]) == 0
    # Paused: nothing is tried, new events wait.
    sent = len(receiver.received)
    make_due()
    assert tasks.retry_due() == 0
    receiver.status = 200
    with django_capture_on_commit_callbacks(execute=True):
        delegation_services.add_member(
            actor=organiser, delegation=delegation, data={"given_name": "Kim"}
        )
    assert len(receiver.received) == sent
    held = Delivery.objects.filter(state="pending")
    assert held.count() == 3
    # Resumed: everything kept goes out now.
    services.resume(actor=organiser, subscription=subscription)
    assert len(receiver.received) == sent + 3
    assert not Delivery.objects.filter(state="pending").exists()
    subscription.refresh_from_db()
    assert subscription.active and subscription.failures == 0


def test_a_success_clears_the_failures(organiser, summit, receiver):
    subscription, _secret = subscribe(organiser, summit, receiver, ["member.added"])
    receiver.status = 500
    services.ping(actor=organiser, subscription=subscription)
    services.ping(actor=organiser, subscription=subscription)
    subscription.refresh_from_db()
    assert subscription.failures == 2
    receiver.status = 204
    services.ping(actor=organiser, subscription=subscription)
    subscription.refresh_from_db()
    assert subscription.failures == 0


def test_an_unreachable_receiver_is_logged_with_its_error(organiser, summit, receiver):
    subscription, _secret = subscribe(organiser, summit, receiver, ["member.added"])
    receiver.close()
    found = services.ping(actor=organiser, subscription=subscription)
    found.refresh_from_db()
    assert found.last_status is None and found.last_error
    assert found.state == "pending" and found.next_try_at


def test_a_redirect_is_not_followed(organiser, summit, receiver):
    subscription, _secret = subscribe(organiser, summit, receiver, ["member.added"])
    receiver.status = 302
    found = services.ping(actor=organiser, subscription=subscription)
    found.refresh_from_db()
    assert (found.last_status, found.state) == (302, "pending")


def test_a_second_run_of_the_task_sends_nothing_again(organiser, summit, receiver):
    subscription, _secret = subscribe(organiser, summit, receiver, ["member.added"])
    found = services.ping(actor=organiser, subscription=subscription)
    assert tasks.deliver.apply(args=[found.pk]).get() == "done"
    assert len(receiver.received) == 1


def test_local_addresses_are_refused_outside_development(organiser, summit, receiver, settings):
    subscription, _secret = subscribe(organiser, summit, receiver, ["member.added"])
    settings.SUMMITRY_WEBHOOKS_ALLOW_LOCAL = False
    found = services.ping(actor=organiser, subscription=subscription)
    found.refresh_from_db()
    assert receiver.received == []
    assert "not a public address" in found.last_error


def test_the_log_forgets_what_is_done_after_a_month(organiser, summit, receiver):
    subscription, _secret = subscribe(organiser, summit, receiver, ["member.added"])
    old = services.ping(actor=organiser, subscription=subscription)
    receiver.status = 500
    waiting = services.ping(actor=organiser, subscription=subscription)
    recent = services.ping(actor=organiser, subscription=subscription)
    Delivery.objects.filter(pk__in=[old.pk, waiting.pk]).update(
        created_at=timezone.now() - sending.KEEP - datetime.timedelta(minutes=1)
    )
    tasks.retry_due()
    assert set(Delivery.objects.values_list("pk", flat=True)) == {waiting.pk, recent.pk}
