"""Summit invariants: held by the database, and explained by validation."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from summitry.summits.models import Room, SessionTheme, Summit, SummitOrganisation, Venue
from tests.factories import (
    OrganisationFactory,
    RoomFactory,
    SummitFactory,
    SummitOrganisationFactory,
    VenueFactory,
)

DAY = datetime.date(2023, 9, 24)


def refused_by_database(model, **fields) -> bool:
    try:
        with transaction.atomic():
            model.objects.create(**fields)
    except IntegrityError:
        return True
    return False


def summit_fields(**changes):
    return {
        "slug": "s",
        "edition": 1,
        "name_en": "S",
        "start_date": DAY,
        "end_date": DAY,
        **changes,
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes",
    [
        {"end_date": DAY - datetime.timedelta(days=1)},
        {"edition": 0},
        {"format": "carrier-pigeon"},
        {"status": "secret"},
        {"name_en": ""},
    ],
)
def test_the_database_refuses_impossible_summits(changes):
    assert refused_by_database(Summit, **summit_fields(**changes))


@pytest.mark.django_db
def test_a_valid_summit_is_accepted_and_labelled_by_edition():
    summit = Summit.objects.create(**summit_fields(edition=12))
    with translation.override("en"):
        assert summit.edition_label == "Edition 12"
    with translation.override("ko"):
        assert summit.edition_label == "제12회"


@pytest.mark.django_db
def test_the_last_day_before_the_first_is_explained():
    summit = Summit(**summit_fields(end_date=DAY - datetime.timedelta(days=1)))
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        summit.full_clean()
    assert caught.value.message_dict["end_date"] == ["The last day cannot be before the first day."]


@pytest.mark.django_db
def test_an_unknown_time_zone_is_refused():
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        Summit(**summit_fields(time_zone="Mars/Olympus")).full_clean()
    assert caught.value.message_dict["time_zone"] == [
        "“Mars/Olympus” is not a known time zone (for example Asia/Seoul)."
    ]


@pytest.mark.django_db
def test_rooms_hold_at_least_one_person():
    venue = VenueFactory()
    assert refused_by_database(Room, venue=venue, name_en="Closet", capacity=0)
    assert not refused_by_database(Room, venue=venue, name_en="Hall", capacity=None)


@pytest.mark.django_db
def test_one_main_venue_per_summit():
    summit = SummitFactory()
    VenueFactory(summit=summit, is_main=True)
    assert refused_by_database(Venue, summit=summit, name_en="Second", is_main=True)
    assert not refused_by_database(Venue, summit=summit, name_en="Annex", is_main=False)


@pytest.mark.django_db
def test_theme_numbers_are_unique_per_summit_and_positive():
    summit = SummitFactory()
    SessionTheme.objects.create(summit=summit, number=1, title_en="One")
    assert refused_by_database(SessionTheme, summit=summit, number=1, title_en="Again")
    assert refused_by_database(SessionTheme, summit=summit, number=0, title_en="Zero")
    assert not refused_by_database(
        SessionTheme, summit=SummitFactory(), number=1, title_en="Other summit"
    )


@pytest.mark.django_db
def test_an_organisation_holds_a_role_once_per_summit():
    role = SummitOrganisationFactory(role="host")
    assert refused_by_database(
        SummitOrganisation, summit=role.summit, organisation=role.organisation, role="host"
    )
    assert refused_by_database(
        SummitOrganisation, summit=role.summit, organisation=OrganisationFactory(), role="sponsor"
    )


@pytest.mark.django_db
def test_room_label_names_its_venue():
    room = RoomFactory(venue=VenueFactory(name_en="DDP"), name_en="Art Hall 2")
    with translation.override("en"):
        assert str(room) == "DDP · Art Hall 2"
