"""Factories for the tests: real rows in the real database, no mocks."""

from __future__ import annotations

import datetime

import factory
from django.contrib.auth import get_user_model

from summitry.directory.models import Organisation, OrganisationKind, Person, ProtocolRank
from summitry.summits.models import (
    OrganisationRole,
    Room,
    SessionTheme,
    Summit,
    SummitOrganisation,
    SummitStatus,
    Venue,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    slug = factory.Sequence(lambda n: f"city-{n}")
    kind = OrganisationKind.CITY
    name_en = factory.Sequence(lambda n: f"City {n}")
    name_ko = factory.Sequence(lambda n: f"도시 {n}")
    country = "NZ"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    slug = factory.Sequence(lambda n: f"person-{n}")
    given_name = "Tory"
    family_name = factory.Sequence(lambda n: f"Whanau{n}")
    name_hangul = "토리 화나우"
    position_en = "Mayor"
    position_ko = "시장"
    protocol_rank = ProtocolRank.MAYOR
    organisation = factory.SubFactory(OrganisationFactory)


class SummitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Summit
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"summit{n}")
    edition = 1
    name_en = factory.Sequence(lambda n: f"Summit {n}")
    name_ko = factory.Sequence(lambda n: f"정상회의 {n}")
    theme_en = "Inclusive cities"
    theme_ko = "포용 도시"
    start_date = datetime.date(2023, 9, 24)
    end_date = datetime.date(2023, 9, 26)
    status = SummitStatus.PUBLISHED

    @factory.post_generation
    def organisers(summit, create, extracted, **kwargs):
        """Every test summit has its organisers' team, every permission, with the demo
        organiser (the ``organiser`` fixture) in it; ``organisers=False`` leaves it out."""
        if create and extracted is not False:
            from summitry.demo.loader import ensure_organisers_team

            ensure_organisers_team(summit)


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    summit = factory.SubFactory(SummitFactory)
    name_en = factory.Sequence(lambda n: f"Venue {n}")
    name_ko = factory.Sequence(lambda n: f"행사장 {n}")


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    venue = factory.SubFactory(VenueFactory)
    name_en = factory.Sequence(lambda n: f"Room {n}")
    name_ko = factory.Sequence(lambda n: f"회의실 {n}")
    capacity = 100


class SessionThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionTheme

    summit = factory.SubFactory(SummitFactory)
    number = factory.Sequence(lambda n: n + 1)
    title_en = factory.Sequence(lambda n: f"Theme {n}")
    title_ko = factory.Sequence(lambda n: f"주제 {n}")


class SummitOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SummitOrganisation

    summit = factory.SubFactory(SummitFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = OrganisationRole.PARTICIPANT
