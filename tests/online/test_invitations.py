"""Speakers' invitations: staff send them from the online item's console page or the API (asked
to confirm first; written by the task queue, once unless sent again), in the speaker's
language, with each of their items' times in the summit's zone and their own, the video room,
the rehearsal and the link to their page, where the speaker (and only they) accept or decline;
staff see the answer. Another summit's staff get 404."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core import mail as outbox
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from summitry.core import mailtemplates
from summitry.core.models import OutboundMessage
from summitry.core.tokens import issue_token
from summitry.directory.models import Person
from summitry.online import invitations
from summitry.online.models import OnlineItem, SpeakerInvitation, SpeakerPrep
from summitry.online.tasks import send_speaker_invitations
from summitry.programme.models import ItemPerson

from .conftest import client_of

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
ROOM = "https://meet.jit.si/forum-mayors"


@pytest.fixture
def remote(world):
    """The soon item held online on 2 June 2020 at 10:00 Seoul, with its video room and a
    rehearsal at 09:00; the speaker in Moscow, also speaking at the later item (in person);
    a second speaker without an address at the summit."""
    world.summit.time_zone = "Asia/Seoul"
    world.summit.save(update_fields=["time_zone"])
    world.soon.starts_at = datetime.datetime(2020, 6, 2, 1, 0, tzinfo=UTC)
    world.soon.ends_at = datetime.datetime(2020, 6, 2, 3, 0, tzinfo=UTC)
    world.soon.save(update_fields=["starts_at", "ends_at"])
    world.later.starts_at = datetime.datetime(2020, 6, 3, 5, 0, tzinfo=UTC)
    world.later.ends_at = datetime.datetime(2020, 6, 3, 6, 30, tzinfo=UTC)
    world.later.save(update_fields=["starts_at", "ends_at"])
    ItemPerson.objects.create(item=world.later, person=world.speaker.person, role="speaker")
    online = OnlineItem.objects.create(
        item=world.soon,
        format="online",
        provider="jitsi",
        join_url=ROOM,
        rehearsal="scheduled",
        rehearsal_starts_at=datetime.datetime(2020, 6, 2, 0, 0, tzinfo=UTC),
        rehearsal_ends_at=datetime.datetime(2020, 6, 2, 0, 30, tzinfo=UTC),
    )
    SpeakerPrep.objects.create(
        online=online,
        person=world.speaker.person,
        time_zone="Europe/Moscow",
        zone_label_en="Moscow",
        zone_label_ko="모스크바",
    )
    world.unreachable = Person.objects.create(slug="no-mail", given_name="Joko", family_name="W")
    ItemPerson.objects.create(item=world.soon, person=world.unreachable, role="speaker")
    return online


def invite_url(world):
    return reverse("online:invite", args=["forum", world.soon.pk])


def answer_url(world, person=None):
    person = person or world.speaker.person
    return reverse("online:speaker-answer", args=["forum", world.soon.pk, person.pk])


def sent():
    return list(OutboundMessage.objects.filter(kind="speaker-invitation").order_by("pk"))


def invitation(world):
    return SpeakerInvitation.objects.get(person=world.speaker.person)


def test_staff_are_asked_first_then_the_invitation_is_sent_once(world, remote, staff):
    asked = staff.post(invite_url(world))
    assert asked.status_code == 200 and 'name="confirmed"' in asked.content.decode()
    assert sent() == []
    answer = staff.post(invite_url(world), {"confirmed": "1"}, follow=True)
    page = answer.content.decode()
    assert "1 invitation is on its way." in page
    assert "1 speaker has no e-mail address at this summit" in page
    (message,) = sent()
    assert message.recipient == "a@jakarta.example" and message.language == "en"
    assert message.sent_at is not None
    assert [m.to for m in outbox.outbox if "Invitation to speak" in m.subject] == [
        ["a@jakarta.example"]
    ]
    # a second click, or the task delivered again, sends nothing more
    again = staff.post(invite_url(world), {"confirmed": "1"}, follow=True)
    assert "Already invited: nothing was sent again." in again.content.decode()
    assert send_speaker_invitations.apply(args=[remote.pk]).get() == 0
    assert len(sent()) == 1
    found = invitation(world)
    assert found.sends == 1 and found.invited_at is not None and found.queued_at is None
    assert not SpeakerInvitation.objects.filter(person=world.unreachable, sends__gt=0).exists()
    # "send again" on purpose sends once more
    staff.post(
        invite_url(world),
        {"confirmed": "1", "person": world.speaker.person.pk, "again": "1"},
    )
    assert len(sent()) == 2 and invitation(world).sends == 2
    console = staff.get(reverse("online:item", args=["forum", world.soon.pk])).content.decode()
    assert 'data-state="invited"' in console and "No e-mail address at this summit" in console


def test_the_mail_gives_every_time_in_both_zones_with_room_and_rehearsal(world, remote, staff):
    staff.post(invite_url(world), {"confirmed": "1", "person": world.speaker.person.pk})
    (message,) = sent()
    assert message.subject == "Invitation to speak: “Mayors' meeting”, Mayors Forum"
    body = message.body
    assert "Dear Anies" in body
    assert "When: 2020-06-02 10:00–12:00 Seoul / 04:00–06:00 Moscow" in body
    assert ROOM in body and "opens 30 minutes before the start" in body
    assert "Technical rehearsal: 2020-06-02 09:00 Seoul / 03:00 Moscow to " in body
    assert "- Mayors' meeting: 2020-06-02 10:00–12:00 Seoul / 04:00–06:00 Moscow" in body
    assert "- Climate session: 2020-06-03 14:00–15:30 Seoul / 08:00–09:30 Moscow" in body
    link = f"/forum/programme/{world.soon.pk}/online/speakers/{world.speaker.person.pk}/"
    assert link in body and "accept or decline" in body


def test_the_mail_is_in_the_speakers_language(world, remote, staff):
    world.speaker.interpretation_language = "ko"
    world.speaker.save(update_fields=["interpretation_language"])
    staff.post(invite_url(world), {"confirmed": "1"})
    (message,) = sent()
    assert message.language == "ko"
    assert "도시정부 시장회의" in message.subject and "시장포럼" in message.subject
    assert "2020-06-02 10:00–12:00 Seoul / 04:00–06:00 모스크바" in message.body
    assert "- 기후환경 세션: 2020-06-03 14:00–15:30 Seoul / 08:00–09:30 모스크바" in message.body
    assert "Moscow" not in message.body and "기술 리허설" in message.body
    assert "수락" in message.body


def test_a_speaker_without_a_zone_is_given_the_summits(world, remote, staff):
    SpeakerPrep.objects.all().delete()
    staff.post(invite_url(world), {"confirmed": "1"})
    (message,) = sent()
    assert "When: 2020-06-02 10:00–12:00 Seoul\n" in message.body


def test_one_speaker_without_an_address_is_refused_clearly(world, remote):
    korean = client_of(world.organiser, "ko")
    answer = korean.post(
        invite_url(world), {"confirmed": "1", "person": world.unreachable.pk}, follow=True
    )
    assert "이메일 주소가 없습니다" in answer.content.decode()
    assert sent() == [] and not SpeakerInvitation.objects.filter(queued_at__isnull=False).exists()
    stranger = Person.objects.create(slug="stranger", family_name="X")
    answer = korean.post(invite_url(world), {"confirmed": "1", "person": stranger.pk}, follow=True)
    assert "이 항목의 연사가 아닙니다" in answer.content.decode()


def test_only_the_summits_online_staff_send(world, remote):
    for user, status in (
        (world.elsewhere, 404),
        (world.speaker_user, 404),
        (world.attendee_user, 404),
        (world.outsider, 404),
        (world.no_perm, 403),
    ):
        assert client_of(user).post(invite_url(world), {"confirmed": "1"}).status_code == status
    assert Client().post(invite_url(world), {"confirmed": "1"}).status_code == 302  # sign in
    assert sent() == [] and not SpeakerInvitation.objects.exists()


def test_the_speaker_accepts_and_staff_see_it(world, remote, staff):
    speaker = client_of(world.speaker_user)
    page_url = reverse("online:speaker", args=["forum", world.soon.pk, world.speaker.person.pk])
    # not invited yet: nothing to answer
    speaker.post(answer_url(world), {"answer": "accepted"})
    assert not SpeakerInvitation.objects.filter(answer="accepted").exists()
    assert "accept-invitation" not in speaker.get(page_url).content.decode()
    staff.post(invite_url(world), {"confirmed": "1"})
    assert 'id="accept-invitation"' in speaker.get(page_url).content.decode()
    # staff see the speaker's page but do not answer for them
    assert 'id="accept-invitation"' not in staff.get(page_url).content.decode()
    assert staff.post(answer_url(world), {"answer": "accepted"}).status_code == 403
    bad = speaker.post(answer_url(world), {"answer": "maybe"}, follow=True)
    assert "Answer “accepted” or “declined”." in bad.content.decode()
    assert invitation(world).answer == ""
    done = speaker.post(answer_url(world), {"answer": "accepted"}, follow=True)
    assert "you have accepted the invitation" in done.content.decode()
    found = invitation(world)
    assert found.answer == "accepted" and found.answered_at is not None
    console = staff.get(reverse("online:item", args=["forum", world.soon.pk])).content.decode()
    assert 'data-state="accepted"' in console
    speaker.post(answer_url(world), {"answer": "declined"})
    assert invitation(world).answer == "declined"


def test_a_non_speaker_cannot_answer(world, remote, staff):
    staff.post(invite_url(world), {"confirmed": "1"})
    for user in (world.attendee_user, world.outsider, world.elsewhere, world.no_perm):
        answer = client_of(user).post(answer_url(world), {"answer": "declined"})
        assert answer.status_code == 404
    assert invitation(world).answer == ""


def test_the_summits_own_text_is_used(world, remote, staff):
    mail = mailtemplates.catalogue()[invitations.TEMPLATE]
    assert mail.documented
    assert {"name", "title", "item_time", "room", "rehearsal_starts", "items", "link"} <= set(
        mail.placeholder_names()
    )
    mailtemplates.save(
        actor=world.organiser,
        summit=world.summit,
        mail=mail,
        language="en",
        subject="Speak at {{ title }}",
        body="{{ name }}: {{ item_time }}{% for entry in items %} | {{ entry.title }} "
        "{{ entry.times }}{% endfor %} {{ site_url }}{{ link }}",
    )
    staff.post(invite_url(world), {"confirmed": "1"})
    (message,) = sent()
    assert message.subject == "Speak at Mayors' meeting"
    assert "| Climate session 2020-06-03 14:00–15:30 Seoul / 08:00–09:30 Moscow" in message.body


# --- the API ---------------------------------------------------------------------------------


def api(user, path, body=None, method="post"):
    headers = {"Accept-Language": "en"}
    if user is not None:
        headers["Authorization"] = f"Bearer {issue_token(user=user, name='t')[1]}"
    kwargs = {"headers": headers}
    if body is not None:
        kwargs.update(data=json.dumps(body), content_type="application/json")
    url = f"/api/v1/summits/forum/online/items/{path}"
    return getattr(Client(), method)(url, **kwargs)


def test_the_api_sends_once_and_the_speaker_answers(world, remote):
    item = world.soon.pk
    person = world.speaker.person.pk
    first = api(world.organiser, f"{item}/invitations", {})
    assert first.status_code == 200, first.content
    assert first.json()["queued"] == [person]
    assert first.json()["no_address"] == [world.unreachable.pk]
    second = api(world.organiser, f"{item}/invitations", {"person": person})
    assert second.json()["queued"] == [] and second.json()["already"] == [person]
    assert len(sent()) == 1
    again = api(world.organiser, f"{item}/invitations", {"person": person, "again": True})
    assert again.json()["queued"] == [person] and len(sent()) == 2
    # the speaker answers with their own token; nobody else may
    path = f"{item}/invitations/{person}/answer"
    for user in (world.attendee_user, world.organiser):
        refused = api(user, path, {"answer": "accepted"})
        assert refused.status_code == 403
        assert refused.json()["detail"] == "Only the invited speaker may answer the invitation."
    accepted = api(world.speaker_user, path, {"answer": "accepted"})
    assert accepted.status_code == 200
    assert accepted.json()["state"] == "accepted" and accepted.json()["answered_at"]
    listed = api(world.organiser, f"{item}/invitations", method="get").json()
    assert {row["person"]: row["state"] for row in listed} == {
        person: "accepted",
        world.unreachable.pk: "not_invited",
    }


def test_the_api_is_for_the_summits_staff_only(world, remote):
    item = world.soon.pk
    for user, status in ((world.elsewhere, 404), (world.attendee_user, 404), (None, 401)):
        assert api(user, f"{item}/invitations", {}).status_code == status
        assert api(user, f"{item}/invitations", method="get").status_code == status
    assert api(world.no_perm, f"{item}/invitations", {}).status_code == 403
    assert sent() == [] and not SpeakerInvitation.objects.exists()


def test_an_invitation_whose_task_was_lost_can_be_sent_again(world, remote, staff):
    """Asked for, but the queue lost the task: "send again" writes it once the ask is stale,
    and not while the task may still be on its way."""
    SpeakerInvitation.objects.create(
        online=remote, person=world.speaker.person, queued_at=timezone.now()
    )
    again = {"confirmed": "1", "person": world.speaker.person.pk, "again": "1"}
    staff.post(invite_url(world), again)
    assert sent() == []
    SpeakerInvitation.objects.update(queued_at=timezone.now() - datetime.timedelta(minutes=11))
    staff.post(invite_url(world), again)
    assert len(sent()) == 1 and invitation(world).queued_at is None
