"""The CAC Global Summit 2020 demo: its online items with Korean and English streams (sample
links, marked), sample interpreters (marked) and a roster the solver planned and the verifier
passed; loading it again changes nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from summitry.demo import cac2020
from summitry.online.models import Assignment, Interpreter, OnlineItem, RosterRun, Stream
from tests.demo_data import demo_for_the_module

pytestmark = pytest.mark.django_db
demo_loaded = demo_for_the_module("cac2020")


def test_the_cac2020_demo_is_an_online_summit_with_a_solved_roster(demo_loaded):
    assert OnlineItem.objects.filter(item__summit__slug="cac2020", format="online").count() == 5
    assert set(Stream.objects.values_list("channel", flat=True)) == {"ko", "en"}
    assert not Stream.objects.filter(is_sample=False).exists()
    assert not Interpreter.objects.filter(is_sample=False).exists()
    run = RosterRun.objects.get()
    assert (run.state, run.status, run.verdict) == ("done", "optimal", [])
    diamond = OnlineItem.objects.get(item__title_en__contains="Jared Diamond")
    assert diamond.floor_language == "en"
    assert set(Assignment.objects.filter(online=diamond).values_list("channel", flat=True)) == {
        "ko"
    }
    before = sorted(Assignment.objects.values_list("online_id", "channel", "interpreter_id"))
    cac2020.load()
    assert RosterRun.objects.count() == 1
    assert (
        sorted(Assignment.objects.values_list("online_id", "channel", "interpreter_id")) == before
    )
    page = Client(headers={"Accept-Language": "ko"}).get(
        reverse("online:watch", args=["cac2020", diamond.item_id])
    )
    text = page.content.decode()
    assert "SAMPLE-cac2020" in text and "meet.jit.si" not in text


def test_the_cac2020_demo_has_sample_questions_and_a_poll_once(demo_loaded):
    from summitry.online import qa
    from summitry.online.models import Question, QuickPoll

    cac2020.load()  # the second time
    assert Question.objects.count() == 3
    assert all("sample" in q.text or "표본" in q.text for q in Question.objects.all())
    online = Question.objects.first().online
    assert [q.state for q in qa.shown_questions(online)] == ["approved", "answered"]
    poll = QuickPoll.objects.get()
    assert poll.state == "open" and poll.options.count() == 3
    page = Client(headers={"Accept-Language": "en"}).get(
        reverse("online:qa", args=["cac2020", online.item_id])
    )
    assert "How will cities share data" in page.content.decode()


def test_the_cac2020_demo_has_remote_speakers_in_their_own_zones(demo_loaded):
    from summitry.online import speakers
    from summitry.online.models import SpeakerPrep
    from summitry.programme.models import ItemPerson

    diamond = OnlineItem.objects.get(item__title_en__contains="Jared Diamond")
    prep = SpeakerPrep.objects.get(online=diamond, person__slug="jared-diamond")
    assert ItemPerson.objects.filter(item=diamond.item, person=prep.person, role="speaker").exists()
    assert prep.time_zone == "America/Los_Angeles" and "assumed" in prep.zone_label_en
    # 4 June 2020, 10:00 in Seoul is the evening before in Los Angeles.
    shown = speakers.both(diamond.item.starts_at, diamond.item.summit, prep)
    assert "10:00" in shown and "18:00" in shown and "Los Angeles" in shown
    cac2020.load()
    assert SpeakerPrep.objects.filter(online__item__summit__slug="cac2020").count() == 2
