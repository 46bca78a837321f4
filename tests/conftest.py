"""Shared fixtures: users with and without rights, API tokens, an API client."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from summitry.core.tokens import issue_token
from summitry.demo.loader import ensure_organiser
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (cached pages, rate limits)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def english_by_default():
    """Outside a request, code runs in English unless a test says otherwise; requests still
    choose their language from the cookie or Accept-Language (Korean by default)."""
    with translation.override("en"):
        yield


@pytest.fixture
def organiser(db):
    """Staff in the organiser group, as the demo creates it (not a superuser)."""
    user, _created = ensure_organiser()
    return user


@pytest.fixture
def staff_token(organiser) -> str:
    return issue_token(user=organiser, name="tests")[1]


@pytest.fixture
def member_token(db) -> str:
    """A valid token of a user who is not staff."""
    return issue_token(user=UserFactory(username="member"), name="tests")[1]


class ApiClient:
    """JSON requests to /api/v1/ with an optional bearer token and language."""

    def __init__(self, token: str | None = None, language: str = "en"):
        self.client = Client()
        self.headers = {"Accept-Language": language}
        if token:
            self.headers["Authorization"] = f"Bearer {token}"

    def _send(self, method: str, path: str, body=None):
        kwargs = {"headers": self.headers}
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        return getattr(self.client, method)(f"/api/v1{path}", **kwargs)

    def get(self, path):
        return self._send("get", path)

    def post(self, path, body):
        return self._send("post", path, body)

    def patch(self, path, body):
        return self._send("patch", path, body)

    def delete(self, path):
        return self._send("delete", path)


@pytest.fixture
def anonymous_api(db) -> ApiClient:
    return ApiClient()


@pytest.fixture
def staff_api(staff_token) -> ApiClient:
    return ApiClient(staff_token)


@pytest.fixture
def member_api(member_token) -> ApiClient:
    return ApiClient(member_token)


@pytest.fixture
def invalid_token_api(db) -> ApiClient:
    return ApiClient("not-a-token-anyone-was-given")


@pytest.fixture
def staff_without_permission_api(db) -> ApiClient:
    """A staff user's valid token, but the user holds no model permissions."""
    intern = UserFactory(username="intern", is_staff=True)
    return ApiClient(issue_token(user=intern, name="tests")[1])


@pytest.fixture
def korean_staff_api(staff_token) -> ApiClient:
    return ApiClient(staff_token, language="ko")
