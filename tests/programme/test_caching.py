"""The public programme is cached for anonymous visitors and goes stale on any change."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from summitry.programme.services import save_item

from .conftest import item, publish


def test_a_cached_page_needs_no_query_and_changes_show_at_once(summit, organiser, whanau):
    forum = save_item(
        actor=organiser,
        item=item(summit, title_en="Forum I"),
        people=[{"person": whanau, "role": "speaker"}],
    )
    publish(summit, organiser)
    client = Client(headers={"Accept-Language": "en"})
    first = client.get("/forum/programme/").content
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/forum/programme/").content
    assert second == first
    assert len(queries) == 0  # not even the summit: the cache is asked first
    forum.title_en = "Mayors Forum I"
    save_item(actor=organiser, item=forum)
    assert b"Mayors Forum I" in client.get("/forum/programme/").content
    whanau.family_name = "Whanau-Smith"
    whanau.save()
    assert b"Whanau-Smith" in client.get("/forum/programme/").content


def test_languages_and_filters_are_cached_apart(summit, organiser):
    save_item(actor=organiser, item=item(summit))
    publish(summit, organiser)
    english = Client(headers={"Accept-Language": "en"}).get("/forum/programme/").content
    korean = Client(headers={"Accept-Language": "ko"}).get("/forum/programme/").content
    assert b"Forum I" in english and "시장포럼 I".encode() in korean
    assert b">Forum I</a>" not in korean


def test_signed_in_people_are_never_served_the_cache(summit, organiser, bilbao):
    save_item(
        actor=organiser,
        item=item(summit, title_en="Breakfast", audience="invited"),
        invitees=[bilbao],
    )
    Client().get("/forum/programme/")
    staff = Client(headers={"Accept-Language": "en"})
    staff.force_login(organiser)
    assert b"Breakfast" in staff.get("/forum/programme/").content


def test_the_language_switch_works_from_a_cached_page(summit, organiser):
    save_item(actor=organiser, item=item(summit))
    publish(summit, organiser)
    Client().get("/forum/programme/")
    visitor = Client(enforce_csrf_checks=True)
    visitor.get("/forum/programme/")
    response = visitor.post("/i18n/setlang/", {"language": "en", "next": "/forum/programme/"})
    assert response.status_code == 302
    assert b"Forum I" in visitor.get("/forum/programme/").content


def test_a_summit_back_in_draft_is_no_longer_served_from_the_cache(summit, organiser):
    save_item(actor=organiser, item=item(summit))
    publish(summit, organiser)
    visitor = Client(headers={"Accept-Language": "en"})
    assert visitor.get("/forum/programme/").status_code == 200
    summit.status = "draft"
    summit.save()
    assert visitor.get("/forum/programme/").status_code == 404


def test_a_summit_that_changes_its_address_leaves_no_page_at_the_old_one(summit, organiser):
    save_item(actor=organiser, item=item(summit))
    publish(summit, organiser)
    visitor = Client(headers={"Accept-Language": "en"})
    assert visitor.get("/forum/programme/").status_code == 200
    summit.slug = "forum-2023"
    summit.save()
    assert visitor.get("/forum/programme/").status_code == 404
    assert b"Forum I" in visitor.get("/forum-2023/programme/").content
