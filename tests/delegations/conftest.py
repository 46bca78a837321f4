"""Fixtures of the delegations tests: a summit with a host, an invited city, a contact."""

import datetime

import pytest

from summitry.delegations import services
from summitry.delegations.models import Delegation
from tests.factories import (
    OrganisationFactory,
    SummitFactory,
    SummitOrganisationFactory,
    UserFactory,
)


@pytest.fixture
def summit(db):
    summit = SummitFactory(slug="forum", name_en="Mayors Forum", name_ko="시장포럼")
    SummitOrganisationFactory(
        summit=summit,
        role="host",
        organisation=OrganisationFactory(
            slug="seoul", name_en="Seoul", name_ko="서울", country="KR"
        ),
    )
    return summit


@pytest.fixture
def wellington(db):
    return OrganisationFactory(
        slug="wellington", name_en="Wellington", name_ko="웰링턴", country="NZ"
    )


@pytest.fixture
def invited(summit, wellington, organiser):
    """Wellington invited by the organiser: (invitation, secret)."""
    return services.invite(
        actor=organiser,
        summit=summit,
        organisation=wellington,
        contact_name="Aroha Smith",
        contact_email="aroha@wellington.example",
        language="en",
    )


@pytest.fixture
def contact(invited):
    invitation, _secret = invited
    return services.claim_invitation(
        invitation=invitation,
        name="Aroha Smith",
        email="aroha@wellington.example",
        password="a sturdy passphrase 2023",
    )


@pytest.fixture
def delegation(invited, contact):
    return Delegation.objects.get(invitation=invited[0])


@pytest.fixture
def stranger(db):
    return UserFactory(username="stranger")


def member_data(**changes):
    return {
        "role": "member",
        "given_name": "Tory",
        "family_name": "Whanau",
        "name_hangul": "토리 화나우",
        "position": {"en": "Mayor"},
        "arrival_at": datetime.datetime(2023, 9, 23, 14, 30, tzinfo=datetime.UTC),
        "departure_at": datetime.datetime(2023, 9, 27, 1, 0, tzinfo=datetime.UTC),
        "interpretation_language": "en",
        **changes,
    }
