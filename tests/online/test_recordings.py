"""Recordings per language channel: staff attach a link and captions uploaded as WebVTT
(validated with webvtt-py: anything else is refused with a clear message and changes nothing);
the item's page and the public library list them, filterable by field and speaker; captions
are served as text/vtt; others may not add or remove recordings."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from summitry.online import recordings
from summitry.online.models import OnlineItem, Recording
from summitry.programme.models import ItemPerson
from summitry.summits.models import SessionTheme

from .conftest import client_of

pytestmark = pytest.mark.django_db

VTT = (
    "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n서울선언을 채택합니다.\n\n"
    "00:00:05.000 --> 00:00:07.000\nWe adopt the Seoul Declaration.\n"
)


@pytest.fixture
def online(world):
    return OnlineItem.objects.create(item=world.soon, format="online")


def add(client, world, channel="ko", captions=None, url="https://tv.example/rec-ko"):
    data = {"recording-channel": channel, "recording-url": url}
    if captions is not None:
        data["recording-captions"] = SimpleUploadedFile("c.vtt", captions, "text/vtt")
    return client.post(reverse("online:recording-add", args=["forum", world.soon.pk]), data)


def test_webvtt_is_read_and_written_with_webvtt_py():
    text = recordings.read_captions(("\ufeff" + VTT).encode())
    assert text.startswith("WEBVTT") and recordings.cue_count(text) == 2
    for bad, message in (
        (b"1\n00:00:01,000 --> 00:00:02,000\nSRT\n", "not a WebVTT"),
        (b"WEBVTT\n", "no cue"),
        ("WEBVTT".encode("utf-16"), "UTF-8"),
    ):
        with pytest.raises(Exception, match=message):
            recordings.read_captions(bad)


def test_staff_add_a_recording_with_captions_and_everyone_finds_it(world, online, staff):
    assert add(staff, world, captions=VTT.encode()).status_code == 302
    recording = Recording.objects.get()
    assert recording.channel == "ko" and "서울선언" in recording.captions
    watch = client_of(None).get(reverse("online:watch", args=["forum", world.soon.pk]))
    assert "https://tv.example/rec-ko" in watch.content.decode()
    captions = client_of(None).get(reverse("online:captions", args=["forum", recording.pk]))
    assert captions["Content-Type"].startswith("text/vtt")
    assert "We adopt the Seoul Declaration." in captions.content.decode()
    library = client_of(None).get(reverse("online:library", args=["forum"])).content.decode()
    assert "Mayors&#x27; meeting" in library and "https://tv.example/rec-ko" in library


def test_bad_captions_are_refused_in_the_users_language(world, online, organiser):
    korean = client_of(organiser, "ko")
    answer = add(korean, world, captions=b"not captions")
    assert answer.status_code == 302
    page = korean.get(answer.url).content.decode()
    assert "WebVTT 파일이 아닙니다" in page
    assert not Recording.objects.exists()


def test_others_may_not_add_or_remove_recordings(world, online):
    for user, status in ((world.outsider, 404), (world.no_perm, 403), (world.elsewhere, 404)):
        assert add(client_of(user), world).status_code == status
    assert not Recording.objects.exists()
    recording = Recording.objects.create(online=online, channel="en", url="https://tv.example/e")
    delete = reverse("online:recording-delete", args=["forum", recording.pk])
    assert client_of(world.outsider).post(delete).status_code == 404
    assert Recording.objects.exists()


def test_the_library_filters_by_field_and_speaker(world, online):
    theme = SessionTheme.objects.create(
        summit=world.summit, number=1, title_en="Climate", title_ko="기후"
    )
    world.later.theme = theme
    world.later.save()
    later = OnlineItem.objects.create(item=world.later, format="online")
    Recording.objects.create(online=online, channel="ko", url="https://tv.example/soon")
    Recording.objects.create(online=later, channel="en", url="https://tv.example/later")
    url = reverse("online:library", args=["forum"])
    anonymous = client_of(None)
    by_field = anonymous.get(f"{url}?theme={theme.pk}").content.decode()
    assert "tv.example/later" in by_field and "tv.example/soon" not in by_field
    speaker = world.speaker.person
    assert ItemPerson.objects.filter(item=world.soon, person=speaker).exists()
    by_speaker = anonymous.get(f"{url}?speaker={speaker.pk}").content.decode()
    assert "tv.example/soon" in by_speaker and "tv.example/later" not in by_speaker
    assert "Baswedan" in by_speaker  # the speakers' filter lists them
