"""Interpreters' unavailable periods, typed in the summit's time zone in the console, reach the
roster solver: the plan never puts an interpreter in a booth while they are unavailable."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from summitry.online.models import Assignment, Interpreter, RosterRun

from .conftest import client_of
from .test_pages import make_hybrid

pytestmark = pytest.mark.django_db


def typed(moment: datetime.datetime, zone) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def add(staff, family, unavailable=""):
    return staff.post(
        reverse("online:interpreters", args=["forum"]),
        {
            "family_name": family,
            "given_name": "A",
            "languages": "ko A, en B",
            "works_into_b": "on",
            "daily_max_minutes": 360,
            "rate": 900000,
            "rate_per": "day",
            "unavailable": unavailable,
        },
    )


def test_the_plan_respects_unavailable_periods_typed_in_the_summits_zone(world, staff):
    zone = world.summit.zone
    assert zone.utcoffset(datetime.datetime(2026, 1, 1)) != datetime.timedelta(0)
    item = world.soon
    hour = datetime.timedelta(hours=1)
    make_hybrid(staff, item)
    # Kim cannot work during the item (in the summit's time); Lee's period, read in UTC
    # instead of the summit's zone, would cover it too, but in the summit's zone it does not.
    busy = f"{typed(item.starts_at - hour, zone)} – {typed(item.ends_at + hour, zone)}"
    utc_wall = (
        f"{typed(item.starts_at - hour, datetime.UTC)} – {typed(item.ends_at + hour, datetime.UTC)}"
    )
    assert add(staff, "Kim", busy).status_code == 302
    assert add(staff, "Lee", utc_wall).status_code == 302
    assert add(staff, "Park").status_code == 302
    kim = Interpreter.objects.get(person__family_name="Kim")
    start = datetime.datetime.fromisoformat(kim.unavailable[0]["start"])
    assert start == (item.starts_at - hour).replace(second=0)

    staff.post(reverse("online:roster-plan", args=["forum"]))
    run = RosterRun.objects.get()
    assert (run.state, run.status, run.verdict) == ("done", "optimal", [])
    team = {a.interpreter.person.family_name for a in Assignment.objects.filter(channel="en")}
    assert team == {"Lee", "Park"}


def test_a_badly_typed_period_is_refused_in_the_users_language(world, organiser):
    korean = client_of(organiser, "ko")
    for text in ("2020-06-02 09:00", "2020-06-02 13:00 – 2020-06-02 09:00", "tomorrow"):
        answer = add(korean, "Kim", text)
        assert answer.status_code == 200
        page = answer.content.decode()
        assert "기간" in page, page[:2000]
    assert not Interpreter.objects.exists()
