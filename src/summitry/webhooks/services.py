"""Every change to webhooks: subscriptions made, changed, paused, resumed and deleted (by
staff with the webhooks permission at the summit), and the events turned into deliveries."""

from __future__ import annotations

import ipaddress
import secrets
import uuid
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from summitry.core import audit
from summitry.core import services as core
from summitry.core.tasks import run_after_commit
from summitry.summits.permissions import permissions_at

from . import access, catalogue, delivery, queries, tasks
from .models import Delivery, DeliveryState, Subscription

FIELDS = ("name", "url", "events")


def new_secret() -> str:
    return secrets.token_hex(32)


def check_url(url: str) -> None:
    """https:// to a public host; plain http:// only to this machine, in development and the
    tests."""
    parts = urlsplit(url or "")
    host = parts.hostname or ""
    local = host in delivery.LOCAL_HOSTS
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if local or (literal is not None and not literal.is_global):
        if not delivery.allow_local():
            raise ValidationError({"url": _("Enter the address of a server on the internet.")})
        if parts.scheme in ("http", "https"):
            return
    if parts.scheme != "https" or not host:
        raise ValidationError({"url": _("Enter an address that starts with https://.")})


def check_events(events) -> list[str]:
    known = {event.code for event in catalogue.events()}
    chosen = list(dict.fromkeys(events or ()))
    unknown = [code for code in chosen if code not in known]
    if unknown:
        raise ValidationError(
            {"events": _("Unknown events: %(events)s") % {"events": ", ".join(unknown)}}
        )
    if not chosen:
        raise ValidationError({"events": _("Choose at least one event.")})
    return sorted(chosen, key=lambda code: [e.code for e in catalogue.events()].index(code))


@transaction.atomic
def create_subscription(
    *, actor, summit, name: dict[str, str], url: str, events
) -> tuple[Subscription, str]:
    """A new subscription; returns it with its secret (shown to the staff member once)."""
    access.require_staff(actor, summit)
    check_url(url)
    secret = new_secret()
    subscription = Subscription(
        summit=summit,
        url=url,
        events=check_events(events),
        secret=secret,
        owner=actor,
        language=translation.get_language() or "ko",
        **core.flatten_bilingual({"name": name}),
    )
    return core.create(actor=actor, instance=subscription), secret


@transaction.atomic
def update_subscription(*, actor, subscription: Subscription, changes: dict[str, Any]):
    access.require_staff(actor, subscription.summit)
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(unknown)})
    if "url" in changes:
        check_url(changes["url"])
    if "events" in changes:
        changes = {**changes, "events": check_events(changes["events"])}
    return core.update(actor=actor, instance=subscription, changes=changes)


@transaction.atomic
def rotate_secret(*, actor, subscription: Subscription) -> str:
    """A new secret: the old one stops signing at once."""
    access.require_staff(actor, subscription.summit)
    secret = new_secret()
    subscription.secret = secret
    subscription.save(update_fields=["secret"])
    audit.record(actor=actor, obj=subscription, action="changed", fields=["secret"])
    return secret


@transaction.atomic
def pause(*, actor, subscription: Subscription) -> Subscription:
    access.require_staff(actor, subscription.summit)
    return core.update(
        actor=actor, instance=subscription, changes={"active": False, "paused_at": timezone.now()}
    )


@transaction.atomic
def resume(*, actor, subscription: Subscription) -> Subscription:
    """Active again, its count of failures cleared; what waited is sent now."""
    access.require_staff(actor, subscription.summit)
    subscription = core.update(
        actor=actor,
        instance=subscription,
        changes={"active": True, "paused_at": None, "failures": 0},
    )
    waiting = queries.deliveries(subscription).filter(state=DeliveryState.PENDING)
    now = timezone.now()
    for pk in list(waiting.values_list("pk", flat=True)):
        Delivery.objects.filter(pk=pk).update(next_try_at=now)
        run_after_commit(tasks.deliver, pk)
    return subscription


@transaction.atomic
def delete_subscription(*, actor, subscription: Subscription) -> None:
    access.require_staff(actor, subscription.summit)
    core.delete(actor=actor, instance=subscription)


@transaction.atomic
def ping(*, actor, subscription: Subscription) -> Delivery:
    """A test delivery (event ``ping``), sent even to a paused subscription's address."""
    access.require_staff(actor, subscription.summit)
    return _enqueue(subscription, catalogue.PING, catalogue.ping(None, frozenset()), force=True)


def _enqueue(subscription: Subscription, event: str, data: dict, *, force=False) -> Delivery:
    uid = uuid.uuid4()
    now = timezone.now()
    summit = subscription.summit
    sending = subscription.active or force
    found = Delivery.objects.create(
        subscription=subscription,
        uid=uid,
        event=event,
        payload={
            "id": str(uid),
            "event": event,
            "created_at": catalogue._when(now),
            "summit": {"id": summit.pk, "slug": summit.slug},
            "data": data,
        },
        next_try_at=now if sending else None,
    )
    if sending:
        run_after_commit(tasks.deliver, found.pk)
    return found


def owner_may_send(subscription: Subscription) -> bool:
    """Events go out only while the subscription's owner manages webhooks at the summit."""
    codes = permissions_at(subscription.owner, subscription.summit)
    return access.PERMISSION in codes


def on_event(*, summit, name: str, obj) -> None:
    """The core's events (core.events.emit), after the change committed: a delivery for
    each subscription that chose the event and whose owner still manages webhooks there,
    its payload cut to what the owner may see."""
    event = catalogue.event(name)
    if event is None or name not in queries.chosen_events.get(summit):
        return
    for subscription in queries.listening(summit, name):
        codes = permissions_at(subscription.owner, subscription.summit)
        if access.PERMISSION not in codes:
            continue
        with transaction.atomic():
            _enqueue(subscription, name, event.build(obj, codes))
