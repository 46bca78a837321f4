"""Single-seat elections with a run-off between the top two (issue 16, item 5), in the app."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from summitry.assembly import services
from summitry.assembly.models import Poll

from .support import make_assembly

pytestmark = pytest.mark.django_db


def make_election(assembly, item, candidates, kind="open"):
    item.kind = "election"
    item.save(update_fields=["kind"])
    poll = Poll.objects.create(
        assembly=assembly,
        agenda_item=item,
        title_en="Elect the president city",
        title_ko="회장 도시 선출",
        kind=kind,
        method="single",
    )
    poll.candidates.set([r.member for r in candidates])
    return poll


def _vote(organiser, poll, rights, choices):
    services.open_poll(actor=organiser, poll=poll)
    for right, choice in zip(rights, choices, strict=True):
        services.cast(actor=right.delegate, poll=poll, member_id=right.member_id, choice=choice)
    return services.close_poll(actor=organiser, poll=poll)


def test_a_majority_elects_in_the_first_round(organiser):
    assembly, rights, item = make_assembly(members=5)
    a, b = rights[0].member, rights[1].member
    poll = make_election(assembly, item, rights[:2])
    closed = _vote(organiser, poll, rights, [str(a.pk)] * 3 + [str(b.pk), None])
    assert closed.result["outcome"] == "elected" and closed.result["elected"] == str(a.pk)
    with pytest.raises(ValidationError, match="without a majority"):
        services.create_runoff(actor=organiser, poll=closed)


def test_without_a_majority_the_chair_creates_the_runoff_between_the_top_two(organiser):
    assembly, rights, item = make_assembly(members=5)
    a, b, c = (r.member for r in rights[:3])
    poll = make_election(assembly, item, rights[:3])
    choices = [str(a.pk), str(a.pk), str(b.pk), str(b.pk), str(c.pk)]
    closed = _vote(organiser, poll, rights, choices)
    assert closed.result["outcome"] == "runoff" and closed.result["required"] == 3
    assert not closed.runoffs.exists()  # not automatic unless the rules say so
    with pytest.raises(PermissionDenied):
        services.create_runoff(actor=rights[0].delegate, poll=closed)
    runoff = services.create_runoff(actor=organiser, poll=closed)
    assert runoff.runoff_of == closed and runoff.state == "draft" and runoff.method == "single"
    assert set(runoff.candidates.all()) == {a, b}
    assert runoff.title_ko.startswith("결선투표: ") and runoff.title_en.startswith("Run-off")
    with pytest.raises(ValidationError, match="already exists"):
        services.create_runoff(actor=organiser, poll=closed)
    # Round 2: most votes wins; a vote for the eliminated candidate is refused.
    services.open_poll(actor=organiser, poll=runoff)
    with pytest.raises(ValidationError, match="not a candidate of this election"):
        services.cast(
            actor=rights[0].delegate, poll=runoff, member_id=rights[0].member_id, choice=str(c.pk)
        )
    for right, choice in zip(rights, [a, b, b, None, b], strict=True):
        services.cast(
            actor=right.delegate,
            poll=runoff,
            member_id=right.member_id,
            choice=None if choice is None else str(choice.pk),
        )
    second = services.close_poll(actor=organiser, poll=runoff)
    assert second.result["round"] == 2 and second.result["elected"] == str(b.pk)
    assert second.result["rule"]["key"] == "election.runoff"


def test_the_runoff_is_created_at_the_close_where_the_rules_say_so(organiser):
    assembly, rights, item = make_assembly(members=5)
    assembly.runoff_automatic = True
    assembly.save(update_fields=["runoff_automatic"])
    a, b, c = (r.member for r in rights[:3])
    poll = make_election(assembly, item, rights[:3], kind="secret")
    choices = [str(a.pk), str(b.pk), str(b.pk), str(a.pk), str(c.pk)]
    closed = _vote(organiser, poll, rights, choices)
    assert closed.result["outcome"] == "runoff"
    runoff = closed.runoffs.get()
    assert set(runoff.candidates.all()) == {a, b} and runoff.kind == "secret"


def test_a_tie_for_second_place_is_decided_by_the_chair(organiser):
    assembly, rights, item = make_assembly(members=4)
    assembly.runoff_automatic = True
    assembly.save(update_fields=["runoff_automatic"])
    a, b, c = (r.member for r in rights[:3])
    poll = make_election(assembly, item, rights[:3])
    closed = _vote(organiser, poll, rights, [str(a.pk), str(a.pk), str(b.pk), str(c.pk)])
    assert closed.result["outcome"] == "tie"
    assert set(closed.result["tie"]["tied"]) == {str(b.pk), str(c.pk)}
    assert not closed.runoffs.exists()  # the lot or the assembly decides, not the server
    for bad in ([], [str(b.pk), str(c.pk)], [str(a.pk)], ["nonsense"]):
        with pytest.raises(ValidationError, match="choose 1"):
            services.create_runoff(actor=organiser, poll=closed, tied_choice=bad)
    assert not closed.runoffs.exists()
    runoff = services.create_runoff(actor=organiser, poll=closed, tied_choice=[str(c.pk)])
    assert set(runoff.candidates.all()) == {a, c}


def test_the_console_creates_the_runoff_and_the_projector_shows_both_rounds(organiser):
    assembly, rights, item = make_assembly(members=5)
    a, b, c = (r.member for r in rights[:3])
    poll = make_election(assembly, item, rights[:3])
    _vote(organiser, poll, rights, [str(a.pk), str(a.pk), str(b.pk), str(b.pk), str(c.pk)])
    slug = assembly.summit.slug
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(rights[0].delegate)
    url = reverse("assembly:runoff", args=[slug, assembly.slug, poll.pk])
    assert client.post(url).status_code in (403, 404)
    assert not poll.runoffs.exists()
    client.force_login(organiser)
    manage = client.get(reverse("assembly:manage", args=[slug, assembly.slug])).content.decode()
    assert "Create the run-off" in manage
    projector = client.get(reverse("assembly:projector", args=[slug, assembly.slug]))
    text = projector.content.decode()
    assert "to the run-off" in text and "결선투표 진출" in text
    answer = client.post(url, follow=True)
    assert "The run-off is ready" in answer.content.decode()
    runoff = poll.runoffs.get()
    services.open_poll(actor=organiser, poll=runoff)
    voter = Client(headers={"Accept-Language": "en"})
    voter.force_login(rights[2].delegate)
    vote_url = reverse("assembly:vote", args=[slug, assembly.slug])
    page = voter.get(vote_url).content.decode()
    assert "Run-off: choose one" in page
    assert f'name="choice" value="{a.pk}"' in page
    assert f'name="choice" value="{c.pk}"' not in page
    voter.post(vote_url, {"poll": runoff.pk, "member": rights[2].member_id, "choice": "abstain"})
    voter.post(vote_url, {"poll": runoff.pk, "member": rights[1].member_id, "choice": "x"})
    closed = services.close_poll(actor=organiser, poll=runoff)
    assert closed.result["abstentions"] == 1 and closed.result["outcome"] == "no_votes"
    projector = client.get(reverse("assembly:projector", args=[slug, assembly.slug]))
    assert "Second round of" in projector.content.decode()
    minutes = client.get(reverse("assembly:minutes", args=[slug, assembly.slug]))
    assert "(run-off)" in minutes.content.decode()
