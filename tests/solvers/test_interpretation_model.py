"""The interpretation roster: reading problems, and small cases worked out by hand."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from summitry.solvers.interpretation import ProblemError, parse_problem, solve, verify
from summitry.solvers.interpretation.__main__ import main

DAY = "2020-06-01T{}:00+09:00"


def item(ident: str, start: str, end: str, floor: str = "ko", channels=("en",)) -> dict:
    return {
        "id": ident,
        "start": DAY.format(start),
        "end": DAY.format(end),
        "floor": floor,
        "channels": list(channels),
    }


def person(ident: str, languages: dict[str, str], rate: int = 100, per: str = "day", **extra):
    return {"id": ident, "languages": languages, "rate": {"amount": rate, "per": per}, **extra}


def problem(items: list[dict], interpreters: list[dict], **extra: Any) -> dict:
    return {
        "format": "summitry.interpretation/1",
        "items": items,
        "interpreters": interpreters,
        **extra,
    }


KO_EN = {"ko": "A", "en": "B"}


def solved(data: dict):
    parsed = parse_problem(data)
    solution = solve(parsed, time_limit=10, workers=1)
    assert verify(parsed, solution.to_json()) == []
    return solution


def team(solution, item_id: str, channel: str) -> set[str]:
    return {
        a.interpreter for a in solution.assignments if a.item == item_id and a.channel == channel
    }


# Parser errors name what is wrong and where.

VALID = problem([item("opening", "10:00", "10:30")], [person("kim", KO_EN)])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(format="other/1"), "format: expected"),
        (lambda d: d["items"][0].update(end=DAY.format("09:00")), "item opening: ends"),
        (lambda d: d["items"][0].update(start="2020-06-01T10:00:00"), "has no UTC offset"),
        (lambda d: d["items"][0].update(start="tomorrow"), "not an ISO date"),
        (lambda d: d["items"][0].update(channels=["ko"]), "channel ko is the floor language"),
        (lambda d: d["items"][0].update(channels=["en", "en"]), "listed twice"),
        (lambda d: d["items"].append(copy.deepcopy(d["items"][0])), "item opening: the id is"),
        (lambda d: d["interpreters"][0].update(languages={"ko": "D"}), "not A, B or C"),
        (lambda d: d["interpreters"][0].update(languages={}), "interpreter kim: no languages"),
        (lambda d: d["interpreters"][0].update(rate={"amount": 5, "per": "week"}), "rate.per"),
        (lambda d: d["interpreters"][0].update(rate={"amount": -5}), "rate.amount"),
        (lambda d: d["interpreters"][0].update(daily_max_minutes="lots"), "daily_max_minutes"),
        (lambda d: d["interpreters"][0].update(colour="red"), "unknown field(s) colour"),
        (lambda d: d.update(rules={"team_thresholds": [240, 40]}), "strictly increasing"),
        (lambda d: d.update(previous=[{"item": "gala", "channel": "en"}]), "unknown item 'gala'"),
        (
            lambda d: d.update(previous=[{"item": "opening", "channel": "fr", "interpreter": "x"}]),
            "has no channel 'fr'",
        ),
    ],
)
def test_parser_errors_say_where(change, message):
    data = copy.deepcopy(VALID)
    change(data)
    with pytest.raises(ProblemError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_problem(data)


def test_team_size_follows_working_time():
    rules = parse_problem(VALID).rules
    assert [rules.team_size(m) for m in (30, 40, 41, 240, 241, 360, 361)] == [1, 1, 2, 2, 3, 3, 4]


# Hand cases.


def test_a_short_item_takes_the_cheapest_qualified_interpreter():
    data = problem(
        [item("opening", "10:00", "10:30")],
        [
            person("kim", KO_EN, 300),
            person("lee", KO_EN, 200),
            person("park", {"ko": "A", "en": "C"}, 10),  # cannot work into a C language
        ],
    )
    solution = solved(data)
    assert solution.status == "optimal"
    assert team(solution, "opening", "en") == {"lee"}
    assert solution.cost == 200 and solution.bound == solution.objective


def test_a_long_session_gets_two_and_a_long_day_three():
    people = [person(f"p{k}", KO_EN, 100 + k) for k in range(4)]
    two = solved(problem([item("talk", "10:00", "12:00")], people))
    assert team(two, "talk", "en") == {"p0", "p1"}
    three = solved(problem([item("marathon", "09:00", "14:00")], people))
    assert team(three, "marathon", "en") == {"p0", "p1", "p2"}


def test_rest_between_assignments_is_kept():
    # Ten minutes between the items: kim cannot do both; lee must take one.
    data = problem(
        [item("a", "10:00", "10:30"), item("b", "10:40", "11:10")],
        [person("kim", KO_EN, 100), person("lee", KO_EN, 500)],
    )
    solution = solved(data)
    assert {a.interpreter for a in solution.assignments} == {"kim", "lee"}
    data["rules"] = {"min_rest_minutes": 10}
    assert solved(data).cost == 100  # kim does both, paid one day


def test_daily_maximum_is_respected():
    data = problem(
        [item("a", "09:00", "09:40"), item("b", "11:00", "11:40")],
        [person("kim", KO_EN, 100), person("lee", KO_EN, 500)],
    )
    assert solved(data).cost == 100  # kim does both
    data["interpreters"][0]["daily_max_minutes"] = 60
    solution = solved(data)
    assert {a.interpreter for a in solution.assignments} == {"lee"}  # 500 rather than 600


def test_hourly_rates_are_paid_by_the_minute_worked():
    data = problem(
        [item("a", "09:00", "09:30")],
        [person("kim", KO_EN, 90, "hour"), person("lee", KO_EN, 50)],
    )
    solution = solved(data)
    assert team(solution, "a", "en") == {"kim"}  # 45 for half an hour against 50 for the day
    assert solution.cost == 45
    data["items"][0]["end"] = DAY.format("09:40")
    solution = solved(data)
    assert team(solution, "a", "en") == {"lee"} and solution.cost == 50  # not 60


def test_relay_is_avoided_where_a_direct_pair_exists():
    # Floor Korean, channels English and Russian. ivanov works into Russian from English only
    # (relay through the English booth); petrova from Korean (direct) but costs more.
    items = [item("mayors", "10:00", "10:30", channels=("en", "ru"))]
    people = [
        person("kim", KO_EN, 100),
        person("ivanov", {"ru": "A", "en": "C"}, 100),
        person("petrova", {"ru": "A", "ko": "C"}, 300),
    ]
    solution = solved(problem(items, people))
    assert team(solution, "mayors", "ru") == {"petrova"} and solution.relays == 0
    # Without petrova the relay is used, from the English booth.
    solution = solved(problem(items, people[:2]))
    assert [a.via for a in solution.assignments if a.channel == "ru"] == ["en"]
    assert solution.relays == 1
    # A relay penalty below the difference in cost lets the cheaper relay win.
    solution = solved(problem(items, people, rules={"relay_penalty": 50}))
    assert team(solution, "mayors", "ru") == {"ivanov"}


def test_a_relay_needs_a_direct_interpreter_in_the_pivot_booth():
    # Both booths could only work from each other: no roster.
    items = [item("mayors", "10:00", "10:30", channels=("en", "ru"))]
    people = [person("smith", {"en": "A", "ru": "C"}), person("ivanov", {"ru": "A", "en": "C"})]
    solution = solve(parse_problem(problem(items, people)), time_limit=10, workers=1)
    assert solution.status == "infeasible"


def test_unavailable_interpreters_are_not_used():
    window = {"start": DAY.format("13:00"), "end": DAY.format("18:00")}
    data = problem(
        [item("a", "10:00", "10:30")],
        [person("kim", KO_EN, 10, availability=[window]), person("lee", KO_EN, 500)],
    )
    assert team(solved(data), "a", "en") == {"lee"}


def test_changes_to_the_previous_roster_break_ties():
    items = [item("a", "10:00", "10:30")]
    people = [person("kim", KO_EN, 100), person("lee", KO_EN, 100)]
    for keep in ("kim", "lee"):
        previous = [{"item": "a", "channel": "en", "interpreter": keep}]
        solution = solved(problem(items, people, previous=previous))
        assert team(solution, "a", "en") == {keep} and solution.changes == 0
    # Cost still comes first: a cheaper interpreter replaces the previous one (two changes).
    people[1]["rate"]["amount"] = 90
    previous = [{"item": "a", "channel": "en", "interpreter": "kim"}]
    solution = solved(problem(items, people, previous=previous))
    assert team(solution, "a", "en") == {"lee"} and solution.changes == 2


def test_infeasible_names_the_channel_that_cannot_be_covered():
    data = problem(
        [
            item("opening", "10:00", "10:30", channels=("en",)),
            item("climate", "11:00", "13:00", channels=("en", "ru")),
        ],
        [person("kim", KO_EN), person("lee", KO_EN), person("ivanov", {"ru": "A", "ko": "B"})],
    )
    parsed = parse_problem(data)
    solution = solve(parsed, time_limit=10, workers=1)
    assert solution.status == "infeasible"
    assert [(u.item, u.channel, u.needed, u.assigned) for u in solution.uncovered] == [
        ("climate", "ru", 2, 1)
    ]
    assert "climate → ru (1/2)" in solution.reason
    assert verify(parsed, solution.to_json()) == []


# The verifier catches what is wrong.


def test_the_verifier_finds_broken_rules_and_wrong_figures():
    data = problem(
        [item("a", "10:00", "12:00"), item("b", "12:40", "13:00")],
        [person("kim", KO_EN, 100), person("lee", KO_EN, 100), person("park", {"en": "A"})],
        rules={"min_rest_minutes": 30},
    )
    parsed = parse_problem(data)
    good = solve(parsed, time_limit=10, workers=1).to_json()
    assert verify(parsed, good) == []
    broken = copy.deepcopy(good)
    broken["assignments"] = [
        {"item": "a", "channel": "en", "interpreter": "kim", "via": None},
        {"item": "a", "channel": "en", "interpreter": "park", "via": None},
        {"item": "b", "channel": "en", "interpreter": "kim", "via": None},
    ]
    data["rules"]["min_rest_minutes"] = 60
    errors = "\n".join(verify(parse_problem(data), broken))
    assert "park in a → en: cannot interpret ko into en" in errors
    assert "kim: a and b overlap or leave less than 60 minutes of rest" in errors
    wrong = copy.deepcopy(good)
    wrong["cost"] += 1
    assert verify(parsed, wrong) == [f"cost is {good['cost'] + 1}; recomputed {good['cost']}"]
    short = copy.deepcopy(good)
    short["assignments"] = short["assignments"][1:]
    assert any("team of 1, needs 2" in e for e in verify(parsed, short))


def test_the_command_line_solves_and_verifies(tmp_path, capsys):
    data = problem([item("a", "10:00", "10:30")], [person("kim", KO_EN)])
    source = tmp_path / "problem.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    target = tmp_path / "solution.json"
    assert main(["solve", str(source), "-o", str(target), "--time-limit", "5"]) == 0
    assert json.loads(target.read_text(encoding="utf-8"))["status"] == "optimal"
    assert main(["verify", str(source), str(target)]) == 0
    assert "valid" in capsys.readouterr().err
    source.write_text("{", encoding="utf-8")
    assert main(["verify", str(source), str(target)]) == 2


def test_changes_count_on_every_day_once_a_roster_was_published():
    # The published roster covers the first day only; the second day's assignment is new.
    items = [item("a", "10:00", "10:30"), item("b", "10:00", "10:30")]
    items[1]["start"] = items[1]["start"].replace("06-01", "06-02")
    items[1]["end"] = items[1]["end"].replace("06-01", "06-02")
    people = [person("kim", KO_EN, 100), person("lee", KO_EN, 100)]
    previous = [{"item": "a", "channel": "en", "interpreter": "lee"}]
    solution = solved(problem(items, people, previous=previous))
    assert team(solution, "a", "en") == {"lee"}
    assert solution.changes == 1 and solution.stats["groups"] == 2
    assert solved(problem(items, people)).changes == 0  # nothing published: no changes
