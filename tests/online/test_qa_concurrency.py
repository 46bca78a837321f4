"""Live Q&A under load, with real parallel PostgreSQL connections: many viewers voting on the
same question at once (each twice, as a double click does) and asking at the same time: every
question kept, every viewer's vote counted exactly once."""

import threading

import pytest
from django.db import connection, connections

from summitry.online import qa
from summitry.online.models import OnlineItem, Question, QuestionVote

THREADS = 40


@pytest.mark.django_db(transaction=True)
def test_parallel_viewers_vote_once_each_and_lose_no_question(world):
    if connection.vendor != "postgresql":
        pytest.skip("parallel connections are tested on PostgreSQL (CI runs both databases)")
    online = OnlineItem.objects.create(item=world.soon, format="online")
    question = qa.ask(
        online=online, user=None, viewer_token="first", text="Q", language="en", name="First"
    )
    qa.moderate(actor=world.organiser, question=question, action="approve")
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []
    counted: list[bool] = []

    def viewer(n: int) -> None:
        try:
            start.wait()
            token = f"viewer-{n % (THREADS // 2)}"  # two connections share each viewer
            counted.append(qa.vote(question=question, user=None, viewer_token=token))
            counted.append(qa.vote(question=question, user=None, viewer_token=token))
            qa.ask(
                online=online,
                user=None,
                viewer_token=token,
                text=f"From {n}",
                language="ko",
                name=f"V{n}",
            )
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=viewer, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert QuestionVote.objects.filter(question=question).count() == THREADS // 2
    assert counted.count(True) == THREADS // 2
    assert qa.shown_questions(online)[0].vote_count == THREADS // 2
    assert Question.objects.filter(online=online).count() == THREADS + 1
