"""The demo's delegations: the press release's counts as registered on 23 September 2023."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.utils import translation

from summitry.delegations import queries
from summitry.delegations.models import (
    CountSnapshot,
    Delegate,
    Delegation,
    DelegationStatus,
    Invitation,
    StatusChange,
)
from summitry.demo.wcsmf2023_delegations import NAMED_CITIES, NAMED_ORGANISATIONS
from summitry.directory.models import Organisation, Person
from summitry.summits.models import Summit
from tests.demo_data import demo_for_the_module

SEPT_23 = datetime.date(2023, 9, 23)
PEOPLE_ON_SEPT_23 = 207
COUNTED = (Organisation, Person, Invitation, Delegation, Delegate, StatusChange, CountSnapshot)


demo_loaded = demo_for_the_module("wcsmf2023")


@pytest.fixture
def summit(demo_loaded, db):
    return Summit.objects.get(slug="wcsmf2023")


def test_the_counts_of_23_september_are_the_press_releases(summit):
    figures = queries.counts(summit, SEPT_23)
    assert (
        figures["foreign_cities"],
        figures["countries"],
        figures["organisations"],
        figures["people"],
    ) == (50, 30, 22, PEOPLE_ON_SEPT_23)
    with translation.override("en"):
        assert queries.counts_sentence(summit, figures) == (
            "50 foreign city delegations from 30 countries, and 22 international "
            "organisations and companies, as registered on 23 September"
        )
    snapshot = CountSnapshot.objects.get(summit=summit, as_of=SEPT_23)
    assert snapshot.counts == figures


def test_the_date_matters_late_and_cancelled_delegations(summit):
    zone = summit.zone
    late = Delegation.objects.filter(organisation__slug__in=["sample-almaty", "sample-org-20"])
    assert {d.registered_at.astimezone(zone).date() for d in late} == {datetime.date(2023, 9, 24)}
    assert all(d.is_sample for d in late)
    after = queries.counts(summit, datetime.date(2023, 9, 24))
    assert (after["foreign_cities"], after["countries"], after["organisations"]) == (51, 31, 23)
    assert after["people"] > PEOPLE_ON_SEPT_23

    cancelled = Delegation.objects.get(organisation__slug="sample-tashkent")
    assert (cancelled.status, cancelled.is_sample) == ("cancelled", True)
    assert cancelled.withdrawn_at.astimezone(zone).date() == datetime.date(2023, 9, 19)
    # On 18 September it still counted: every city delegation registered by then.
    end_of_18 = datetime.datetime(2023, 9, 19, tzinfo=zone)
    registered_by_18 = Delegation.objects.filter(
        summit=summit, organisation__kind="city", registered_at__lt=end_of_18
    )
    assert cancelled in registered_by_18
    assert queries.counts(summit, datetime.date(2023, 9, 18))["foreign_cities"] == (
        registered_by_18.count()
    )


def test_arrivals_and_departures_are_around_the_forum(summit):
    zone = summit.zone
    arrivals = {m.arrival_at.astimezone(zone).date() for m in Delegate.objects.all()}
    departures = {m.departure_at.astimezone(zone).date() for m in Delegate.objects.all()}
    assert arrivals == {datetime.date(2023, 9, 23), datetime.date(2023, 9, 24)}
    assert departures == {datetime.date(2023, 9, 26), datetime.date(2023, 9, 27)}


def test_samples_are_marked_and_the_rest_is_named(summit):
    named = set(NAMED_CITIES + NAMED_ORGANISATIONS)
    assert len(named) == 11
    delegations = Delegation.objects.filter(summit=summit).select_related("organisation")
    for delegation in delegations:
        slug = delegation.organisation.slug
        if delegation.is_sample:
            assert slug.startswith("sample-") or slug in named
        else:
            assert slug in named
    assert {d.organisation.slug for d in delegations if not d.is_sample} == named
    for member in Delegate.objects.select_related("person", "delegation"):
        if not member.person.slug.startswith("sample-person-"):
            assert member.role == "head" and not member.delegation.is_sample
        else:
            assert member.person.position_en.endswith("(sample)")
    heads = {
        m.delegation.organisation.slug: m.person.slug
        for m in Delegate.objects.filter(role="head").select_related("delegation__organisation")
    }
    assert heads["wellington"] == "tory-whanau"
    assert heads["taipei"] == "chiang-wan-an"
    for name in Organisation.objects.filter(slug__startswith="sample-org-").values_list(
        "name_en", flat=True
    ):
        assert name.startswith("Sample ")


def test_every_status_has_its_history(summit):
    for delegation in Delegation.objects.filter(summit=summit).prefetch_related("history"):
        history = list(delegation.history.all())
        assert history[0].from_status == DelegationStatus.INVITED
        assert history[-1].to_status == delegation.status
        assert history[0].at == delegation.registered_at


def test_wellingtons_contact_can_sign_in(summit):
    contact = get_user_model().objects.get(username="wellington")
    assert (contact.email, contact.is_staff) == ("wellington.contact@example.org", False)
    assert Client().login(
        username="wellington",
        password="summitry-demo",
        request=RequestFactory().post("/accounts/login/"),
    )
    delegation = Delegation.objects.get(summit=summit, organisation__slug="wellington")
    assert delegation.contact == contact
    assert list(queries.delegations(summit, contact)) == [delegation]
    invitation = delegation.invitation
    assert (invitation.language, invitation.contact_email, invitation.contact_name) == (
        "en",
        "wellington.contact@example.org",
        "Wellington International Relations",
    )
    assert invitation.claimed_at is not None
    assert len(invitation.digest) == 64


def test_loading_twice_changes_nothing(summit):
    before = {model.__name__: model.objects.count() for model in COUNTED}
    figures = queries.counts(summit, SEPT_23)
    contact = get_user_model().objects.get(username="wellington")
    contact.set_password("changed-by-the-contact")
    contact.save()
    digest = Invitation.objects.get().digest
    call_command("demo", "load", "wcsmf2023")
    assert {model.__name__: model.objects.count() for model in COUNTED} == before
    assert queries.counts(summit, SEPT_23) == figures
    assert CountSnapshot.objects.filter(summit=summit, as_of=SEPT_23).count() == 1
    assert Invitation.objects.get().digest == digest
    contact.refresh_from_db()
    assert contact.check_password("changed-by-the-contact")


def test_the_home_page_gives_the_one_figure_the_counts_give(summit):
    page = Client(headers={"Accept-Language": "en"}).get("/wcsmf2023/").content.decode()
    assert (
        "50 foreign city delegations from 30 countries, and 22 international organisations "
        "and companies, as registered on 23 September" in page
    )
    assert "from 8 countries" not in page
