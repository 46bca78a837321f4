"""The webhooks API: a token of staff holding the webhooks permission at the summit makes,
reads, changes and deletes subscriptions (the secret only in the answer that makes one),
pings them and reads their deliveries; any other token is refused."""

from __future__ import annotations

import pytest

from summitry.core.tokens import issue_token
from summitry.demo.loader import ensure_team
from summitry.webhooks.models import Subscription
from tests.conftest import ApiClient
from tests.factories import SummitFactory, UserFactory

from .receiver import verified

pytestmark = pytest.mark.django_db
BASE = "/summits/forum/webhooks"


def test_the_whole_life_of_a_subscription(staff_api, summit, receiver):
    answer = staff_api.post(
        BASE,
        {"name": {"ko": "호텔", "en": "Hotel"}, "url": receiver.url, "events": ["member.added"]},
    )
    assert answer.status_code == 201, answer.content
    made = answer.json()
    secret = made["secret"]
    assert len(secret) == 64 and made["active"] and made["name"] == {"ko": "호텔", "en": "Hotel"}
    path = f"{BASE}/{made['id']}"
    read = staff_api.get(path).json()
    assert "secret" not in read and read["events"] == ["member.added"]
    assert [s["id"] for s in staff_api.get(BASE).json()] == [made["id"]]

    pinged = staff_api.post(f"{path}/ping", {})
    assert pinged.status_code == 201 and pinged.json()["state"] == "delivered"
    assert verified(receiver.received[0], secret)
    deliveries = staff_api.get(f"{path}/deliveries").json()
    assert [(d["event"], d["last_status"]) for d in deliveries] == [("ping", 200)]
    assert staff_api.get(f"{path}/deliveries?state=failed").json() == []

    changed = staff_api.patch(path, {"events": ["programme.published"], "active": False}).json()
    assert changed["events"] == ["programme.published"] and not changed["active"]
    assert staff_api.patch(path, {"active": True}).json()["active"]

    assert staff_api.delete(path).status_code == 204
    assert staff_api.get(path).status_code == 404


def test_bad_input_is_refused_with_the_field_named(staff_api, summit, settings):
    settings.SUMMITRY_WEBHOOKS_ALLOW_LOCAL = False
    answer = staff_api.post(
        BASE, {"name": {"en": "X"}, "url": "http://crm.example.org", "events": ["member.added"]}
    )
    assert answer.status_code == 400 and "url" in answer.json()["errors"]
    answer = staff_api.post(
        BASE, {"name": {"en": "X"}, "url": "https://crm.example.org", "events": ["nothing"]}
    )
    assert answer.status_code == 400 and "events" in answer.json()["errors"]
    answer = staff_api.post(
        BASE,
        {
            "name": {"ko": "", "en": ""},
            "url": "https://crm.example.org",
            "events": ["member.added"],
        },
    )
    assert answer.status_code == 400
    assert not Subscription.objects.exists()


def test_only_staff_with_the_permission_at_this_summit(summit, organiser, anonymous_api):
    subscription = Subscription.objects.create(
        summit=summit,
        name_en="CRM",
        url="https://crm.example.org/",
        events=["member.added"],
        secret="s",
        owner=organiser,
        language="en",
    )
    desk, outsider = UserFactory(username="desk"), UserFactory(username="outsider")
    ensure_team(summit, name_ko="등록", name_en="Desk", codes={"delegations"}, members=[desk])
    elsewhere = SummitFactory(slug="prize")
    ensure_team(
        elsewhere, name_ko="연동", name_en="Integrations", codes={"webhooks"}, members=[outsider]
    )
    path = f"{BASE}/{subscription.pk}"
    for user in (desk, outsider):
        api = ApiClient(issue_token(user=user, name="t")[1])
        assert api.get(BASE).status_code == 403
        assert api.get(path).status_code == 403
        assert api.patch(path, {"active": False}).status_code == 403
        assert api.delete(path).status_code == 403
    outsider_api = ApiClient(issue_token(user=outsider, name="t")[1])
    assert outsider_api.get(f"/summits/prize/webhooks/{subscription.pk}").status_code == 404
    assert anonymous_api.get(BASE).status_code == 401
    assert Subscription.objects.get().active
