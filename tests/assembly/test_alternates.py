"""Alternates (issue 16): a registered delegate of the member's delegation who may cast the
member's vote where the voting delegate has not; the vote is the member's, counted once."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from summitry.assembly import queries, services
from summitry.assembly.models import Alternate, VoterRoll
from tests.factories import UserFactory

from .support import make_assembly, make_delegation_people, make_poll

pytestmark = pytest.mark.django_db


def _with_alternate(organiser, members=3):
    assembly, rights, item = make_assembly(members=members)
    people = make_delegation_people(assembly, rights[0])
    right = services.set_delegates(
        actor=organiser,
        right=rights[0],
        delegate_id=people[0].user_id,
        alternate_ids=[people[1].user_id],
    )
    return assembly, rights, item, right, people


def test_the_secretary_names_delegate_and_alternates_from_the_delegation(organiser):
    assembly, _rights, _item, right, people = _with_alternate(organiser)
    assert right.delegate == people[0].user
    assert queries.alternates(right) == [people[1].user]
    # Changing the list replaces it.
    services.set_delegates(
        actor=organiser,
        right=right,
        delegate_id=people[0].user_id,
        alternate_ids=[people[2].user_id, people[1].user_id],
    )
    assert {u.pk for u in queries.alternates(right)} == {people[1].user_id, people[2].user_id}


def test_bad_choices_of_delegates_change_nothing(organiser):
    assembly, rights, _item, right, people = _with_alternate(organiser)
    stranger = UserFactory()
    for delegate_id, alternates, message in [
        (stranger.pk, [], "registered delegate"),
        (people[0].user_id, [stranger.pk], "registered delegate"),
        ("x", [], "registered delegate"),
        (people[0].user_id, [people[0].user_id], "cannot also be"),
        ("", [people[1].user_id], "before alternates"),
    ]:
        with pytest.raises(ValidationError, match=message):
            services.set_delegates(
                actor=organiser, right=right, delegate_id=delegate_id, alternate_ids=alternates
            )
    right.refresh_from_db()
    assert right.delegate == people[0].user
    assert queries.alternates(right) == [people[1].user]
    # Another member's delegation is not this member's.
    with pytest.raises(ValidationError):
        services.set_delegates(
            actor=organiser, right=rights[1], delegate_id=people[0].user_id, alternate_ids=[]
        )


def test_only_staff_name_alternates(organiser):
    assembly, rights, _item, right, people = _with_alternate(organiser)
    for actor in (people[0].user, rights[1].delegate, UserFactory()):
        with pytest.raises(PermissionDenied):
            services.set_delegates(
                actor=actor, right=right, delegate_id=people[0].user_id, alternate_ids=[]
            )
    assert Alternate.objects.filter(right=right).count() == 1


def test_an_alternate_casts_the_vote_once_and_the_delegate_then_cannot(organiser):
    assembly, _rights, item, right, people = _with_alternate(organiser)
    poll = make_poll(assembly, item)
    services.open_poll(actor=organiser, poll=poll)
    alternate, delegate = people[1].user, people[0].user
    services.cast(actor=alternate, poll=poll, member_id=right.member_id, choice="no")
    with pytest.raises(ValidationError, match="already voted"):
        services.cast(actor=delegate, poll=poll, member_id=right.member_id, choice="yes")
    entry = VoterRoll.objects.get(poll=poll, member=right.member)
    assert (entry.cast_by, entry.by_alternate, entry.choice) == (alternate, True, "no")
    # A delegate of the delegation who is not an alternate casts nothing.
    with pytest.raises(PermissionDenied):
        services.cast(actor=people[2].user, poll=poll, member_id=right.member_id, choice="yes")


def test_where_votes_change_an_alternate_does_not_overrule_the_delegate(organiser):
    assembly, _rights, item, right, people = _with_alternate(organiser)
    assembly.votes_changeable = True
    assembly.save(update_fields=["votes_changeable"])
    poll = make_poll(assembly, item)
    services.open_poll(actor=organiser, poll=poll)
    services.cast(actor=people[0].user, poll=poll, member_id=right.member_id, choice="yes")
    with pytest.raises(ValidationError, match="alternate cannot change"):
        services.cast(actor=people[1].user, poll=poll, member_id=right.member_id, choice="no")
    assert VoterRoll.objects.get(poll=poll, member=right.member).choice == "yes"
    # The delegate may change the vote an alternate cast.
    other = make_poll(assembly, item)
    services.open_poll(actor=organiser, poll=other)
    services.cast(actor=people[1].user, poll=other, member_id=right.member_id, choice="no")
    services.cast(actor=people[0].user, poll=other, member_id=right.member_id, choice="yes")
    entry = VoterRoll.objects.get(poll=other, member=right.member)
    assert (entry.choice, entry.by_alternate) == ("yes", False)


def test_a_proxy_holders_alternate_casts_the_proxy(organiser):
    assembly, rights, item, right, people = _with_alternate(organiser)
    services.give_proxy(actor=organiser, right=rights[2], holder=right.member)
    rows = queries.castable(people[1].user, assembly)
    assert {(r.member_id, by_proxy, r.as_alternate) for r, by_proxy in rows} == {
        (right.member_id, False, True),
        (rights[2].member_id, True, True),
    }
    poll = make_poll(assembly, item, kind="secret")
    services.open_poll(actor=organiser, poll=poll)
    assert services.cast(
        actor=people[1].user, poll=poll, member_id=rights[2].member_id, choice="yes"
    )


def test_the_voting_page_says_whom_one_votes_for(organiser):
    assembly, _rights, item, right, people = _with_alternate(organiser)
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(people[1].user)
    url = reverse("assembly:vote", args=[assembly.summit.slug, assembly.slug])
    page = client.get(url).content.decode()
    assert "City 0" in page and "as alternate" in page
    assert "Motions and amendments" not in page  # motions are the voting delegate's


def test_the_secretary_page_sets_alternates_and_refuses_others(organiser):
    assembly, _rights, _item, right, people = _with_alternate(organiser)
    url = reverse("assembly:delegates", args=[assembly.summit.slug, assembly.slug, right.pk])
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(people[0].user)
    assert client.get(url).status_code in (403, 404)
    assert client.post(url, {"delegate": people[0].user_id}).status_code in (403, 404)
    client.force_login(organiser)
    page = client.get(url)
    assert page.status_code == 200 and people[2].person.family_name in page.content.decode()
    answer = client.post(
        url, {"delegate": people[2].user_id, "alternates": [people[0].user_id]}, follow=True
    )
    assert "are saved" in answer.content.decode()
    right.refresh_from_db()
    assert right.delegate == people[2].user
    assert queries.alternates(right) == [people[0].user]
    answer = client.post(url, {"delegate": "999999", "alternates": []})
    assert answer.status_code == 200
    assert "registered delegate" in answer.content.decode()
    right.refresh_from_db()
    assert right.delegate == people[2].user
