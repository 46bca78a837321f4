"""Fixtures of the webhooks tests: a summit with an invited city, a local receiver, and
plain http:// to this machine allowed (as in development)."""

import pytest

from summitry.delegations import services as delegation_services
from summitry.delegations.models import Delegation
from tests.factories import OrganisationFactory, SummitFactory

from .receiver import Receiver


@pytest.fixture(autouse=True)
def local_receivers(settings):
    settings.SUMMITRY_WEBHOOKS_ALLOW_LOCAL = True


@pytest.fixture
def receiver():
    found = Receiver()
    yield found
    found.close()


@pytest.fixture
def summit(db):
    return SummitFactory(slug="forum", name_en="Mayors Forum", name_ko="시장포럼")


@pytest.fixture
def delegation(summit, organiser):
    organisation = OrganisationFactory(
        slug="wellington", name_en="Wellington", name_ko="웰링턴", country="NZ"
    )
    invitation, _secret = delegation_services.invite(
        actor=organiser,
        summit=summit,
        organisation=organisation,
        contact_name="Aroha Smith",
        contact_email="aroha@wellington.example",
        language="en",
    )
    return Delegation.objects.get(invitation=invitation)


MEMBER = {
    "role": "head",
    "given_name": "Tory",
    "family_name": "Whanau",
    "email": "tory@wellington.example",
    "phone": "+64 4 499 4444",
    "hotel": "Lotte Hotel Seoul",
    "dietary_needs": "vegetarian",
    "access_needs": "Wheelchair access",
}
