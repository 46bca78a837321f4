"""The console's webhook pages: made with the form (its secret shown once), a test ping and
its answer in the log, changed, paused and resumed, a new secret, deleted after asking; and
who may open them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from summitry.demo.loader import ensure_team
from summitry.webhooks.models import Delivery, Subscription
from tests.factories import SummitFactory, UserFactory

from .receiver import verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(organiser):
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(organiser)
    return client


def create(staff, receiver, **extra):
    return staff.post(
        reverse("webhooks:new", args=["forum"]),
        {
            "name_ko": "시청 CRM",
            "name_en": "City CRM",
            "url": receiver.url,
            "events": ["delegation.registered", "member.added"],
            **extra,
        },
    )


def test_staff_make_a_webhook_see_its_secret_once_and_ping_it(staff, summit, receiver):
    answer = create(staff, receiver)
    subscription = Subscription.objects.get()
    page = reverse("webhooks:subscription", args=["forum", subscription.pk])
    assert answer.status_code == 302 and answer["Location"] == page
    shown = staff.get(page).content.decode()
    assert subscription.secret in shown
    assert subscription.secret not in staff.get(page).content.decode()
    assert subscription.events == ["delegation.registered", "member.added"]
    assert subscription.name_ko == "시청 CRM"

    answer = staff.post(reverse("webhooks:ping", args=["forum", subscription.pk]), follow=True)
    assert "HTTP 200" in answer.content.decode()
    (request,) = receiver.received
    assert request["headers"]["X-Summitry-Event"] == "ping"
    assert verified(request, subscription.secret)
    delivery = Delivery.objects.get()
    detail = staff.get(reverse("webhooks:delivery", args=["forum", subscription.pk, delivery.pk]))
    assert str(delivery.uid) in detail.content.decode()
    assert "{&quot;ok&quot;: true}" in detail.content.decode()

    listing = staff.get(reverse("webhooks:index", args=["forum"])).content.decode()
    assert "City CRM" in listing and receiver.url in listing


def test_the_form_refuses_an_address_that_is_not_https(staff, summit, receiver, settings):
    settings.SUMMITRY_WEBHOOKS_ALLOW_LOCAL = False
    answer = create(staff, receiver)
    assert answer.status_code == 200 and not Subscription.objects.exists()
    assert "Enter the address of a server on the internet." in answer.content.decode()
    answer = create(staff, receiver, url="http://crm.example.org/hooks")
    assert "Enter an address that starts with https://." in answer.content.decode()
    answer = create(staff, receiver, url="https://10.1.2.3/hooks")
    assert "Enter the address of a server on the internet." in answer.content.decode()
    answer = create(staff, receiver, url="https://crm.example.org/hooks", events=[])
    assert not Subscription.objects.exists()
    assert create(staff, receiver, url="https://crm.example.org/hooks").status_code == 302


def test_change_pause_resume_new_secret_and_delete(staff, summit, receiver):
    create(staff, receiver)
    subscription = Subscription.objects.get()
    args = ["forum", subscription.pk]
    answer = staff.post(
        reverse("webhooks:edit", args=args),
        {"name_ko": "", "name_en": "Hotel", "url": receiver.url, "events": ["programme.published"]},
    )
    assert answer.status_code == 302
    subscription.refresh_from_db()
    assert (subscription.name_en, subscription.events) == ("Hotel", ["programme.published"])

    staff.post(reverse("webhooks:pause", args=args))
    subscription.refresh_from_db()
    assert not subscription.active
    staff.post(reverse("webhooks:resume", args=args))
    subscription.refresh_from_db()
    assert subscription.active

    old = subscription.secret
    asked = staff.post(reverse("webhooks:rotate-secret", args=args))
    assert asked.status_code == 200 and "Make a new secret" in asked.content.decode()
    subscription.refresh_from_db()
    assert subscription.secret == old
    staff.post(reverse("webhooks:rotate-secret", args=args), {"confirmed": "1"})
    subscription.refresh_from_db()
    assert subscription.secret != old
    assert (
        subscription.secret
        in staff.get(reverse("webhooks:subscription", args=args)).content.decode()
    )

    asked = staff.post(reverse("webhooks:delete", args=args))
    assert asked.status_code == 200 and Subscription.objects.exists()
    assert receiver.url in asked.content.decode()
    answer = staff.post(reverse("webhooks:delete", args=args), {"confirmed": "1"})
    assert answer["Location"] == reverse("webhooks:index", args=["forum"])
    assert not Subscription.objects.exists()


def test_who_may_open_the_pages(summit, organiser, receiver):
    subscription = Subscription.objects.create(
        summit=summit,
        name_en="CRM",
        url=receiver.url,
        events=["member.added"],
        secret="s",
        owner=organiser,
        language="en",
    )
    integrator, desk, outsider = (UserFactory(username=n) for n in ("hooks", "desk", "outsider"))
    ensure_team(
        summit, name_ko="연동", name_en="Integrations", codes={"webhooks"}, members=[integrator]
    )
    ensure_team(summit, name_ko="등록", name_en="Desk", codes={"delegations"}, members=[desk])
    elsewhere = SummitFactory(slug="prize")
    ensure_team(
        elsewhere, name_ko="연동", name_en="Integrations", codes={"webhooks"}, members=[outsider]
    )
    urls = [
        reverse("webhooks:index", args=["forum"]),
        reverse("webhooks:subscription", args=["forum", subscription.pk]),
    ]
    for user, status in ((integrator, 200), (desk, 403), (outsider, 404)):
        client = Client()
        client.force_login(user)
        assert [client.get(url).status_code for url in urls] == [status, status]
        answer = client.post(reverse("webhooks:ping", args=["forum", subscription.pk]))
        assert answer.status_code == (302 if status == 200 else status)
    # Another summit's webhook is not found through this one's pages.
    client = Client()
    client.force_login(outsider)
    assert (
        client.get(reverse("webhooks:subscription", args=["prize", subscription.pk])).status_code
        == 404
    )
