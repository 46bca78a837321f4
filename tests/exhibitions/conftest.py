"""A summit with an exhibition, its staff, an exhibitor's account and a team member without
the exhibitions permission."""

from __future__ import annotations

import pytest
from django.test import Client

from summitry.core.tokens import issue_token
from summitry.demo.loader import ensure_team
from tests.factories import SummitFactory, UserFactory

from .support import make_exhibition


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def summit(organiser):
    return SummitFactory(slug="forum")


@pytest.fixture
def exhibition(summit, organiser):
    return make_exhibition(summit, organiser)


@pytest.fixture
def company(db):
    return UserFactory(username="company", email="company@example.org")


@pytest.fixture
def no_perm(summit):
    user = UserFactory(username="nobody")
    ensure_team(summit, name_ko="무권한", name_en="Nothing", codes={"press"}, members=[user])
    return user


@pytest.fixture
def exhibition_staff(summit):
    """A team member holding only the exhibitions permission."""
    user = UserFactory(username="booths")
    ensure_team(
        summit, name_ko="전시", name_en="Exhibitions", codes={"exhibitions"}, members=[user]
    )
    return user


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def tokens(organiser, no_perm, exhibition_staff, company):
    return {
        name: issue_token(user=user, name="t")[1]
        for name, user in (
            ("staff", exhibition_staff),
            ("no_perm", no_perm),
            ("company", company),
        )
    }
