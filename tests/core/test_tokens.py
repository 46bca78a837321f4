"""API tokens: only a digest is stored; revoked tokens and inactive users are refused."""

import hashlib

import pytest

from summitry.core.models import ApiToken
from summitry.core.tokens import issue_token, revoke_token, user_for_token
from tests.factories import UserFactory


@pytest.mark.django_db
def test_a_token_is_stored_as_a_digest_and_identifies_its_user():
    user = UserFactory()
    token, secret = issue_token(user=user, name="sync")
    assert len(secret) >= 43  # 32 random bytes in URL-safe base64
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert not ApiToken.objects.filter(digest=secret).exists()
    assert user_for_token(secret) == user
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.django_db
def test_revoked_tokens_unknown_tokens_and_inactive_users_are_refused():
    user = UserFactory()
    token, secret = issue_token(user=user, name="old")
    revoke_token(token=token)
    assert user_for_token(secret) is None
    assert user_for_token("not-a-token") is None
    _token, other = issue_token(user=user, name="new")
    user.is_active = False
    user.save()
    assert user_for_token(other) is None


@pytest.mark.django_db
def test_the_command_prints_a_working_token(capsys):
    from django.core.management import call_command

    user = UserFactory(username="ops", is_staff=True)
    call_command("api_token", "ops", "--name", "deploy")
    secret = capsys.readouterr().out.strip()
    assert user_for_token(secret) == user
    assert ApiToken.objects.get(user=user).name == "deploy"
