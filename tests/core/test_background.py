"""The outbox delivered from the task queue, once; and the live-update fragments."""

import pytest
from django.core import mail
from django.test import RequestFactory, override_settings

from summitry.core import live
from summitry.core import mail as outbox
from summitry.core.models import OutboundMessage
from summitry.core.tasks import deliver


class RefusingBackend:
    """A mail server that is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")


def write(db_summit=None) -> OutboundMessage:
    return outbox.send(
        summit=db_summit,
        recipient="a@example.org",
        language="en",
        template="core/email/password_reset",
        context={"link": "/x/"},
        kind="test",
    )


@pytest.mark.django_db
def test_a_message_is_delivered_once_however_often_its_task_runs():
    message = write()
    assert message.sent_at is not None and len(mail.outbox) == 1
    assert deliver.apply(args=[message.pk]).get() == "already sent"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Message-ID"].startswith(f"<outbox-{message.pk}@")


@pytest.mark.django_db
@override_settings(EMAIL_BACKEND="tests.core.test_background.RefusingBackend")
def test_a_failing_mail_server_loses_nothing():
    message = write()
    assert message.sent_at is None
    assert "the mail server is down" in message.error
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        assert deliver.apply(args=[message.pk]).get() == "sent"
    message.refresh_from_db()
    assert message.sent_at is not None and message.error == ""


def test_a_live_fragment_renders_only_when_its_topic_changed(db):
    rf = RequestFactory()
    url = live.live_context(rf.get("/frag/", {"lang": "ko"}), "topic:1")["live_url"]
    assert url.startswith("/frag/?lang=ko&t=")
    seen = url.split("v=")[1]
    template = "core/email/password_reset_subject.txt"

    def poll(version):
        return live.fragment(rf.get("/frag/", {"v": version}), "topic:1", template, dict)

    assert poll(seen).status_code == 204  # nothing changed: one cache read, no rendering
    live.bump("topic:1")
    assert live.version("topic:1") == int(seen) + 1
    changed = poll(seen)
    assert changed.status_code == 200 and b"Summitry" in changed.content
    assert poll(str(int(seen) + 1)).status_code == 204


def test_a_shared_fragment_is_rendered_once_per_change(db):
    """The projector's fragment is the same for all its viewers: after a change the first
    poll renders it, the others get that rendering from the shared cache."""
    rf = RequestFactory()
    renders = []

    def context():
        renders.append(1)
        return {}

    template = "core/email/password_reset_subject.txt"

    def poll(version):
        return live.fragment(
            rf.get("/frag/", {"v": version}), "topic:2", template, context, shared=True
        )

    seen = str(live.version("topic:2"))
    live.bump("topic:2")
    answers = [poll(seen) for _ in range(5)]
    assert [a.status_code for a in answers] == [200] * 5
    assert len({a.content for a in answers}) == 1 and len(renders) == 1
    live.bump("topic:2")
    assert poll(seen).status_code == 200 and len(renders) == 2


def test_an_unchanged_poll_is_answered_before_the_view(db, client, django_assert_num_queries):
    """A poll carrying its signed topic and the current version: 204 from the first
    middleware, no database query; a forged topic, or a changed one, reaches the view."""
    from urllib.parse import parse_qs, urlsplit

    rf = RequestFactory()
    url = live.live_context(rf.get("/nowhere/"), "topic:3")["live_url"]
    with django_assert_num_queries(0):
        answer = client.get(url)
    assert answer.status_code == 204 and answer["Cache-Control"] == "no-store"
    query = parse_qs(urlsplit(url).query)
    forged = f"/nowhere/?t=topic:3:{'A' * 43}&v={query['v'][0]}"
    assert client.get(forged).status_code == 404  # not answered early: the URL has no view
    live.bump("topic:3")
    assert client.get(url).status_code == 404


def test_a_topic_that_changes_with_time_alone_is_never_answered_early(db):
    """A board whose view notices what time alone changes (the studio) polls without the
    signed topic, so that every poll reaches its view."""
    rf = RequestFactory()
    assert "t=" in live.live_context(rf.get("/frag/"), "topic:4")["live_url"]
    assert "t=" not in live.live_context(rf.get("/frag/"), "topic:4", early=False)["live_url"]


@pytest.mark.django_db
@override_settings(EMAIL_BACKEND="tests.core.test_background.RefusingBackend")
def test_failed_mail_is_sent_again_on_schedule_for_a_few_days():
    """The scheduled retry (celery beat) queues again what is still unsent some minutes after
    it was written, for a few days; what was sent, and what is too old, it leaves alone."""
    import datetime

    from django.utils import timezone

    from summitry.core.tasks import retry_failed_mail

    failed, recent, old = write(), write(), write()
    assert all(m.sent_at is None for m in (failed, recent, old))
    now = timezone.now()
    OutboundMessage.objects.filter(pk=failed.pk).update(
        created_at=now - datetime.timedelta(minutes=30)
    )
    OutboundMessage.objects.filter(pk=old.pk).update(created_at=now - datetime.timedelta(days=4))
    sent = write()
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        OutboundMessage.objects.filter(pk=sent.pk).update(
            sent_at=now, created_at=now - datetime.timedelta(minutes=30)
        )
        assert retry_failed_mail() == 1
    assert [m.to for m in mail.outbox] == [["a@example.org"]]
    failed.refresh_from_db()
    assert failed.sent_at is not None and failed.error == ""
    for untouched in (recent, old):
        untouched.refresh_from_db()
        assert untouched.sent_at is None


def test_the_retry_of_failed_mail_is_on_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["retry-failed-mail"]
    assert entry["task"] == "summitry.core.tasks.retry_failed_mail"
    assert entry["schedule"] <= 600


def test_a_change_made_while_a_fragment_reads_its_data_is_shown_at_the_next_poll(db):
    """The poller is given the version read before the data: a change committed while the
    fragment is rendered (another process) is shown at the next poll, not lost until the
    one after it."""
    from urllib.parse import parse_qs, urlsplit

    from django.test.signals import template_rendered

    rf = RequestFactory()
    topic, template = "topic:5", "core/email/password_reset_subject.txt"
    seen = str(live.version(topic))
    live.bump(topic)
    given = []

    def capture(sender, context, **kwargs):
        given.append(context.get("live_url"))

    def read_while_another_change_commits():
        live.bump(topic)
        return {}

    template_rendered.connect(capture)
    try:
        answer = live.fragment(
            rf.get("/frag/", {"v": seen}), topic, template, read_while_another_change_commits
        )
    finally:
        template_rendered.disconnect(capture)
    assert answer.status_code == 200
    next_version = parse_qs(urlsplit(given[0]).query)["v"][0]
    assert next_version == str(int(seen) + 1) != str(live.version(topic))
    again = live.fragment(rf.get("/frag/", {"v": next_version}), topic, template, dict)
    assert again.status_code == 200
