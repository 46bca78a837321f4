"""Ranked elections (single transferable vote) and yes / no / abstain on a single list of
candidates, end to end: casting on the phone page and through the API, bad ballots refused
with nothing changed, the tally the solver's, the projector, the bulletin and the minutes."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from summitry.assembly import services
from summitry.assembly.models import Ballot, Poll, VoterRoll
from summitry.solvers.voting import ListVote, MajorityRule, STVElection, recount

from .support import make_assembly

pytestmark = pytest.mark.django_db


def ranked_poll(assembly, item, rights, *, kind="secret", seats=2, candidates=4):
    poll = Poll.objects.create(
        assembly=assembly,
        agenda_item=item,
        title_en="Executive committee",
        title_ko="집행위원회",
        kind=kind,
        method="ranked",
        seats=seats,
    )
    poll.candidates.set([r.member for r in rights[:candidates]])
    return poll


def list_poll(assembly, item, rights, *, kind="open", fraction="1/2"):
    poll = Poll.objects.create(
        assembly=assembly,
        agenda_item=item,
        title_en="The auditors' list",
        title_ko="감사 명단",
        kind=kind,
        method="list",
        rule_fraction=fraction,
    )
    poll.candidates.set([r.member for r in rights[:2]])
    return poll


def page(client, assembly):
    return reverse("assembly:vote", args=[assembly.summit.slug, assembly.slug])


def test_a_ranked_ballot_from_the_phone_form_and_its_receipt(organiser):
    assembly, rights, item = make_assembly(members=3)
    poll = ranked_poll(assembly, item, rights, candidates=3)
    services.open_poll(actor=organiser, poll=poll)
    a, b, c = (str(r.member_id) for r in rights[:3])
    client = Client()
    client.force_login(rights[0].delegate)
    shown = client.get(page(client, assembly)).content.decode()
    assert f'name="rank-{a}"' in shown and '<option value="3">3</option>' in shown
    answer = client.post(
        page(client, assembly),
        {"poll": poll.pk, "member": rights[0].member_id, f"rank-{c}": "1", f"rank-{a}": "2"},
    )
    assert answer.status_code == 200
    receipt = answer.context["receipt"]
    assert Ballot.objects.get(poll=poll, receipt=receipt).choice == [c, a]


@pytest.mark.parametrize(
    ("ranks", "message_en", "message_ko"),
    [
        ({"x": "1", "y": "1"}, "Rank 1 is given to more than one candidate", "순위 1"),
        ({"x": "1", "y": "3"}, "Rank 2 is missing", "순위 2"),
        ({"x": "2"}, "Rank 1 is missing", "순위 1"),
        ({"x": "9"}, "Ranks are whole numbers from 1 to 3", "1부터 3까지"),
        ({"x": "one"}, "Ranks are whole numbers from 1 to 3", "1부터 3까지"),
    ],
)
def test_bad_rankings_are_refused_in_the_voters_language_nothing_changed(
    organiser, ranks, message_en, message_ko
):
    assembly, rights, item = make_assembly(members=3)
    poll = ranked_poll(assembly, item, rights, candidates=3)
    services.open_poll(actor=organiser, poll=poll)
    ids = {"x": str(rights[0].member_id), "y": str(rights[1].member_id)}
    data = {"poll": poll.pk, "member": rights[0].member_id}
    data.update({f"rank-{ids[k]}": v for k, v in ranks.items()})
    client = Client()
    client.force_login(rights[0].delegate)
    for language, message in (("en", message_en), ("ko", message_ko)):
        client.cookies["django_language"] = language
        answer = client.post(page(client, assembly), data, HTTP_ACCEPT_LANGUAGE=language)
        assert answer.status_code == 200
        assert any(message in error for error in answer.context["errors"]), (
            language,
            answer.context["errors"],
        )
    assert not Ballot.objects.filter(poll=poll).exists()
    assert not VoterRoll.objects.filter(poll=poll).exists()


def test_a_ranking_naming_a_candidate_twice_through_the_service_is_refused(organiser):
    assembly, rights, item = make_assembly(members=3)
    poll = ranked_poll(assembly, item, rights, kind="open", candidates=3)
    services.open_poll(actor=organiser, poll=poll)
    a = str(rights[0].member_id)
    from django.core.exceptions import ValidationError

    with translation.override("en"), pytest.raises(ValidationError, match="ranked twice"):
        services.cast(
            actor=rights[0].delegate, poll=poll, member_id=rights[0].member_id, choice=[a, a]
        )
    with pytest.raises(ValidationError):
        services.cast(
            actor=rights[0].delegate, poll=poll, member_id=rights[0].member_id, choice="x"
        )
    assert not VoterRoll.objects.filter(poll=poll).exists()


def test_the_stv_tally_is_the_solvers_and_the_bulletin_recounts_it(organiser):
    assembly, rights, item = make_assembly(members=7)
    poll = ranked_poll(assembly, item, rights, seats=2, candidates=4)
    services.open_poll(actor=organiser, poll=poll)
    a, b, c, d = (str(r.member_id) for r in rights[:4])
    ballots = [[a, b], [a, c], [a, b, c], [b, a], [c, d], [d, c], []]
    for right, ballot in zip(rights, ballots, strict=True):
        services.cast(actor=right.delegate, poll=poll, member_id=right.member_id, choice=ballot)
    poll = services.close_poll(actor=organiser, poll=poll)
    expected = STVElection(candidates=tuple(sorted((a, b, c, d), key=int)), seats=2).count(ballots)
    result = poll.result
    assert result["kind"] == "stv" and result["outcome"] == expected.outcome
    assert result["elected"] == list(expected.elected)
    assert result["rule"]["quota"] == "droop_exact" and result["blank"] == 1
    # Anyone recounts the published bulletin to the same result.
    from summitry.assembly import queries

    bulletin = queries.bulletin(poll)
    assert recount(bulletin).to_dict()["elected"] == result["elected"]

    # The projector names the counting rules, in both languages.
    client = Client()
    html = client.get(
        reverse("assembly:projector", args=[assembly.summit.slug, assembly.slug])
    ).content.decode()
    assert "Droop quota" in html and "드룹 기준수" in html
    assert "First preferences shown" in html
    # The bulletin lists the rankings by name, numbered.
    listing = client.get(
        reverse("assembly:bulletin", args=[assembly.summit.slug, assembly.slug, poll.pk])
    ).content.decode()
    assert "1. 도시 0, 2. 도시 1" in listing  # the Korean page (the default language)
    # The minutes say who was elected and how it was counted, in both languages.
    staff = Client()
    staff.force_login(organiser)
    minutes = staff.get(
        reverse("assembly:minutes", args=[assembly.summit.slug, assembly.slug])
    ).content.decode()
    assert "Elected:" in minutes and "당선:" in minutes
    assert "Single transferable vote for 2 seat(s)" in minutes and "단기이양식" in minutes


def test_a_list_vote_elects_the_whole_list_under_its_rule(organiser):
    assembly, rights, item = make_assembly(members=5)
    poll = list_poll(assembly, item, rights, fraction="2/3")
    services.open_poll(actor=organiser, poll=poll)
    choices = ["yes", "yes", "yes", "no", "abstain"]
    for right, choice in zip(rights, choices, strict=True):
        services.cast(actor=right.delegate, poll=poll, member_id=right.member_id, choice=choice)
    poll = services.close_poll(actor=organiser, poll=poll)
    ids = tuple(sorted((str(r.member_id) for r in rights[:2]), key=int))
    expected = ListVote(candidates=ids, rule=MajorityRule(fraction="2/3")).count(choices)
    assert poll.result["kind"] == "list"
    assert poll.result["passed"] == expected.motion.passed is True
    assert poll.result["elected"] == list(ids)
    html = (
        Client()
        .get(reverse("assembly:projector", args=[assembly.summit.slug, assembly.slug]))
        .content.decode()
    )
    assert "The list:" in html and "City 0, City 1" in html


def test_a_list_vote_refuses_a_candidate_as_its_choice(organiser):
    assembly, rights, item = make_assembly(members=3)
    poll = list_poll(assembly, item, rights)
    services.open_poll(actor=organiser, poll=poll)
    client = Client()
    client.force_login(rights[0].delegate)
    shown = client.get(page(client, assembly)).content.decode()
    assert "명단:" in shown and 'value="yes"' in shown
    answer = client.post(
        page(client, assembly),
        {"poll": poll.pk, "member": rights[0].member_id, "choice": str(rights[0].member_id)},
    )
    assert answer.context["errors"]
    assert not VoterRoll.objects.filter(poll=poll).exists()


def test_a_secret_list_vote_gives_receipts_on_the_bulletin(organiser):
    assembly, rights, item = make_assembly(members=3)
    poll = list_poll(assembly, item, rights, kind="secret")
    services.open_poll(actor=organiser, poll=poll)
    receipts = [
        services.cast(actor=r.delegate, poll=poll, member_id=r.member_id, choice=c)
        for r, c in zip(rights, ["yes", "no", "yes"], strict=True)
    ]
    poll = services.close_poll(actor=organiser, poll=poll)
    from summitry.assembly import queries

    bulletin = queries.bulletin(poll)
    assert {r for r, _c in bulletin.entries} == set(receipts)
    assert bulletin.digest() == poll.bulletin_digest
    assert recount(bulletin).to_dict()["passed"] is True
    assert poll.result["passed"] is True


def test_the_api_takes_ranked_and_list_ballots_and_refuses_bad_ones(organiser):
    from summitry.core.tokens import issue_token
    from tests.conftest import ApiClient

    assembly, rights, item = make_assembly(members=3)
    ranked = ranked_poll(assembly, item, rights, seats=1, candidates=3)
    listed = list_poll(assembly, item, rights, kind="secret")
    services.open_poll(actor=organiser, poll=ranked)
    services.open_poll(actor=organiser, poll=listed)
    a, b, c = (str(r.member_id) for r in rights[:3])
    phone = ApiClient(issue_token(user=rights[0].delegate, name="phone")[1])
    base = "/summits/forum/assemblies/ga/polls"
    member = rights[0].member_id
    for bad in ([a, a], "yes", [a, "999999"], [[a]]):
        answer = phone.post(f"{base}/{ranked.pk}/votes", {"member": member, "choice": bad})
        assert answer.status_code == 400, bad
    assert not VoterRoll.objects.filter(poll=ranked).exists()
    answer = phone.post(f"{base}/{ranked.pk}/votes", {"member": member, "choice": [b, c, a]})
    assert answer.status_code == 201 and answer.json()["receipt"]
    assert Ballot.objects.get(poll=ranked).choice == [b, c, a]
    bad = phone.post(f"{base}/{listed.pk}/votes", {"member": member, "choice": [a]})
    assert bad.status_code == 400
    good = phone.post(f"{base}/{listed.pk}/votes", {"member": member, "choice": "no"})
    assert good.status_code == 201 and good.json()["receipt"]
    polls = {p["id"]: p for p in ApiClient().get(f"{base}").json()}
    assert polls[ranked.pk]["method"] == "ranked" and polls[ranked.pk]["rule"] == {"seats": 1}
    assert polls[listed.pk]["method"] == "list" and polls[listed.pk]["rule"]["key"]


def test_a_ranked_ballot_at_the_kiosk_in_the_voters_language(organiser):
    import re

    assembly, rights, item = make_assembly(members=3)
    poll = ranked_poll(assembly, item, rights, seats=1, candidates=3)
    services.open_poll(actor=organiser, poll=poll)
    pin = services.issue_kiosk_pin(actor=organiser, assembly=assembly, user=rights[1].delegate)
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(organiser)
    url = reverse("assembly:kiosk", args=[assembly.summit.slug, assembly.slug])
    page = client.post(url, {"step": "identify", "pin": pin}).content.decode()
    a, b, c = (str(r.member_id) for r in rights[:3])
    assert f'name="rank-{a}"' in page
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    data = {"step": "cast", "token": token, "language": "en", "poll": poll.pk}
    data["member"] = rights[1].member_id
    refused = client.post(url, {**data, f"rank-{a}": "2", f"rank-{b}": "2"}).content.decode()
    assert "Rank 2 is given to more than one candidate" in refused
    assert not VoterRoll.objects.filter(poll=poll).exists()
    done = client.post(url, {**data, f"rank-{b}": "1", f"rank-{a}": "2"}).content.decode()
    assert 'id="receipt"' in done
    assert Ballot.objects.get(poll=poll).choice == [b, a]


def test_a_ranked_tie_is_left_to_the_assembly_without_made_up_figures(organiser):
    assembly, rights, item = make_assembly(members=2)
    poll = ranked_poll(assembly, item, rights, kind="open", seats=1, candidates=2)
    services.open_poll(actor=organiser, poll=poll)
    a, b = (str(r.member_id) for r in rights[:2])
    for right, ballot in zip(rights, [[a], [b]], strict=True):
        services.cast(actor=right.delegate, poll=poll, member_id=right.member_id, choice=ballot)
    poll = services.close_poll(actor=organiser, poll=poll)
    assert poll.result["outcome"] == "tie" and poll.result["elected"] == []
    html = (
        Client()
        .get(reverse("assembly:projector", args=[assembly.summit.slug, assembly.slug]))
        .content.decode()
    )
    assert "the assembly decides" in html and "City 0: 0" not in html
    assert "First preferences shown" not in html
