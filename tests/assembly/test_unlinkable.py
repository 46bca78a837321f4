"""After a secret vote no table row (nor log line) links a voter to a ballot: every table of
the database is read before the casting and after the close, and each row written is checked."""

import logging

import pytest
from django.db import connection

from summitry.assembly import services
from summitry.assembly.models import Ballot, Poll

from .support import make_assembly, make_poll

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, set[tuple]]:
    tables = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from the database
            tables[table] = {tuple(map(str, row)) for row in cursor.fetchall()}
    return tables


def columns(table: str) -> set[str]:
    with connection.cursor() as cursor:
        return {c.name for c in connection.introspection.get_table_description(cursor, table)}


def secret_poll(method: str, assembly, item, rights):
    """A secret poll of ``method`` and four ballots for it."""
    if method == "motion":
        return make_poll(assembly, item, kind="secret"), ["yes", "no", "abstain", "yes"]
    poll = Poll.objects.create(
        assembly=assembly, agenda_item=item, title_en="Election", kind="secret", method=method
    )
    poll.candidates.set([r.member for r in rights[:3]])
    a, b, c = (str(r.member_id) for r in rights[:3])
    if method == "ranked":
        return poll, [[a, b], [c], [b, c, a], []]
    return poll, ["yes", "no", "abstain", "yes"]  # a single list of candidates


@pytest.mark.parametrize("method", ["motion", "ranked", "list"])
def test_no_row_links_a_voter_to_a_ballot(organiser, caplog, method):
    assembly, rights, item = make_assembly(members=4)
    poll, choices = secret_poll(method, assembly, item, rights)
    services.open_poll(actor=organiser, poll=poll)
    before = snapshot()
    caplog.set_level(logging.DEBUG)
    receipts = [
        services.cast(actor=r.delegate, poll=poll, member_id=r.member_id, choice=choice)
        for r, choice in zip(rights, choices, strict=True)
    ]
    services.close_poll(actor=organiser, poll=poll)
    after = snapshot()

    written = {t: after[t] - before.get(t, set()) for t in after if after[t] - before.get(t, set())}
    box = Ballot._meta.db_table
    assert box in written and "assembly_voterroll" in written
    # The box holds what was voted and nothing about who or when.
    assert columns(box) == {"id", "poll_id", "receipt", "choice"}
    ballot_ids = {str(pk) for pk in Ballot.objects.values_list("pk", flat=True)}
    hex_ids = {pk.replace("-", "") for pk in ballot_ids}
    secrets = set(receipts) | ballot_ids | hex_ids
    for table, rows in written.items():
        if table == box:
            continue
        for row in rows:
            text = " ".join(row)
            assert not any(s in text for s in secrets), f"{table} links a ballot: {row}"
    # The roll says that each member voted, not what.
    with connection.cursor() as cursor:
        cursor.execute("SELECT choice FROM assembly_voterroll")
        assert {row[0] for row in cursor.fetchall()} == {None}
        # The box's physical order is the receipts' order, not the order of casting.
        cursor.execute(f'SELECT receipt FROM "{box}"')  # noqa: S608
        assert [row[0] for row in cursor.fetchall()] == sorted(receipts)
        if connection.vendor == "postgresql":
            # One transaction (the close) wrote every box row: xmin links none to its caster.
            cursor.execute(f'SELECT DISTINCT xmin::text FROM "{box}"')  # noqa: S608
            assert len(cursor.fetchall()) == 1
    # No log line carries a receipt.
    assert not [r for r in caplog.records if any(s in r.getMessage() for s in secrets)]
