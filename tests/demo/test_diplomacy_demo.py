"""The demo's city diplomacy: seed 001's 7 bilateral meetings and 2 agreements (Wellington,
Kyiv) with 9 cities, around the programme; a protocol officer login; loaded twice without
change."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import authenticate
from django.core import mail
from django.core.management import call_command
from django.test import RequestFactory

from summitry.core.models import OutboundMessage
from summitry.delegations.models import Delegate
from summitry.diplomacy import scheduling
from summitry.diplomacy.models import (
    Agreement,
    AgreementChange,
    Gift,
    Interpreter,
    MeetingRequest,
)
from summitry.programme import queries as programme_queries
from summitry.programme.models import ProgrammeItem
from summitry.summits import permissions
from summitry.summits.models import Summit
from tests.demo_data import demo_for_the_module

SEOUL = ZoneInfo("Asia/Seoul")
MODELS = (MeetingRequest, Agreement, AgreementChange, Gift, Interpreter, ProgrammeItem, LogEntry)


demo_loaded = demo_for_the_module("wcsmf2023")


@pytest.fixture
def summit(demo_loaded, db):
    return Summit.objects.get(slug="wcsmf2023")


def test_nine_cities_seven_meetings_and_two_agreements(summit):
    meetings = list(MeetingRequest.objects.filter(summit=summit))
    assert len(meetings) == 7
    assert all(m.is_sample and m.status == "accepted" and m.item_id for m in meetings)
    cities = {m.requester.slug for m in meetings} | {m.counterpart.slug for m in meetings}
    cities.discard("seoul")
    agreements = {a.partner.slug: a for a in Agreement.objects.filter(summit=summit)}
    assert len(cities | set(agreements)) == 9
    assert set(agreements) == {"wellington", "kyiv"}
    assert agreements["wellington"].kind == "upgrade"
    assert agreements["kyiv"].kind == "friendship"
    assert agreements["kyiv"].title_ko == "서울-키이우 우호도시 협약"
    for agreement in agreements.values():
        assert agreement.status == "signed"
        assert agreement.ceremony.kind == "ceremony"
        assert {p.slug for p in agreement.signatories.all()} >= {"oh-se-hoon"}
    # Every meeting has the host's mayor, and the schedule keeps every rule.
    assert all(m.attendees.filter(slug="oh-se-hoon").exists() for m in meetings)
    assert scheduling.verify_draft(summit) == []


def test_the_meetings_are_in_the_heads_itineraries(summit):
    head = Delegate.objects.get(delegation__summit=summit, person__slug="chiang-wan-an")
    titles = [i.title_en for i in programme_queries.itinerary(summit, head)]
    assert "Bilateral meeting: Taipei – Seoul Metropolitan Government" in titles
    other = Delegate.objects.get(delegation__summit=summit, person__slug="tory-whanau")
    titles = [i.title_en for i in programme_queries.itinerary(summit, other)]
    assert not any("Taipei" in t for t in titles)
    assert "Signing ceremony: MOU upgrading Seoul and Wellington to friendship cities" in titles


def test_the_protocol_officer_login(summit):
    user = authenticate(
        RequestFactory().post("/accounts/login/"), username="protocol", password="summitry-demo"
    )
    assert user is not None and not user.is_staff and not user.is_superuser
    assert [t.name_en for t in user.summit_teams.all()] == ["Protocol"]
    assert permissions.permissions_at(user, summit) == {"meetings", "gifts", "agreements"}
    assert permissions.works_on(user, summit)
    assert not permissions.summits_worked_on(user).exclude(pk=summit.pk).exists()


def test_loading_twice_changes_nothing_and_sends_nothing(summit):
    before = {model.__name__: model.objects.count() for model in MODELS}
    times = list(MeetingRequest.objects.values_list("pk", "starts_at", "room_id", "item_id"))
    call_command("demo", "load", "wcsmf2023")
    assert {model.__name__: model.objects.count() for model in MODELS} == before
    assert (
        list(MeetingRequest.objects.values_list("pk", "starts_at", "room_id", "item_id")) == times
    )
    assert mail.outbox == []
    assert not OutboundMessage.objects.filter(kind__startswith="meeting").exists()
    first = MeetingRequest.objects.order_by("starts_at").first()
    assert first.starts_at.astimezone(SEOUL).date() == datetime.date(2023, 9, 25)


def test_the_summit_home_links_the_partner_cities(summit):
    from django.test import Client

    page = Client(headers={"Accept-Language": "en"}).get("/wcsmf2023/").content.decode()
    assert 'href="/wcsmf2023/partners/"' in page
