"""Live Q&A and quick polls: viewers (signed in, or with a name and our cookie) ask in Korean
or English; the item's moderators and staff approve, merge, mark answered and hide; viewers vote
once each; the speakers' view sorts by votes; every change bumps the item's live topic, so an
open page shows it at its next poll (core.live); polls with live results; rate limits."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from summitry.core import live
from summitry.online import qa
from summitry.online.models import OnlineItem, Question, QuestionVote, QuickPoll, Stream
from summitry.programme.models import ItemPerson

from .conftest import client_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def online(world):
    found = OnlineItem.objects.create(
        item=world.soon, format="online", provider="zoom", join_url="https://zoom.example/j/1"
    )
    Stream.objects.create(online=found, channel="ko", url="https://youtu.be/AAAAAAAAAAA")
    # The registered attendee moderates the item.
    ItemPerson.objects.create(item=world.soon, person=world.attendee.person, role="moderator")
    return found


def url(name, world, *extra):
    return reverse(f"online:{name}", args=["forum", world.soon.pk, *extra])


def test_an_anonymous_viewer_asks_with_a_name_and_sees_it_waiting(
    world, online, django_capture_on_commit_callbacks
):
    viewer = client_of(None)
    panel = viewer.get(url("qa", world))
    assert panel.status_code == 200
    assert qa.VIEWER_COOKIE in panel.cookies
    before = live.version(qa.topic(online))
    with django_capture_on_commit_callbacks(execute=True):
        answer = viewer.post(
            url("qa-ask", world),
            {"text": "서울선언의 다음 단계는?", "language": "ko", "name": "Viewer"},
        )
    assert answer.status_code == 302
    question = Question.objects.get()
    assert (question.state, question.language, question.author_name) == ("pending", "ko", "Viewer")
    assert live.version(qa.topic(online)) > before
    page = viewer.get(url("qa", world)).content.decode()
    assert "서울선언의 다음 단계는?" in page and 'id="my-pending"' in page
    # Not shown to other viewers before approval.
    other = client_of(None).get(url("qa", world)).content.decode()
    assert "서울선언의 다음 단계는?" not in other


def test_bad_questions_are_refused_in_the_viewers_language(world, online):
    korean = client_of(None, "ko")
    korean.get(url("qa", world))
    answer = korean.post(url("qa-ask", world), {"text": "A question", "language": "ko"})
    assert answer.status_code == 400
    assert "이름" in answer.content.decode()
    answer = korean.post(url("qa-ask", world), {"text": "", "language": "fr", "name": "X"})
    assert answer.status_code == 400
    assert Question.objects.count() == 0


def test_a_signed_in_viewer_asks_without_giving_a_name(world, online):
    client = client_of(world.outsider)
    client.post(url("qa-ask", world), {"text": "What about climate?", "language": "en"})
    question = Question.objects.get()
    assert question.author == world.outsider and question.viewer == f"user:{world.outsider.pk}"


def test_moderators_and_staff_moderate_and_others_may_not(world, online, staff):
    question = qa.ask(
        online=online, user=None, viewer_token="t1", text="Q?", language="en", name="V"
    )
    moderate = url("qa-moderate", world, question.pk)
    # Nobody else: outsiders, the speaker (only sees), team members without the permission.
    for user, status in ((world.outsider, 404), (world.speaker_user, 404), (world.no_perm, 403)):
        assert client_of(user).post(moderate, {"action": "approve"}).status_code == status
    assert client_of(None).post(moderate, {"action": "approve"}).status_code == 302
    question.refresh_from_db()
    assert question.state == "pending"
    # The item's moderator approves; staff mark it answered.
    moderator = client_of(world.attendee_user)
    assert moderator.post(moderate, {"action": "approve"}).status_code == 302
    question.refresh_from_db()
    assert question.state == "approved"
    assert staff.post(moderate, {"action": "answer"}).status_code == 302
    question.refresh_from_db()
    assert question.state == "answered"
    assert moderator.post(moderate, {"action": "hide"}).status_code == 302
    question.refresh_from_db()
    assert question.state == "hidden"


def test_merge_counts_the_votes_where_the_question_was_merged(world, online):
    moderator = world.attendee_user
    first = qa.ask(online=online, user=None, viewer_token="a", text="Q1", language="en", name="A")
    second = qa.ask(
        online=online, user=None, viewer_token="b", text="Q1 too", language="en", name="B"
    )
    qa.moderate(actor=moderator, question=first, action="approve")
    qa.moderate(actor=moderator, question=second, action="approve")
    assert qa.vote(question=second, user=None, viewer_token="c")
    qa.moderate(actor=moderator, question=second, action="merge", into=first)
    assert qa.vote(question=second, user=None, viewer_token="d")  # counts for the first
    shown = qa.shown_questions(online)
    assert [(q.pk, q.vote_count) for q in shown] == [(first.pk, 2)]
    with pytest.raises(Exception, match="another question"):
        qa.moderate(actor=moderator, question=first, action="merge", into=first)


def test_each_viewer_votes_once_and_the_speakers_view_sorts_by_votes(world, online):
    moderator = world.attendee_user
    low = qa.ask(online=online, user=None, viewer_token="a", text="Low", language="en", name="A")
    high = qa.ask(online=online, user=None, viewer_token="b", text="High", language="ko", name="B")
    for q in (low, high):
        qa.moderate(actor=moderator, question=q, action="approve")
    viewer = client_of(None)
    viewer.get(url("qa", world))
    assert viewer.post(url("qa-vote", world, high.pk)).status_code == 302
    assert viewer.post(url("qa-vote", world, high.pk)).status_code == 302  # again: not counted
    signed_in = client_of(world.outsider)
    signed_in.post(url("qa-vote", world, high.pk))
    signed_in.post(url("qa-vote", world, high.pk))
    assert QuestionVote.objects.filter(question=high).count() == 2
    assert [q.text for q in qa.shown_questions(online)] == ["High", "Low"]
    speaker = client_of(world.speaker_user)
    page = speaker.get(url("stage", world)).content.decode()
    assert page.index("High") < page.index("Low")
    assert 'id="pending-list"' not in page  # speakers see, moderators moderate
    assert client_of(world.outsider).get(url("stage", world)).status_code == 404
    # A pending question cannot be voted for.
    pending = qa.ask(online=online, user=None, viewer_token="z", text="P", language="en", name="Z")
    viewer.post(url("qa-vote", world, pending.pk))
    assert not QuestionVote.objects.filter(question=pending).exists()


def test_the_live_region_answers_204_until_something_changes(
    world, online, django_capture_on_commit_callbacks
):
    viewer = client_of(None)
    live_url = url("qa-live", world)
    first = viewer.get(live_url)
    assert first.status_code == 200
    current = live.version(qa.topic(online))
    assert viewer.get(f"{live_url}?v={current}").status_code == 204
    question = qa.ask(
        online=online, user=None, viewer_token="x", text="Now?", language="en", name="X"
    )
    with django_capture_on_commit_callbacks(execute=True):
        qa.moderate(actor=world.attendee_user, question=question, action="approve")
    fresh = viewer.get(f"{live_url}?v={current}")
    assert fresh.status_code == 200 and "Now?" in fresh.content.decode()


def test_asking_is_rate_limited(world, online):
    cache.clear()
    viewer = client_of(None)
    viewer.get(url("qa", world))
    for n in range(5):
        viewer.post(url("qa-ask", world), {"text": f"Q{n}", "language": "en", "name": "V"})
    answer = viewer.post(url("qa-ask", world), {"text": "Q6", "language": "en", "name": "V"})
    assert answer.status_code == 400
    assert Question.objects.count() == 5


def test_quick_polls_opened_by_the_moderator_with_live_results(world, online, staff):
    form = {
        "text_ko": "다음 협력 분야는?",
        "text_en": "Which field next?",
        "options_ko": "보건\n기후",
        "options_en": "Health\nClimate",
    }
    assert client_of(world.outsider).post(url("poll-add", world), form).status_code == 404
    assert client_of(world.speaker_user).post(url("poll-add", world), form).status_code == 404
    assert not QuickPoll.objects.exists()
    assert client_of(world.attendee_user).post(url("poll-add", world), form).status_code == 302
    poll = QuickPoll.objects.get()
    health, climate = poll.options.all()
    viewer = client_of(None)
    viewer.get(url("qa", world))
    assert "Which field next?" not in viewer.get(url("qa", world)).content.decode()  # draft
    viewer.post(url("poll-answer", world, poll.pk), {"option": [health.pk]})
    assert not poll.votes.exists()  # not open yet
    staff.post(url("poll-state", world, poll.pk), {"state": "open"})
    viewer.post(url("poll-answer", world, poll.pk), {"option": [health.pk, climate.pk]})
    assert not poll.votes.exists()  # single choice
    viewer.post(url("poll-answer", world, poll.pk), {"option": [health.pk]})
    viewer.post(url("poll-answer", world, poll.pk), {"option": [climate.pk]})  # changes mind
    client_of(world.outsider).post(url("poll-answer", world, poll.pk), {"option": [climate.pk]})
    assert sorted(poll.votes.values_list("option_id", flat=True)) == [climate.pk, climate.pk]
    page = client_of(None, "ko").get(url("qa", world)).content.decode()
    assert "다음 협력 분야는?" in page and f'data-option="{climate.pk}">2<' in page
    staff.post(url("poll-state", world, poll.pk), {"state": "closed"})
    viewer.post(url("poll-answer", world, poll.pk), {"option": [health.pk]})
    assert poll.votes.count() == 2


def test_the_online_page_loads_the_panel_and_never_shows_the_room_to_the_public(world, online):
    page = client_of(None).get(url("watch", world)).content.decode()
    assert f'hx-get="{url("qa", world)}"' in page
    assert "zoom.example" not in page
    panel = client_of(None).get(url("qa", world), headers={"HX-Request": "true"})
    assert "zoom.example" not in panel.content.decode()
    assert 'id="qa-form"' in panel.content.decode()


def test_an_item_not_held_online_has_no_questions(world):
    assert client_of(None).get(url("qa", world)).status_code == 404


def test_the_live_region_is_rendered_once_per_change_and_each_viewer_gets_their_own_marks(
    world, online, django_capture_on_commit_callbacks
):
    """What every viewer sees alike (approved questions, votes, polls) is rendered once per
    change for all pollers; a viewer's own waiting questions and votes come with their answer
    only; the answer goes inside the polling element (its timer keeps its rhythm) with the
    next poll's address; htmx's posts carry the CSRF token from the region (the shared part
    has none)."""
    from django.test import Client

    cache.clear()
    shown = qa.ask(
        online=online, user=None, viewer_token="s", text="Shown?", language="en", name="S"
    )
    with django_capture_on_commit_callbacks(execute=True):
        qa.moderate(actor=world.attendee_user, question=shown, action="approve")
    voter = Client(enforce_csrf_checks=True, headers={"Accept-Language": "en"})
    page = voter.get(url("qa", world)).content.decode()
    token = re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        voted = voter.post(
            url("qa-vote", world, shown.pk), headers={"HX-Request": "true", "X-CSRFToken": token}
        )
    assert voted.status_code == 200 and QuestionVote.objects.filter(question=shown).count() == 1
    asker = client_of(world.outsider)
    with django_capture_on_commit_callbacks(execute=True):
        asker.post(url("qa-ask", world), {"text": "Mine only?", "language": "en"})

    body = "online/_qa_live_body.html"
    answers = [c.get(url("qa-live", world)) for c in (voter, asker, client_of(None))]
    rendered = [body in [t.name for t in a.templates] for a in answers]
    assert rendered == [True, False, False]  # the first poller renders it, the others reuse it
    pages = [a.content.decode() for a in answers]
    assert all("Shown?" in p and p.startswith('<div class="qa-live-state"') for p in pages)
    assert all('data-live-url="' in p and "hx-get" not in p for p in pages)
    assert "csrfmiddlewaretoken" not in pages[0]
    assert f'data-voted="{shown.pk}"' in pages[0] and 'data-voted=""' in pages[1]
    assert "Mine only?" in pages[1] and "Mine only?" not in pages[0] + pages[2]
    # The page itself, without JavaScript, is the viewer's own whole: their vote, tokens.
    page = voter.get(url("qa", world)).content.decode()
    assert "csrfmiddlewaretoken" in page and 'aria-pressed="true"' in page
    # A change: the next poll renders it again.
    with django_capture_on_commit_callbacks(execute=True):
        qa.moderate(actor=world.attendee_user, question=shown, action="answer")
    again = client_of(None).get(url("qa-live", world))
    assert body in [t.name for t in again.templates] and "Answered" in again.content.decode()
