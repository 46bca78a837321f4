"""Fixtures of the check-in tests: a summit with zones, categories, delegates and a door."""

import datetime

import pytest

from summitry.checkin import services
from summitry.delegations.models import Delegate, Delegation
from summitry.demo.loader import ensure_team
from tests.factories import OrganisationFactory, PersonFactory, SummitFactory, UserFactory


@pytest.fixture
def summit(db):
    return SummitFactory(slug="forum", name_en="Mayors Forum", name_ko="시장포럼")


@pytest.fixture
def hall(summit, organiser):
    return services.create_zone(
        actor=organiser, summit=summit, name={"ko": "포럼 홀", "en": "Forum hall"}
    )


@pytest.fixture
def lounge(summit, organiser):
    return services.create_zone(
        actor=organiser, summit=summit, name={"ko": "VIP 라운지", "en": "VIP lounge"}
    )


@pytest.fixture
def delegate_category(summit, organiser, hall):
    return services.create_category(
        actor=organiser,
        summit=summit,
        name={"ko": "대표단", "en": "Delegate"},
        colour="#1d4ed8",
        zones=[hall],
    )


@pytest.fixture
def delegation(summit):
    organisation = OrganisationFactory(
        slug="wellington", name_en="Wellington", name_ko="웰링턴", country="NZ"
    )
    return Delegation.objects.create(summit=summit, organisation=organisation)


def make_delegate(delegation, **person) -> Delegate:
    return Delegate.objects.create(
        delegation=delegation,
        person=PersonFactory(organisation=delegation.organisation, **person),
    )


@pytest.fixture
def delegate(delegation):
    return make_delegate(
        delegation, given_name="Tory", family_name="Whanau", name_hangul="토리 화나우"
    )


@pytest.fixture
def badge(organiser, summit, delegate, delegate_category):
    services.assign_category(
        actor=organiser, summit=summit, delegates=[delegate], category=delegate_category
    )
    return services.issue(actor=organiser, delegate=delegate)


@pytest.fixture
def door(summit):
    """A door operator: in a team holding only the check-in permission."""
    user = UserFactory(username="door")
    ensure_team(summit, name_ko="출입", name_en="Doors", codes=["checkin"], members=[user])
    return user


# The summit's first day, 09:00 in Seoul.
MORNING = datetime.datetime(2023, 9, 24, 0, 0, tzinfo=datetime.UTC)
