"""Sending one delivery: the signed POST, its answer recorded, the next try scheduled with
exponential back-off, and a subscription that keeps failing paused (its staff told).

The signature: ``X-Summitry-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">``
with the subscription's secret, where ``<timestamp>`` is ``X-Summitry-Timestamp`` (Unix
seconds): a receiver recomputes it and refuses a timestamp older than a few minutes, so a
captured request cannot be replayed later."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import http.client
import ipaddress
import json
import socket
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from summitry.core import mail

from . import queries
from .catalogue import PING
from .models import Delivery, DeliveryState, Subscription

# Seconds a receiver has to answer.
TIMEOUT = 5
# Tries of one delivery before it is given up; the n-th retry waits RETRY_BASE * 2**(n-1).
MAX_ATTEMPTS = 8
RETRY_BASE = datetime.timedelta(minutes=1)
# Failed attempts in a row (any delivery) after which the subscription is paused.
PAUSE_AFTER = 10
# How long the log keeps a delivery that is done (delivered or given up).
KEEP = datetime.timedelta(days=30)
# Characters of the receiver's answer kept in the log.
EXCERPT = 1000
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def allow_local() -> bool:
    """Plain http:// to this machine is for development and the tests only."""
    return bool(settings.DEBUG or getattr(settings, "SUMMITRY_WEBHOOKS_ALLOW_LOCAL", False))


def sign(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def body_of(delivery: Delivery) -> bytes:
    return json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer, not a new address to post to."""

    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirects())


def _refused_address(url: str) -> str:
    """Why the URL's host may not be posted to (an address inside our own network), or ''."""
    if allow_local():
        return ""
    host = urlsplit(url).hostname or ""
    try:
        found = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except OSError as error:
        return f"DNS: {error}"
    for address in found:
        if not ipaddress.ip_address(address.split("%", 1)[0]).is_global:
            return f"{host} is not a public address"
    return ""


def post(url: str, secret: str, event: str, uid: str, body: bytes):
    """POST ``body``; returns (HTTP status or None, answer excerpt, error)."""
    refused = "" if urlsplit(url).scheme in ("http", "https") else "not an http(s) address"
    refused = refused or _refused_address(url)
    if refused:
        return None, "", refused
    timestamp = str(int(time.time()))
    request = urllib.request.Request(  # noqa: S310 - http(s) only, checked above
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "Summitry-Webhooks/1",
            "X-Summitry-Event": event,
            "X-Summitry-Delivery": uid,
            "X-Summitry-Timestamp": timestamp,
            "X-Summitry-Signature": sign(secret, timestamp, body),
        },
    )
    try:
        # The scheme is http(s), checked above.
        with _opener.open(request, timeout=TIMEOUT) as response:  # noqa: S310
            return response.status, _excerpt(response), ""
    except urllib.error.HTTPError as error:
        return error.code, _excerpt(error), ""
    except (OSError, http.client.HTTPException, ValueError) as error:
        reason = getattr(error, "reason", None) or error
        return None, "", str(reason)[:300] or type(error).__name__


def _excerpt(response) -> str:
    try:
        return response.read(EXCERPT * 4).decode("utf-8", "replace")[:EXCERPT]
    except (OSError, http.client.HTTPException):
        return ""


def attempt(delivery_id: int) -> str:
    """Try one delivery that is due; a second run (a retry queued twice) finds it sent or not
    yet due and does nothing."""
    now = timezone.now()
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update()
            .select_related("subscription__summit")
            .filter(pk=delivery_id, state=DeliveryState.PENDING)
            .first()
        )
        if delivery is None:
            return "done"
        subscription = delivery.subscription
        if not subscription.active and delivery.event != PING:
            return "paused"
        if delivery.next_try_at is None or delivery.next_try_at > now:
            return "not due"
        status, excerpt, error = post(
            subscription.url,
            subscription.secret,
            delivery.event,
            str(delivery.uid),
            body_of(delivery),
        )
        delivery.attempts += 1
        delivery.last_status, delivery.response_excerpt = status, excerpt
        delivery.last_error = error
        delivery.last_attempt_at = timezone.now()
        if status is not None and 200 <= status < 300:
            delivery.state, delivery.delivered_at = (
                DeliveryState.DELIVERED,
                delivery.last_attempt_at,
            )
            delivery.next_try_at = None
            delivery.save()
            Subscription.objects.filter(pk=subscription.pk, failures__gt=0).update(failures=0)
            return "delivered"
        if delivery.attempts >= MAX_ATTEMPTS:
            delivery.state, delivery.next_try_at = DeliveryState.FAILED, None
        else:
            delivery.next_try_at = delivery.last_attempt_at + RETRY_BASE * 2 ** (
                delivery.attempts - 1
            )
        delivery.save()
        _count_failure(subscription)
        return "failed"


def _count_failure(subscription: Subscription) -> None:
    Subscription.objects.filter(pk=subscription.pk).update(failures=F("failures") + 1)
    subscription.refresh_from_db(fields=["failures", "active"])
    if subscription.failures < PAUSE_AFTER:
        return
    paused = Subscription.objects.filter(pk=subscription.pk, active=True).update(
        active=False, paused_at=timezone.now()
    )
    if paused:
        tell_paused(subscription)


def tell_paused(subscription: Subscription) -> None:
    """Every staff member with the webhooks permission at the summit gets an e-mail."""
    for user in queries.staff_to_tell(subscription.summit):
        mail.send(
            summit=subscription.summit,
            recipient=user.email,
            language=subscription.language,
            template="webhooks/email/paused",
            context={"subscription": subscription, "failures": subscription.failures},
            kind="webhook-paused",
        )


def due(now: datetime.datetime | None = None, limit: int = 500) -> list[int]:
    """Deliveries of active subscriptions whose next try has come."""
    return list(
        Delivery.objects.filter(
            state=DeliveryState.PENDING,
            next_try_at__lte=now or timezone.now(),
            subscription__active=True,
        )
        .order_by("next_try_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def prune(now: datetime.datetime | None = None) -> int:
    """Forget deliveries done more than KEEP ago (those still waiting stay)."""
    done = Delivery.objects.filter(
        state__in=(DeliveryState.DELIVERED, DeliveryState.FAILED),
        created_at__lt=(now or timezone.now()) - KEEP,
    )
    return done.delete()[0]
