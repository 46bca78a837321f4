"""REST API of webhooks: a summit's subscriptions (made, read, changed, deleted) and their
deliveries, for a token of staff holding the webhooks permission at the summit. A new
subscription's secret is in the answer that creates it, and never again."""

from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from summitry.core.api import TokenAuth
from summitry.core.schemas import Bilingual, Problem, UtcDateTime, bilingual
from summitry.summits import queries as summit_queries

from . import access, catalogue, queries, services
from .models import DeliveryState

router = Router(tags=["webhooks"], auth=TokenAuth())
ERRORS = {400: Problem, 401: Problem, 403: Problem, 404: Problem}
BASE = "/summits/{slug}/webhooks"
EVENTS = ", ".join(event.code for event in catalogue.events())


class SubscriptionOut(Schema):
    id: int
    name: Bilingual = bilingual("name")
    url: str
    events: list[str]
    active: bool
    paused_at: UtcDateTime | None
    failures: int = Field(..., description="Failed attempts in a row.")
    created_at: UtcDateTime


class NewSubscriptionOut(SubscriptionOut):
    secret: str = Field(..., description="Signs every delivery; shown in this answer only.")


class SubscriptionIn(Schema):
    name: Bilingual
    url: str = Field(..., max_length=500, description="An https:// address.")
    events: list[str] = Field(..., description=f"Any of: {EVENTS}.")


class SubscriptionPatch(Schema):
    name: Bilingual | None = None
    url: str | None = Field(None, max_length=500)
    events: list[str] | None = None
    active: bool | None = Field(None, description="false pauses; true resumes.")


class DeliveryOut(Schema):
    id: int
    uid: uuid.UUID = Field(..., description="X-Summitry-Delivery of its requests.")
    event: str
    state: DeliveryState
    attempts: int
    last_status: int | None = Field(..., description="The HTTP status of the last answer.")
    last_error: str
    response_excerpt: str
    payload: dict
    created_at: UtcDateTime
    last_attempt_at: UtcDateTime | None
    next_try_at: UtcDateTime | None
    delivered_at: UtcDateTime | None


def _summit(request: HttpRequest, slug: str):
    summit = summit_queries.in_its_zone(request, slug)
    access.require_staff(request.user, summit)
    return summit


def _subscription(request: HttpRequest, slug: str, subscription_id: int):
    found = queries.subscription(_summit(request, slug), subscription_id)
    if found is None:
        raise Http404(_("This summit has no such webhook."))
    return found


@router.get(BASE, response={200: list[SubscriptionOut], **ERRORS})
def list_webhooks(request: HttpRequest, slug: str):
    return list(queries.subscriptions(_summit(request, slug)))


@router.post(BASE, response={201: NewSubscriptionOut, **ERRORS})
def create_webhook(request: HttpRequest, slug: str, payload: SubscriptionIn):
    """A new subscription; the answer holds its secret, once."""
    subscription, secret = services.create_subscription(
        actor=request.user, summit=_summit(request, slug), **payload.dict()
    )
    subscription.secret = secret
    return Status(201, subscription)


@router.get(f"{BASE}/{{subscription_id}}", response={200: SubscriptionOut, **ERRORS})
def get_webhook(request: HttpRequest, slug: str, subscription_id: int):
    return _subscription(request, slug, subscription_id)


@router.patch(f"{BASE}/{{subscription_id}}", response={200: SubscriptionOut, **ERRORS})
def update_webhook(
    request: HttpRequest, slug: str, subscription_id: int, payload: SubscriptionPatch
):
    found = _subscription(request, slug, subscription_id)
    changes = payload.dict(exclude_unset=True)
    active = changes.pop("active", None)
    changes = {key: value for key, value in changes.items() if value is not None}
    if changes:
        found = services.update_subscription(
            actor=request.user, subscription=found, changes=changes
        )
    if active is True and not found.active:
        found = services.resume(actor=request.user, subscription=found)
    elif active is False and found.active:
        found = services.pause(actor=request.user, subscription=found)
    return found


@router.delete(f"{BASE}/{{subscription_id}}", response={204: None, **ERRORS})
def delete_webhook(request: HttpRequest, slug: str, subscription_id: int):
    found = _subscription(request, slug, subscription_id)
    services.delete_subscription(actor=request.user, subscription=found)
    return Status(204, None)


@router.post(f"{BASE}/{{subscription_id}}/ping", response={201: DeliveryOut, **ERRORS})
def ping_webhook(request: HttpRequest, slug: str, subscription_id: int):
    """Send a test delivery (event ``ping``) now; the answer is the delivery as logged."""
    found = _subscription(request, slug, subscription_id)
    delivery = services.ping(actor=request.user, subscription=found)
    return Status(201, queries.delivery(found, delivery.pk))


@router.get(f"{BASE}/{{subscription_id}}/deliveries", response={200: list[DeliveryOut], **ERRORS})
def list_webhook_deliveries(
    request: HttpRequest,
    slug: str,
    subscription_id: int,
    state: DeliveryState | None = None,
    limit: int = 100,
    offset: int = 0,
):
    """The newest first; ``limit`` at most 500."""
    rows = queries.deliveries(_subscription(request, slug, subscription_id))
    if state:
        rows = rows.filter(state=state)
    offset, limit = max(offset, 0), min(max(limit, 1), 500)
    return list(rows[offset : offset + limit])
