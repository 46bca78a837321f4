"""The clash report, read from the whole programme at once, says exactly what asking
``clashes_of`` item by item says (in the same order), for any programme; in a fixed number
of queries."""

import datetime

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summitry.programme.models import ItemPerson, ProgrammeItem
from summitry.programme.services import clash_report, clashes_of
from tests.factories import OrganisationFactory, PersonFactory, RoomFactory

from .conftest import at

# An item: (quarter-hour it starts, quarter-hours it lasts, room or none, parent index or
# none, invite-only?, invitees, (person, role) pairs).
ITEM = st.tuples(
    st.integers(0, 12),
    st.integers(1, 6),
    st.sampled_from([None, 0, 1]),
    st.one_of(st.none(), st.integers(0, 7)),
    st.booleans(),
    st.sets(st.integers(0, 1), max_size=2),
    st.lists(st.tuples(st.integers(0, 2), st.sampled_from(["chair", "speaker"])), max_size=2),
)


def reference(summit):
    """The report as asking each item in turn gives it."""
    seen, report = set(), []
    for item in ProgrammeItem.objects.filter(summit=summit).select_related("room__venue"):
        for clash in clashes_of(item):
            key = (clash.kind, clash.subject, *sorted((clash.item, clash.other)))
            if key not in seen:
                seen.add(key)
                report.append(clash)
    return report


def build(summit, rooms, people, organisations, specs):
    made = []
    for start, length, room, parent, invited, guests, roles in specs:
        owner = made[parent] if parent is not None and parent < len(made) else None
        begins = at(25, 9) + datetime.timedelta(minutes=15 * start)
        item = ProgrammeItem.objects.create(
            summit=summit,
            parent=owner,
            kind="meeting",
            block="morning",
            title_en=f"Item {len(made)}",
            room=rooms[room] if room is not None else None,
            audience="invited" if invited else "public",
            starts_at=begins,
            ends_at=begins + datetime.timedelta(minutes=15 * length),
        )
        item.invitees.set([organisations[g] for g in guests])
        for position, (person, role) in enumerate(dict(roles).items()):
            ItemPerson.objects.create(
                item=item, person=people[person], role=role, position=position
            )
        made.append(item)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(specs=st.lists(ITEM, min_size=1, max_size=7))
def test_the_report_says_what_each_item_says(summit, hall, specs):
    organisations = [OrganisationFactory(), OrganisationFactory()]
    people = [
        PersonFactory(organisation=organisations[0]),
        PersonFactory(organisation=organisations[1]),
        PersonFactory(organisation=None),
    ]
    rooms = [hall, RoomFactory(venue=hall.venue)]
    with transaction.atomic():
        build(summit, rooms, people, organisations, specs)
        assert clash_report(summit) == reference(summit)
        transaction.set_rollback(True)


def test_the_report_takes_a_fixed_number_of_queries(summit, hall):
    organisations = [OrganisationFactory(), OrganisationFactory()]
    people = [PersonFactory(organisation=o) for o in organisations]
    few = [(i % 6, 4, i % 2, None, True, {0}, [(0, "chair")]) for i in range(4)]
    build(summit, [hall, RoomFactory(venue=hall.venue)], people, organisations, few)
    with CaptureQueriesContext(connection) as small:
        clash_report(summit)
    build(summit, [hall, hall], people, organisations, few * 5)
    with CaptureQueriesContext(connection) as large:
        assert clash_report(summit)
    assert len(small) == len(large) == 3
