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


# --- changing and deleting agenda items and votes ----------------------------------------------


def _draft_vote(assembly, item, rights):
    return services.add_poll(
        actor=assembly.summit_organiser,
        assembly=assembly,
        agenda_item_id=item.pk,
        title={"en": "Executive committee", "ko": "집행위원회"},
        kind="secret",
        method="block",
        seats="2",
        candidate_ids=[r.member_id for r in rights[:3]],
    )


@pytest.fixture
def setup_world(organiser):
    assembly, rights, item = make_assembly(members=4)
    assembly.summit_organiser = organiser
    return assembly, rights, item, _draft_vote(assembly, item, rights)


def item_url(assembly, item, action=""):
    name = "assembly:setup-item-delete" if action == "delete" else "assembly:setup-item"
    return reverse(name, args=[assembly.summit.slug, assembly.slug, item.pk])


def poll_url(assembly, poll, action=""):
    name = "assembly:setup-poll-delete" if action == "delete" else "assembly:setup-poll"
    return reverse(name, args=[assembly.summit.slug, assembly.slug, poll.pk])


def test_staff_change_an_agenda_item(organiser, setup_world):
    assembly, _rights, item, _poll = setup_world
    client = staff(organiser)
    page = client.get(url(assembly)).content.decode()
    assert item_url(assembly, item) in page and item_url(assembly, item, "delete") in page
    form = client.get(item_url(assembly, item)).content.decode()
    assert 'value="Budget"' in form and 'value="예산"' in form
    answer = client.post(
        item_url(assembly, item),
        {"kind": "report", "title_en": "Budget 2024", "title_ko": "2024 예산", "position": "3"},
    )
    assert answer.status_code == 302
    item.refresh_from_db()
    assert (item.title_en, item.title_ko, item.kind, item.position) == (
        "Budget 2024",
        "2024 예산",
        "report",
        3,
    )
    bad = client.post(item_url(assembly, item), {"kind": "report", "position": "third"})
    assert bad.status_code == 400 and "The order is a whole number." in bad.content.decode()
    item.refresh_from_db()
    assert item.title_en == "Budget 2024" and item.position == 3


def test_staff_change_and_delete_a_vote_not_opened(organiser, setup_world):
    assembly, rights, item, poll = setup_world
    client = staff(organiser)
    form = client.get(poll_url(assembly, poll)).content.decode()
    assert 'value="Executive committee"' in form and form.count(" checked") == 3
    answer = client.post(
        poll_url(assembly, poll),
        {
            "agenda_item": item.pk,
            "title_en": "Executive committee cities",
            "kind": "secret",
            "method": "ranked",
            "seats": "2",
            "candidates": [str(r.member_id) for r in rights],
        },
    )
    assert answer.status_code == 302
    poll.refresh_from_db()
    assert poll.method == "ranked" and poll.title_en == "Executive committee cities"
    assert poll.candidates.count() == 4
    bad = client.post(
        poll_url(assembly, poll),
        {"agenda_item": item.pk, "title_en": "X", "kind": "open", "method": "block"},
    )
    assert bad.status_code == 400 and "at least one candidate" in bad.content.decode()
    poll.refresh_from_db()
    assert poll.method == "ranked" and poll.candidates.count() == 4
    asked = client.post(poll_url(assembly, poll, "delete"))
    assert asked.status_code == 200 and Poll.objects.filter(pk=poll.pk).exists()
    assert client.post(poll_url(assembly, poll, "delete"), {"confirmed": "1"}).status_code == 302
    assert not Poll.objects.filter(pk=poll.pk).exists()


def test_an_opened_vote_is_neither_changed_nor_deleted(organiser, setup_world):
    assembly, rights, item, poll = setup_world
    services.open_poll(actor=organiser, poll=poll)
    services.cast(
        actor=rights[0].delegate,
        poll=poll,
        member_id=rights[0].member_id,
        choice=[str(rights[1].member_id)],
    )
    client = staff(organiser)
    page = client.get(url(assembly)).content.decode()
    assert poll_url(assembly, poll, "delete") not in page
    assert item_url(assembly, item, "delete") not in page and "cannot be deleted" in page
    changed = client.post(
        poll_url(assembly, poll),
        {"agenda_item": item.pk, "title_en": "Y", "kind": "open", "method": "motion"},
    )
    assert changed.status_code == 400
    assert "has been opened: votes may have been cast" in changed.content.decode()
    gone = client.post(poll_url(assembly, poll, "delete"), {"confirmed": "1"}, follow=True)
    assert "has been opened: votes may have been cast" in gone.content.decode()
    deleted = client.post(item_url(assembly, item, "delete"), {"confirmed": "1"}, follow=True)
    assert "“Budget” cannot be deleted. A vote on this item has been opened" in (
        deleted.content.decode()
    )
    kind = client.post(
        item_url(assembly, item), {"kind": "report", "title_en": "Budget", "position": "1"}
    )
    assert kind.status_code == 400 and "its kind can no longer change" in kind.content.decode()
    poll.refresh_from_db()
    item.refresh_from_db()
    assert poll.title_en == "Executive committee" and item.kind == "motion"


def test_an_item_whose_documents_went_out_is_not_deleted(organiser, setup_world):
    from django.core.files.base import ContentFile

    from summitry.assembly.models import AgendaCirculation, AgendaDocument

    assembly, _rights, item, poll = setup_world
    circulation = AgendaCirculation.objects.create(assembly=assembly, version=1, digest="x")
    document = AgendaDocument(
        assembly=assembly, agenda_item=item, title_en="Report", file_name="r.pdf", sha256="0"
    )
    document.file.save("r.pdf", ContentFile(b"%PDF-1.4"), save=False)
    document.save()
    client = staff(organiser)
    document.circulated_in = circulation
    document.save(update_fields=["circulated_in"])
    korean = Client(headers={"Accept-Language": "ko"})
    korean.force_login(organiser)
    answer = korean.post(item_url(assembly, item, "delete"), {"confirmed": "1"}, follow=True)
    assert "삭제할 수 없습니다" in answer.content.decode()
    assert AgendaItem.objects.filter(pk=item.pk).exists()
    # not circulated: the item goes, with its draft vote and its document
    document.circulated_in = None
    document.save(update_fields=["circulated_in"])
    asked = client.post(item_url(assembly, item, "delete"))
    assert asked.status_code == 200 and AgendaItem.objects.filter(pk=item.pk).exists()
    assert client.post(item_url(assembly, item, "delete"), {"confirmed": "1"}).status_code == 302
    assert not AgendaItem.objects.filter(pk=item.pk).exists()
    assert not Poll.objects.filter(pk=poll.pk).exists()
    assert not AgendaDocument.objects.exists()


def test_only_the_summits_staff_change_or_delete(organiser, setup_world):
    from summitry.demo.loader import ensure_team
    from tests.factories import SummitFactory, UserFactory

    assembly, rights, item, poll = setup_world
    elsewhere = UserFactory(username="elsewhere")
    ensure_team(SummitFactory(slug="other"), name_ko="타", name_en="Other", codes={"assembly"},
                members=[elsewhere])  # fmt: skip
    for user in (rights[0].delegate, elsewhere):
        client = Client()
        client.force_login(user)
        for target in (item_url(assembly, item), poll_url(assembly, poll)):
            assert client.get(target).status_code == 404
            assert (
                client.post(target, {"title_en": "Hijacked", "kind": "report"}).status_code == 404
            )
        for target in (item_url(assembly, item, "delete"), poll_url(assembly, poll, "delete")):
            assert client.post(target, {"confirmed": "1"}).status_code == 404
    with pytest.raises(PermissionDenied):
        services.delete_poll(actor=rights[0].delegate, poll=poll)
    with pytest.raises(PermissionDenied):
        services.delete_agenda_item(actor=rights[0].delegate, item=item)
    assert Poll.objects.filter(pk=poll.pk, title_en="Executive committee").exists()
    assert AgendaItem.objects.filter(pk=item.pk, title_en="Budget").exists()
