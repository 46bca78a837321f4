"""Every vote counted exactly once: 71 members' votes (some through proxies), each sent twice,
from parallel PostgreSQL connections in the same instant."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import translation

from summitry.assembly import services
from summitry.assembly.models import Ballot, VoterRoll

from .support import make_assembly, make_poll

MEMBERS, PROXIES, THREADS = 71, 10, 24


@pytest.mark.django_db(transaction=True)
def test_parallel_casts_count_each_member_once(organiser):
    if connection.vendor != "postgresql":
        pytest.skip("parallel connections are tested on PostgreSQL (CI runs both databases)")
    assembly, rights, item = make_assembly(members=MEMBERS)
    for n in range(PROXIES):  # members 0..9 hold the proxies of members 10..19
        services.give_proxy(actor=organiser, right=rights[PROXIES + n], holder=rights[n].member)
    poll = make_poll(assembly, item, kind="secret")
    services.open_poll(actor=organiser, poll=poll)
    casts = []
    for n, right in enumerate(rights):
        caster = rights[n - PROXIES].delegate if PROXIES <= n < 2 * PROXIES else right.delegate
        casts += [(caster, right.member_id, "yes" if n % 3 else "no")] * 2
    start = threading.Barrier(THREADS)
    receipts, refused, errors = [], [], []

    def work(batch):
        try:
            translation.activate("en")  # a thread starts in the default language
            start.wait()
            for caster, member_id, choice in batch:
                try:
                    receipts.append(
                        services.cast(actor=caster, poll=poll, member_id=member_id, choice=choice)
                    )
                except ValidationError as error:
                    refused.append(str(error))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(casts[t::THREADS],)) for t in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(receipts) == MEMBERS and len(set(receipts)) == MEMBERS  # none lost
    assert len(refused) == MEMBERS and all("already voted" in r for r in refused)  # none twice
    assert VoterRoll.objects.filter(poll=poll).count() == MEMBERS
    assert VoterRoll.objects.filter(poll=poll, by_proxy=True).count() == PROXIES
    closed = services.close_poll(actor=organiser, poll=poll)
    yes = sum(1 for n in range(MEMBERS) if n % 3)
    assert closed.result["counts"] == {"yes": yes, "no": MEMBERS - yes, "abstain": 0}
    assert Ballot.objects.filter(poll=poll).count() == MEMBERS


def _race(casts, threads=THREADS):
    """Run ``casts`` (caster, member id, choice, receipt) from ``threads`` parallel
    connections released at once: (answers, refusals, errors)."""
    start = threading.Barrier(threads)
    answers, refused, errors = [], [], []

    def work(batch):
        try:
            translation.activate("en")
            start.wait()
            for caster, member_id, choice, receipt in batch:
                try:
                    answers.append(
                        (
                            member_id,
                            services.cast(
                                actor=caster,
                                poll=poll_of[0],
                                member_id=member_id,
                                choice=choice,
                                receipt=receipt,
                            ),
                        )
                    )
                except ValidationError as error:
                    refused.append(str(error))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=work, args=(casts[t::threads],)) for t in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return answers, refused, errors


poll_of = []


@pytest.mark.django_db(transaction=True)
def test_parallel_changes_of_open_votes_count_each_member_once(organiser):
    if connection.vendor != "postgresql":
        pytest.skip("parallel connections are tested on PostgreSQL (CI runs both databases)")
    assembly, rights, item = make_assembly(members=MEMBERS)
    assembly.votes_changeable = True
    assembly.save(update_fields=["votes_changeable"])
    poll = make_poll(assembly, item)
    services.open_poll(actor=organiser, poll=poll)
    poll_of[:] = [poll]
    # Each member's first vote and its change race each other (and themselves, twice each).
    casts = [(r.delegate, r.member_id, c, "") for r in rights for c in ("no", "yes", "no", "yes")]
    answers, refused, errors = _race(casts)
    assert errors == [] and refused == [] and len(answers) == 4 * MEMBERS
    assert VoterRoll.objects.filter(poll=poll).count() == MEMBERS
    # Then every member changes to abstain at once: the last word of each is what counts.
    answers, refused, errors = _race([(r.delegate, r.member_id, "abstain", "") for r in rights])
    assert errors == [] and refused == []
    closed = services.close_poll(actor=organiser, poll=poll)
    assert closed.result["counts"] == {"yes": 0, "no": 0, "abstain": MEMBERS}
    assert closed.result["turnout"] == MEMBERS


@pytest.mark.django_db(transaction=True)
def test_parallel_changes_of_secret_ballots_replace_each_ballot_once(organiser):
    if connection.vendor != "postgresql":
        pytest.skip("parallel connections are tested on PostgreSQL (CI runs both databases)")
    assembly, rights, item = make_assembly(members=MEMBERS)
    assembly.votes_changeable = True
    assembly.save(update_fields=["votes_changeable"])
    poll = make_poll(assembly, item, kind="secret")
    services.open_poll(actor=organiser, poll=poll)
    poll_of[:] = [poll]
    answers, refused, errors = _race([(r.delegate, r.member_id, "no", "") for r in rights])
    assert errors == [] and refused == []
    receipts = dict(answers)
    # Each change sent twice at once with the same receipt: one replaces, the other is refused.
    casts = [(r.delegate, r.member_id, "yes", receipts[r.member_id]) for r in rights] * 2
    answers, refused, errors = _race(casts)
    assert errors == []
    assert len(answers) == MEMBERS and {m for m, _r in answers} == set(receipts)
    assert len(refused) == MEMBERS and all("not in the ballot box" in r for r in refused)
    new = {receipt for _m, receipt in answers}
    assert set(Ballot.objects.filter(poll=poll).values_list("receipt", flat=True)) == new
    closed = services.close_poll(actor=organiser, poll=poll)
    assert closed.result["counts"] == {"yes": MEMBERS, "no": 0, "abstain": 0}


@pytest.mark.django_db(transaction=True)
def test_delegate_and_alternate_voting_at_the_same_instant_make_one_ballot(organiser):
    if connection.vendor != "postgresql":
        pytest.skip("parallel connections are tested on PostgreSQL (CI runs both databases)")
    from summitry.assembly.models import Alternate
    from tests.factories import UserFactory

    assembly, rights, item = make_assembly(members=MEMBERS)
    alternates = {
        r.member_id: Alternate.objects.create(right=r, user=UserFactory()).user for r in rights
    }
    poll = make_poll(assembly, item, kind="secret")
    services.open_poll(actor=organiser, poll=poll)
    poll_of[:] = [poll]
    casts = [(r.delegate, r.member_id, "yes", "") for r in rights]
    casts += [(alternates[r.member_id], r.member_id, "no", "") for r in rights]
    answers, refused, errors = _race(casts)
    assert errors == []
    assert len(answers) == MEMBERS and {m for m, _r in answers} == {r.member_id for r in rights}
    assert len(refused) == MEMBERS and all("already voted" in r for r in refused)
    assert Ballot.objects.filter(poll=poll).count() == MEMBERS
    assert VoterRoll.objects.filter(poll=poll).count() == MEMBERS
    closed = services.close_poll(actor=organiser, poll=poll)
    counts = closed.result["counts"]
    assert counts["yes"] + counts["no"] == MEMBERS
    assert counts["no"] == VoterRoll.objects.filter(poll=poll, by_alternate=True).count()


@pytest.mark.django_db(transaction=True)
def test_the_automatic_circulation_goes_out_once_from_parallel_runs(organiser):
    """Eight runs of the beat job and the staff's click at the same instant: one circulation
    of this agenda, each member's mail once."""
    import datetime

    from django.utils import timezone

    from summitry.assembly.models import AgendaCirculation
    from summitry.core.models import OutboundMessage

    if connection.vendor != "postgresql":
        pytest.skip("parallel connections are tested on PostgreSQL (CI runs both databases)")
    assembly, _rights, _item = make_assembly(members=12)
    assembly.starts_at = timezone.now() + datetime.timedelta(days=3)
    assembly.save(update_fields=["starts_at"])
    services.set_auto_circulation(actor=organiser, assembly=assembly, days=7)
    start = threading.Barrier(9)
    outcomes, errors = [], []

    def job(kind):
        try:
            translation.activate("en")
            start.wait()
            if kind == "beat":
                outcomes.append(services.circulate_due())
            else:
                try:
                    services.circulate_agenda(actor=organiser, assembly=assembly)
                    outcomes.append(1)
                except ValidationError:
                    outcomes.append(0)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=job, args=("beat",)) for _ in range(8)]
    threads.append(threading.Thread(target=job, args=("click",)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(outcomes) == 1 and AgendaCirculation.objects.count() == 1
    assert OutboundMessage.objects.filter(kind="assembly-agenda").count() == 12
