"""The chair's staff set up the agenda and the votes on the console (before: the Django
admin): who may, who may not, and bad input refused with nothing changed."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from summitry.assembly import services
from summitry.assembly.models import AgendaItem, Member, Poll
from tests.factories import OrganisationFactory

from .support import make_assembly

pytestmark = pytest.mark.django_db


def url(assembly):
    return reverse("assembly:setup", args=[assembly.summit.slug, assembly.slug])


def staff(organiser):
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(organiser)
    return client


def test_staff_add_an_item_and_a_ranked_election_from_the_console(organiser):
    assembly, rights, _item = make_assembly(members=4)
    client = staff(organiser)
    console = client.get(
        reverse("assembly:manage", args=[assembly.summit.slug, assembly.slug])
    ).content.decode()
    assert url(assembly) in console  # reachable from the assembly's console page
    answer = client.post(
        url(assembly),
        {"form": "item", "kind": "election", "title_ko": "집행위원 선거", "title_en": "Election"},
    )
    assert answer.status_code == 302
    item = AgendaItem.objects.get(title_en="Election")
    assert item.position == 2 and item.kind == "election" and item.title_ko == "집행위원 선거"
    members = [str(r.member_id) for r in rights[:3]]
    answer = client.post(
        url(assembly),
        {
            "form": "poll",
            "agenda_item": item.pk,
            "title_en": "Executive committee",
            "kind": "secret",
            "method": "ranked",
            "seats": "2",
            "candidates": members,
        },
    )
    assert answer.status_code == 302
    poll = Poll.objects.get(title_en="Executive committee")
    assert poll.method == "ranked" and poll.seats == 2 and poll.state == "draft"
    assert sorted(str(pk) for pk in poll.candidates.values_list("pk", flat=True)) == sorted(members)
    page = client.get(url(assembly)).content.decode()
    assert "Executive committee" in page and "single transferable vote" in page
    # It is opened, cast and counted like any vote.
    services.open_poll(actor=organiser, poll=poll)
    services.cast(
        actor=rights[0].delegate, poll=poll, member_id=rights[0].member_id, choice=members[:2]
    )
    assert services.close_poll(actor=organiser, poll=poll).result["kind"] == "stv"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"method": "block", "seats": "2"}, "at least one candidate"),
        ({"method": "motion", "rule_fraction": "3/2"}, "fraction above 0 and at most 1"),
        ({"method": "motion", "rule_fraction": "two thirds"}, "fraction above 0"),
        ({"method": "ranked", "seats": "0", "candidates": ["own"]}, "at least one seat"),
        ({"method": "list", "candidates": ["stranger"]}, "members of the assembly's body"),
        ({"method": "motion", "title_en": "", "title_ko": ""}, "question"),
        ({"method": "motion", "agenda_item": "999999"}, "item of this assembly's agenda"),
    ],
)
def test_bad_votes_are_refused_with_nothing_changed(organiser, data, message):
    assembly, rights, item = make_assembly(members=2)
    stranger = Member.objects.create(
        body=OrganisationFactory(slug="other-body"), organisation=OrganisationFactory()
    )
    ids = {"own": str(rights[0].member_id), "stranger": str(stranger.pk)}
    posted = {
        "form": "poll",
        "agenda_item": item.pk,
        "title_en": "Question",
        "kind": "open",
        **data,
    }
    if "candidates" in data:
        posted["candidates"] = [ids[c] for c in data["candidates"]]
    answer = staff(organiser).post(url(assembly), posted)
    assert answer.status_code == 400
    assert any(message in error for error in answer.context["errors"]), answer.context["errors"]
    assert not Poll.objects.exists()


def test_an_item_without_a_title_is_refused_in_korean_too(organiser):
    assembly, _rights, _item = make_assembly(members=2)
    client = Client(headers={"Accept-Language": "ko"})
    client.force_login(organiser)
    answer = client.post(url(assembly), {"form": "item", "kind": "report"})
    assert answer.status_code == 400 and answer.context["errors"]
    assert AgendaItem.objects.count() == 1


def test_delegates_and_other_summits_staff_may_not(organiser):
    assembly, rights, item = make_assembly(members=2)
    delegate = Client()
    delegate.force_login(rights[0].delegate)
    assert delegate.get(url(assembly)).status_code == 404
    answer = delegate.post(url(assembly), {"form": "item", "kind": "report", "title_en": "X"})
    assert answer.status_code == 404
    with pytest.raises(PermissionDenied):
        services.add_agenda_item(
            actor=rights[0].delegate,
            assembly=assembly,
            kind="report",
            title={"en": "X"},
            description={},
        )
    with pytest.raises(PermissionDenied):
        services.add_poll(
            actor=rights[0].delegate,
            assembly=assembly,
            agenda_item_id=item.pk,
            title={"en": "X"},
            kind="open",
            method="motion",
        )
    assert AgendaItem.objects.count() == 1 and not Poll.objects.exists()
    with pytest.raises(ValidationError):
        services.add_poll(
            actor=organiser,
            assembly=assembly,
            agenda_item_id=item.pk,
            title={"en": "X"},
            kind="open",
            method="motion",
            candidate_ids=[rights[0].member_id],
        )
