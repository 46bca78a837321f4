"""The back office reads, shows and takes a programme item's times in its summit's zone, and
says which zone (it showed and took UTC, unlabelled: 14:00 in Seoul read 05:00)."""

import datetime
from html import unescape
from html.parser import HTMLParser

import pytest

from summitry.programme.models import ProgrammeItem
from summitry.programme.services import save_item

from .conftest import at, item

UTC = datetime.UTC


class _Fields(HTMLParser):
    """The values a browser would send from the page's form (inputs, selects, textareas)."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "checkbox", "file"):
            self.values[name] = attrs.get("value") or ""
        elif tag == "input" and name and attrs.get("type") == "checkbox" and "checked" in attrs:
            self.values[name] = attrs.get("value") or "on"
        elif tag == "select" and name:
            self._select = name
            if "multiple" not in attrs:
                self.values.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.values[self._select] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data


def form_values(html: str) -> dict[str, str]:
    parser = _Fields()
    parser.feed(html)
    return parser.values


@pytest.fixture
def staff_client(client, organiser):
    client.force_login(organiser)
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def forum(summit, organiser):
    return save_item(actor=organiser, item=item(summit))  # 25 Sep, 14:00–16:00 in Seoul


def test_the_change_form_shows_the_summits_time_and_says_which_zone(staff_client, forum):
    html = staff_client.get(f"/admin/programme/programmeitem/{forum.pk}/change/").content.decode()
    values = form_values(html)
    assert (values["starts_at_0"], values["starts_at_1"]) == ("2023-09-25", "14:00:00")
    assert (values["ends_at_0"], values["ends_at_1"]) == ("2023-09-25", "16:00:00")
    assert "In the summit's time zone (Asia/Seoul, UTC+09:00)." in unescape(html)


def test_a_time_typed_in_the_change_form_is_the_summits(staff_client, forum):
    url = f"/admin/programme/programmeitem/{forum.pk}/change/"
    values = form_values(staff_client.get(url).content.decode())
    values.update({"starts_at_1": "15:00", "ends_at_1": "17:30", "_save": "Save"})
    response = staff_client.post(url, values)
    assert response.status_code == 302, response.content.decode()[:3000]
    forum.refresh_from_db()
    assert forum.starts_at == datetime.datetime(2023, 9, 25, 6, 0, tzinfo=UTC)
    assert forum.ends_at == datetime.datetime(2023, 9, 25, 8, 30, tzinfo=UTC)


def test_a_new_item_takes_the_zone_of_the_summit_chosen(staff_client, summit):
    values = form_values(staff_client.get("/admin/programme/programmeitem/add/").content.decode())
    values.update(
        {
            "summit": str(summit.pk),
            "kind": "meal",
            "block": "lunch",
            "title_en": "Lunch",
            "starts_at_0": "2023-09-25",
            "starts_at_1": "12:00",
            "ends_at_0": "2023-09-25",
            "ends_at_1": "13:00",
            "audience": "public",
            "_save": "Save",
        }
    )
    response = staff_client.post("/admin/programme/programmeitem/add/", values)
    assert response.status_code == 302, response.content.decode()[:3000]
    lunch = ProgrammeItem.objects.get(title_en="Lunch")
    assert lunch.starts_at == datetime.datetime(2023, 9, 25, 3, 0, tzinfo=UTC)


def test_the_list_shows_each_item_in_its_summits_zone(staff_client, forum):
    html = staff_client.get("/admin/programme/programmeitem/").content.decode()
    assert "2023-09-25 14:00 (Asia/Seoul)" in html
    assert "05:00" not in html


def test_a_delegates_arrival_is_in_the_summits_zone_too(staff_client, summit):
    from summitry.delegations.models import Delegate, Delegation
    from tests.factories import OrganisationFactory, PersonFactory

    delegation = Delegation.objects.create(summit=summit, organisation=OrganisationFactory())
    member = Delegate.objects.create(
        delegation=delegation, person=PersonFactory(), arrival_at=at(24, 9, 30)
    )
    html = staff_client.get(f"/admin/delegations/delegate/{member.pk}/change/").content.decode()
    values = form_values(html)
    assert (values["arrival_at_0"], values["arrival_at_1"]) == ("2023-09-24", "09:30:00")
    assert "In the summit's time zone (Asia/Seoul, UTC+09:00)." in unescape(html)
