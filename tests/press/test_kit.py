"""The media kit: the fact sheet, the contacts, the latest public releases and the files staff
offer as press material — never anything of a release under embargo before its instant, for
any reader, cached copy included."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from summitry.press import attachments, queries, services
from tests.factories import PersonFactory
from tests.images import png_upload

from .conftest import make_release, release_it

pytestmark = pytest.mark.django_db
SECOND = datetime.timedelta(seconds=1)
KIT = "/forum/press/kit/"


def _with_material(summit, organiser, embargo_at):
    release = make_release(summit, organiser, embargo_at=embargo_at)
    services.add_contact(
        actor=organiser,
        release=release,
        person=PersonFactory(name_hangul="조혜정"),
        title={"ko": "국제교류과장", "en": "Director"},
        phone="02-2133-5260",
    )
    release_it(release, organiser)
    photo = attachments.add(
        actor=organiser, release=release, upload=png_upload("stage.png"), credit="Seoul"
    )
    attachments.mark_press_material(actor=organiser, attachment=photo, value=True)
    return release, photo


def test_material_of_a_release_is_offered_from_its_instant_on(summit, organiser):
    instant = timezone.now() + datetime.timedelta(hours=1)
    release, photo = _with_material(summit, organiser, instant)
    assert list(queries.press_material(summit, instant - SECOND)) == []
    assert queries.press_contacts(summit, instant - SECOND) == []
    assert list(queries.press_material(summit, instant)) == [photo]
    assert [c.phone for c in queries.press_contacts(summit, instant + SECOND)] == ["02-2133-5260"]


def test_no_reader_sees_embargoed_material_in_the_kit(summit, organiser, clients):
    release, photo = _with_material(summit, organiser, timezone.now() + datetime.timedelta(hours=1))
    file_url = reverse("press:attachment", args=["forum", release.pk, photo.pk])
    release_url = reverse("press:release", args=["forum", release.pk])
    for who in ("anonymous", "journalist", "staff", "no_perm"):
        page = clients[who].get(KIT)
        text = page.content.decode()
        assert page.status_code == 200
        assert file_url not in text and release_url not in text and "2133-5260" not in text
    # Cached for anonymous visitors until the next embargo instant.
    seconds = int(clients["anonymous"].get(KIT)["Cache-Control"].split("max-age=")[1][:2])
    assert seconds > 0
    services.change_embargo(actor=organiser, release=release, embargo_at=timezone.now() - SECOND)
    text = clients["anonymous"].get(KIT).content.decode()
    assert file_url in text and release_url in text and "02-2133-5260" in text
    assert clients["anonymous"].get(file_url).status_code == 200
    # Moved later again: gone from the kit again, cached copy included.
    services.change_embargo(
        actor=organiser, release=release, embargo_at=timezone.now() + datetime.timedelta(hours=1)
    )
    assert file_url not in clients["anonymous"].get(KIT).content.decode()


def test_only_files_marked_as_press_material_are_offered(summit, organiser, clients):
    release, photo = _with_material(summit, organiser, timezone.now() - SECOND)
    other = attachments.add(actor=organiser, release=release, upload=png_upload("backstage.png"))
    text = clients["anonymous"].get(KIT).content.decode()
    assert f"/files/{photo.pk}" in text and f"/files/{other.pk}" not in text


def test_staff_toggle_press_material_in_the_console(summit, organiser, clients):
    release, photo = _with_material(summit, organiser, timezone.now() - SECOND)
    url = reverse("press:attachment-press-material", args=["forum", release.pk, photo.pk])
    assert clients["no_perm"].post(url, {"value": "0"}).status_code == 403
    assert clients["journalist"].post(url, {"value": "0"}).status_code == 404
    photo.refresh_from_db()
    assert photo.is_press_material
    answer = clients["staff"].post(url, {"value": "0"})
    assert answer.status_code == 302
    photo.refresh_from_db()
    assert not photo.is_press_material
    assert f"/files/{photo.pk}" not in clients["anonymous"].get(KIT).content.decode()
    edit = clients["staff"].get(reverse("press:release-edit", args=["forum", release.pk]))
    assert f'action="{url}"' in edit.content.decode()
    assert 'name="value" value="1"' in edit.content.decode()


def test_fact_sheet_and_links(summit, clients):
    text = clients["anonymous"].get(KIT, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert (
        "Fact sheet" in text or "행사 개요" in text
    ) and 'data-count="foreign_cities">0<' in text
    assert KIT in clients["anonymous"].get("/forum/press/").content.decode()
    assert f"{KIT}</loc>" in clients["anonymous"].get("/forum/press/sitemap.xml").content.decode()


@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_day_of_the_figures_is_the_summits_in_the_readers_format(summit, language):
    """The fact sheet's "Figures as registered on" day is today in the summit's zone, written
    as the reader's language writes dates (not ISO)."""
    from django.utils import formats, translation

    summit.time_zone = "Pacific/Kiritimati"  # UTC+14: its day is ahead of UTC's most hours
    summit.save(update_fields=["time_zone"])

    def expected():
        day = timezone.localtime(timezone.now(), summit.zone).date()
        with translation.override(language):
            return formats.date_format(day, "DATE_FORMAT"), day.isoformat()

    before = expected()
    text = Client().get(KIT, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    after = expected()
    assert any(shown in text for shown, _iso in (before, after))
    assert before[1] not in text and after[1] not in text
