"""Fixtures of the online tests: a summit with a published programme of two items (one soon,
one in a week), a registered attendee, a speaker, an outsider, and staff clients."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from summitry.delegations import services as delegation_services
from summitry.delegations.models import Delegation
from summitry.demo.loader import ensure_team
from summitry.programme.models import ItemPerson, ProgrammeItem
from summitry.programme.releases import publish
from tests.factories import OrganisationFactory, SummitFactory, UserFactory


class World:
    pass


def client_of(user, language: str = "en") -> Client:
    client = Client(headers={"Accept-Language": language})
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def world(organiser):
    w = World()
    now = timezone.now().replace(microsecond=0)
    w.summit = SummitFactory(
        slug="forum",
        name_en="Mayors Forum",
        name_ko="시장포럼",
        start_date=(now - datetime.timedelta(days=1)).date(),
        end_date=(now + datetime.timedelta(days=10)).date(),
    )
    w.organiser = organiser
    w.soon = ProgrammeItem.objects.create(
        summit=w.summit,
        kind="forum_session",
        block="morning",
        title_en="Mayors' meeting",
        title_ko="도시정부 시장회의",
        starts_at=now + datetime.timedelta(minutes=10),
        ends_at=now + datetime.timedelta(minutes=130),
    )
    w.later = ProgrammeItem.objects.create(
        summit=w.summit,
        kind="forum_session",
        block="afternoon",
        title_en="Climate session",
        title_ko="기후환경 세션",
        starts_at=now + datetime.timedelta(days=7),
        ends_at=now + datetime.timedelta(days=7, minutes=90),
    )
    publish(actor=organiser, summit=w.summit)

    organisation = OrganisationFactory(slug="moscow", name_en="Moscow", country="RU")
    invitation, _secret = delegation_services.invite(
        actor=organiser,
        summit=w.summit,
        organisation=organisation,
        contact_name="Contact",
        contact_email="contact@moscow.example",
        language="en",
    )
    delegation = Delegation.objects.get(invitation=invitation)
    w.attendee_user = UserFactory(username="attendee")
    w.attendee = delegation_services.add_member(
        actor=organiser,
        delegation=delegation,
        data={
            "role": "head",
            "given_name": "Sergey",
            "family_name": "Sobyanin",
            "email": "s@moscow.example",
        },
    )
    w.attendee.user = w.attendee_user
    w.attendee.save(update_fields=["user"])
    w.speaker_user = UserFactory(username="speaker")
    w.speaker = delegation_services.add_member(
        actor=organiser,
        delegation=delegation,
        data={
            "role": "member",
            "given_name": "Anies",
            "family_name": "Baswedan",
            "email": "a@jakarta.example",
        },
    )
    w.speaker.user = w.speaker_user
    w.speaker.place = "cancelled"  # not registered: entitled only as the speaker
    w.speaker.save(update_fields=["user", "place"])
    ItemPerson.objects.create(item=w.soon, person=w.speaker.person, role="speaker")
    w.outsider = UserFactory(username="outsider")
    w.no_perm = UserFactory(username="noperm")
    ensure_team(w.summit, name_ko="무권한", name_en="Nothing", codes=set(), members=[w.no_perm])
    w.elsewhere = UserFactory(username="elsewhere")
    other = SummitFactory(slug="prize")
    ensure_team(
        other, name_ko="조직위", name_en="Elsewhere", codes={"online"}, members=[w.elsewhere]
    )
    return w


@pytest.fixture
def staff(world):
    return client_of(world.organiser)
