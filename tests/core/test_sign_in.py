"""Signing in: throttled guessing (per account and address, behind trusted proxies), password
reset and change for everyone, and API tokens that expire and their owner can revoke."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.utils import timezone

from summitry.core.models import ApiToken
from summitry.core.ratelimit import client_address
from summitry.core.tokens import issue_token, user_for_token
from tests.factories import UserFactory

PASSWORD = "the right passphrase 42"


@pytest.fixture
def account(db):
    user = UserFactory(username="aroha@example.org", email="aroha@example.org")
    user.set_password(PASSWORD)
    user.save()
    return user


def sign_in(client: Client, password: str, username="aroha@example.org", **headers):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, headers=headers
    )


@pytest.mark.parametrize("path", ["/accounts/login/", "/admin/login/"])
def test_guessing_a_password_is_stopped(account, path):
    client = Client()
    for _attempt in range(10):
        client.post(path, {"username": "aroha@example.org", "password": "wrong"})
    refused = client.post(path, {"username": "aroha@example.org", "password": PASSWORD})
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session


def test_one_address_does_not_lock_out_the_others_behind_it(account):
    other = UserFactory(username="kim@example.org", email="kim@example.org")
    other.set_password(PASSWORD)
    other.save()
    client = Client()
    for _attempt in range(12):
        sign_in(client, "wrong")
    # Same address, another account: signs in.
    assert sign_in(Client(), PASSWORD, username="kim@example.org").status_code == 302


def test_a_right_password_before_the_limit_works(account):
    client = Client()
    for _attempt in range(5):
        sign_in(client, "wrong")
    assert sign_in(client, PASSWORD).status_code == 302


@override_settings(SUMMITRY_TRUSTED_PROXIES=["10.0.0.0/8"])
def test_the_client_address_is_read_through_trusted_proxies_only(rf):
    behind = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9, 10.0.0.7")
    assert client_address(behind) == "203.0.113.9"
    spoofed = rf.get("/", REMOTE_ADDR="198.51.100.4", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_address(spoofed) == "198.51.100.4"
    forged_left = rf.get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9"
    )
    assert client_address(forged_left) == "203.0.113.9"


@override_settings(SUMMITRY_TRUSTED_PROXIES=["127.0.0.1"])
def test_behind_a_proxy_each_visitor_has_their_own_sign_in_limit(account):
    attacker = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.66")
    for _attempt in range(12):
        attacker.post("/accounts/login/", {"username": "aroha@example.org", "password": "x"})
    owner = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    response = owner.post(
        "/accounts/login/", {"username": "aroha@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302


def test_anyone_resets_a_forgotten_password_by_e_mail(account):
    client = Client(headers={"Accept-Language": "ko"})
    asked = client.post("/accounts/password/reset/", {"email": "aroha@example.org"})
    assert asked.status_code == 302
    message = mail.outbox[-1]
    assert message.to == ["aroha@example.org"]
    link = re.search(r"/accounts/password/reset/[^\s]+/[^\s]+/", message.body).group()
    form = client.get(link, follow=True)
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a brand new passphrase", "new_password2": "a brand new passphrase"},
    )
    assert done.status_code == 302
    account.refresh_from_db()
    assert account.check_password("a brand new passphrase")
    # An unknown address is told the same, and nothing is sent.
    sent = len(mail.outbox)
    client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert len(mail.outbox) == sent


def test_a_signed_in_person_changes_their_password(account):
    client = Client()
    client.force_login(account)
    response = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "another fresh passphrase",
            "new_password2": "another fresh passphrase",
        },
    )
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.check_password("another fresh passphrase")
    assert Client().get("/accounts/password/").status_code == 302  # sign in first


def test_tokens_expire(account):
    token, secret = issue_token(user=account, name="sync", valid_for=datetime.timedelta(days=7))
    assert user_for_token(secret) == account
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    assert user_for_token(secret) is None
    # Never longer than a year, whatever is asked.
    long, _secret = issue_token(user=account, name="x", valid_for=datetime.timedelta(days=9999))
    assert long.expires_at - long.created_at <= datetime.timedelta(days=367)


def test_the_owner_issues_and_revokes_their_tokens_on_their_page(account):
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(account)
    page = client.post("/accounts/tokens/", {"name": "CRM sync", "days": "30"})
    secret = re.search(r'<code id="new-token">([^<]+)</code>', page.content.decode()).group(1)
    assert user_for_token(secret) == account
    token = ApiToken.objects.get(user=account, name="CRM sync")
    assert (token.expires_at - timezone.now()).days in (29, 30)
    assert secret not in client.get("/accounts/tokens/").content.decode()  # shown once

    someone = Client()
    someone.force_login(UserFactory(username="someone"))
    assert someone.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    assert user_for_token(secret) == account

    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 302
    assert user_for_token(secret) is None
    api = Client().get("/api/v1/summits", headers={"Authorization": f"Bearer {secret}"})
    assert api.status_code == 401


def test_a_request_without_a_client_address_is_recorded_without_one(rf):
    from summitry.core.ratelimit import client_ip

    request = rf.get("/")
    request.META.pop("REMOTE_ADDR", None)
    assert client_address(request) == "unknown"  # still a key for rate limits
    assert client_ip(request) is None  # never an invalid address in PostgreSQL's inet column
    assert client_ip(rf.get("/", REMOTE_ADDR="::1")) == "::1"
