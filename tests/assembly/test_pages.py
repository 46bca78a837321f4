"""The chair's console, the voting page, the projector, the bulletin and the API."""

import pytest
from django.test import Client
from django.urls import reverse

from summitry.assembly import services
from summitry.core.tokens import issue_token
from tests.conftest import ApiClient

from .support import make_assembly, make_poll

pytestmark = pytest.mark.django_db


def client_for(user, language="en"):
    client = Client(headers={"Accept-Language": language})
    client.force_login(user)
    return client


def test_the_chair_opens_and_closes_a_vote_from_the_console(organiser):
    assembly, rights, item = make_assembly(members=3)
    poll = make_poll(assembly, item)
    chair = client_for(organiser)
    page = chair.get(reverse("assembly:manage", args=["forum", "ga"]))
    assert page.status_code == 200 and b"Adopt the budget?" in page.content
    assert b'id="present-count">3<' in page.content
    chair.post(reverse("assembly:open", args=["forum", "ga", poll.pk]), {"minutes": "5"})
    poll.refresh_from_db()
    assert poll.state == "open"
    assert 290 < (poll.closes_at - poll.opens_at).total_seconds() <= 300
    # The close asks first without JavaScript, then acts.
    url = reverse("assembly:close", args=["forum", "ga", poll.pk])
    assert b"confirmed" in chair.post(url).content
    poll.refresh_from_db()
    assert poll.state == "open"
    chair.post(url, {"confirmed": "1"})
    poll.refresh_from_db()
    assert poll.state == "closed" and poll.result["outcome"] == "rejected"


def test_a_delegate_votes_on_the_voting_page_in_their_language(organiser):
    assembly, rights, item = make_assembly(members=3)
    poll = make_poll(assembly, item, kind="secret")
    services.open_poll(actor=organiser, poll=poll)
    delegate = client_for(rights[0].delegate, "ko")
    url = reverse("assembly:vote", args=["forum", "ga"])
    page = delegate.get(url)
    assert "예산을 채택합니까?".encode() in page.content and "찬성".encode() in page.content
    answer = delegate.post(url, {"poll": poll.pk, "member": rights[0].member_id, "choice": "yes"})
    receipt = answer.context["receipt"]
    assert receipt and receipt.encode() in answer.content
    assert "session" not in str(delegate.session.items()).lower() or receipt not in str(
        dict(delegate.session.items())
    )
    again = delegate.post(url, {"poll": poll.pk, "member": rights[0].member_id, "choice": "no"})
    assert "이미 투표".encode() in again.content or b"already voted" in again.content
    # Someone without a vote here does not get the page.
    assert client_for(organiser).get(url).status_code == 404
    services.close_poll(actor=organiser, poll=poll)
    bulletin = reverse("assembly:bulletin", args=["forum", "ga", poll.pk])
    found = Client().post(bulletin, {"receipt": receipt.lower().replace("-", " ")})
    assert found.context["looked_up"]["found"] is True
    assert found.context["looked_up"]["choice"] == "yes"
    data = Client().get(reverse("assembly:bulletin-json", args=["forum", "ga", poll.pk])).json()
    assert [e["receipt"] for e in data["entries"]] == [receipt]


def test_the_projector_shows_the_result_in_both_languages_and_polls_live(
    organiser, django_capture_on_commit_callbacks
):
    assembly, rights, item = make_assembly(members=3)
    poll = make_poll(assembly, item, fraction="2/3", comparison="at_least")
    services.open_poll(actor=organiser, poll=poll)
    for right in rights:
        services.cast(actor=right.delegate, poll=poll, member_id=right.member_id, choice="yes")
    services.close_poll(actor=organiser, poll=poll)
    page = Client().get(reverse("assembly:projector", args=["forum", "ga"]))
    text = page.content.decode()
    assert "Adopted" in text and "가결" in text
    assert "At least 2/3 of the yes and no votes" in text
    assert "찬반 투표수의 3분의 2 이상 찬성" in text
    live_url = page.context["live_url"]
    assert Client().get(live_url).status_code == 204  # nothing changed since
    again = Client().get(reverse("assembly:projector", args=["forum", "ga"]))
    assert again["X-Summitry-Cache"] == "hit"  # the projector is a cached public page
    with django_capture_on_commit_callbacks(execute=True):
        services.set_present(actor=organiser, right=rights[0], present=False)
    changed = Client().get(live_url)
    assert changed.status_code == 200
    assert Client().get(live_url).content == changed.content  # rendered once, for everyone
    fresh = Client().get(reverse("assembly:projector", args=["forum", "ga"]))
    assert fresh["X-Summitry-Cache"] == "miss"  # the change made the cached page stale


def test_the_api_lists_results_and_takes_a_vote(organiser):
    assembly, rights, item = make_assembly(members=3)
    poll = make_poll(assembly, item)
    services.open_poll(actor=organiser, poll=poll)
    delegate = ApiClient(issue_token(user=rights[1].delegate, name="phone")[1])
    path = f"/summits/forum/assemblies/ga/polls/{poll.pk}/votes"
    answer = delegate.post(path, {"member": rights[1].member_id, "choice": "no"})
    assert answer.status_code == 201 and answer.json() == {"receipt": None}
    assert delegate.post(path, {"member": rights[1].member_id, "choice": "no"}).status_code == 400
    assert delegate.post(path, {"member": rights[2].member_id, "choice": "no"}).status_code == 403
    assert (
        ApiClient().post(path, {"member": rights[2].member_id, "choice": "no"}).status_code == 401
    )
    services.close_poll(actor=organiser, poll=poll)
    polls = ApiClient().get("/summits/forum/assemblies/ga/polls").json()
    assert polls[0]["result"]["outcome"] == "rejected"
    assert polls[0]["result"]["rule"]["key"] == "motion.simple"
    listed = ApiClient().get("/summits/forum/assemblies").json()
    assert listed[0]["quorum"]["met"] is True
