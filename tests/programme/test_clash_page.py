"""The clash report page: staff see every clash with both items; nobody else sees the page."""

import re

from django.test import Client

from summitry.programme.services import save_item
from tests.factories import UserFactory

from .conftest import at, item

PAGE = "/forum/programme/clashes/"


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def client_for(user, language="en") -> Client:
    client = Client(headers={"Accept-Language": language})
    client.force_login(user)
    return client


def test_staff_see_every_clash_with_both_items(summit, hall, organiser):
    forum = save_item(actor=organiser, item=item(summit, room=hall))
    dinner = save_item(
        actor=organiser,
        item=item(summit, room=hall, title_en="Dinner", starts_at=at(25, 15), ends_at=at(25, 17)),
        force=True,
    )
    response = client_for(organiser).get(PAGE)
    assert response.status_code == 200
    page = text(response)
    assert "1 clash" in page
    assert "DDP · Art Hall 2 is already booked for" in page
    assert "Forum I" in page and "Dinner" in page
    body = response.content.decode()
    # Each item links to its form in the console (no longer the stock back office).
    assert f"/forum/manage/programme/items/{forum.pk}/" in body
    assert f"/forum/manage/programme/items/{dinner.pk}/" in body
    # In the summit's zone: the dinner from 15:00 Seoul time.
    assert "09-25 15:00–17:00" in page


def test_the_report_speaks_korean_to_a_korean_organiser(summit, hall, organiser):
    save_item(actor=organiser, item=item(summit, room=hall))
    save_item(
        actor=organiser,
        item=item(summit, room=hall, title_en="Dinner", starts_at=at(25, 15), ends_at=at(25, 17)),
        force=True,
    )
    page = text(client_for(organiser, "ko").get(PAGE))
    assert "충돌 보고서" in page
    assert "already booked" not in page


def test_a_programme_without_clashes_says_so(summit, hall, organiser):
    save_item(actor=organiser, item=item(summit, room=hall))
    response = client_for(organiser).get(PAGE)
    assert 'id="no-clashes"' in response.content.decode()


def test_only_staff_open_the_report(summit, hall, organiser):
    save_item(actor=organiser, item=item(summit, room=hall))
    assert client_for(UserFactory()).get(PAGE).status_code == 404
    anonymous = Client().get(PAGE)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous.url
