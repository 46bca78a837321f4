"""The API of live Q&A and polls: shown questions and polls public, asking, voting and
answering with a token, moderation for the item's moderators and staff only; refusals say why
and change nothing."""

from __future__ import annotations

import pytest

from summitry.online import qa
from summitry.online.models import OnlineItem, Question, QuestionVote
from summitry.programme.models import ItemPerson

from .test_api import api

pytestmark = pytest.mark.django_db


@pytest.fixture
def online(world):
    found = OnlineItem.objects.create(item=world.soon, format="online")
    ItemPerson.objects.create(item=world.soon, person=world.attendee.person, role="moderator")
    return found


def test_ask_moderate_vote_and_read(world, online):
    base = f"/items/{world.soon.pk}/questions"
    assert api(None, "post", base, {"text": "Q", "language": "en"}).status_code == 401
    asked = api(world.outsider, "post", base, {"text": "언제?", "language": "ko"})
    assert asked.status_code == 201 and asked.json()["state"] == "pending"
    question = Question.objects.get()
    assert api(None, "get", base).json() == []
    moderation = f"{base}/{question.pk}/moderation"
    for user in (world.outsider, world.speaker_user, world.no_perm):
        refused = api(user, "post", moderation, {"action": "approve"})
        assert refused.status_code == 403, user
    assert api(world.attendee_user, "post", moderation, {"action": "approve"}).json() == {
        "id": question.pk,
        "state": "approved",
    }
    vote = f"{base}/{question.pk}/votes"
    assert api(world.outsider, "post", vote).json() == {
        "question": question.pk,
        "counted": True,
        "votes": 1,
    }
    assert api(world.outsider, "post", vote).json()["counted"] is False
    assert QuestionVote.objects.count() == 1
    shown = api(None, "get", base).json()
    assert shown == [
        {
            "id": question.pk,
            "text": "언제?",
            "language": "ko",
            "author_name": world.outsider.get_username(),
            "state": "approved",
            "votes": 1,
        }
    ]
    bad = api(world.outsider, "post", base, {"text": "Q", "language": "fr"}, language="ko")
    assert bad.status_code == 400
    assert "한국어" in bad.json()["errors"]["language"][0]


def test_polls_answered_through_the_api(world, online):
    poll = qa.add_poll(
        actor=world.organiser,
        online=online,
        data={
            "text_ko": "좋습니까?",
            "text_en": "Good?",
            "options_ko": ["예", "아니오"],
            "options_en": ["Yes", "No"],
            "multiple": False,
        },
    )
    path = f"/items/{world.soon.pk}/polls"
    assert api(None, "get", path).json() == []  # not open yet
    yes, no = poll.options.all()
    answer = f"{path}/{poll.pk}/answers"
    assert api(world.outsider, "post", answer, {"options": [yes.pk]}).status_code == 400
    qa.set_poll_state(actor=world.organiser, poll=poll, state="open")
    result = api(world.outsider, "post", answer, {"options": [yes.pk]}).json()
    assert [o["count"] for o in result["options"]] == [1, 0]
    assert api(world.outsider, "post", answer, {"options": [yes.pk, no.pk]}).status_code == 400
    assert api(None, "get", path).json()[0]["voters"] == 1
