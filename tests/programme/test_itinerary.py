"""A delegate's itinerary: what they speak at, are invited to and signed up for; as a page for
those allowed, and as a feed at a secret address."""

import io
import re

import pytest
from django.test import Client
from icalendar import Calendar
from pypdf import PdfReader

from summitry.delegations import services as delegation_services
from summitry.delegations.models import Delegate, Delegation
from summitry.programme.services import save_item, sign_up
from tests.factories import UserFactory

from .conftest import at, item


@pytest.fixture
def tory(summit, whanau, bilbao):
    contact = UserFactory(username="contact")
    delegation = Delegation.objects.create(summit=summit, organisation=bilbao, contact=contact)
    return Delegate.objects.create(
        delegation=delegation,
        person=whanau,
        role="head",
        interpretation_language="en",
        user=UserFactory(username="tory"),
    )


@pytest.fixture
def programme(summit, organiser, whanau, bilbao, tory):
    forum = save_item(actor=organiser, item=item(summit, title_en="Forum I"))
    save_item(
        actor=organiser,
        item=item(
            summit,
            parent=forum,
            kind="presentation",
            title_en="Wellington's case",
            starts_at=at(25, 15),
            ends_at=at(25, 15, 15),
        ),
        people=[{"person": whanau, "role": "speaker"}],
    )
    save_item(
        actor=organiser,
        item=item(
            summit,
            kind="meal",
            title_en="Laureates' breakfast",
            audience="invited",
            starts_at=at(25, 7),
            ends_at=at(25, 8),
        ),
        invitees=[bilbao],
    )
    save_item(
        actor=organiser,
        item=item(
            summit,
            kind="meal",
            title_en="Secret dinner",
            audience="invited",
            starts_at=at(25, 19),
            ends_at=at(25, 21),
        ),
    )
    visit = save_item(
        actor=organiser,
        item=item(
            summit,
            kind="site_visit",
            title_en="Site visit I",
            signup=True,
            capacity=5,
            starts_at=at(25, 9),
            ends_at=at(25, 12),
        ),
    )
    save_item(
        actor=organiser,
        item=item(
            summit,
            kind="site_visit",
            title_en="Site visit II",
            signup=True,
            capacity=5,
            starts_at=at(26, 14),
            ends_at=at(26, 17),
        ),
    )
    sign_up(actor=tory.user, item=visit, delegate=tory)


def titles(response) -> list[str]:
    import re

    return re.findall(r"<h3>([^<]+?)\s*(?:<span|</h3>)", response.content.decode())


def test_the_itinerary_holds_what_the_delegate_attends(programme, tory):
    client = Client()
    client.force_login(tory.user)
    response = client.get(f"/forum/itinerary/{tory.pk}/", headers={"Accept-Language": "en"})
    assert [t.replace("&#x27;", "'") for t in titles(response)] == [
        "Laureates' breakfast",
        "Site visit I",
        "Forum I",
        "Wellington's case",
    ]
    assert '<span class="badge">Speaker</span>' in response.content.decode()


def test_only_the_delegate_their_contact_and_staff_may_read_it(programme, tory, organiser):
    for user in (tory.user, tory.delegation.contact, organiser):
        client = Client()
        client.force_login(user)
        assert client.get(f"/forum/itinerary/{tory.pk}/").status_code == 200
    other = Client()
    other.force_login(UserFactory(username="someone"))
    assert other.get(f"/forum/itinerary/{tory.pk}/").status_code == 404


def test_the_feed_at_the_secret_address(programme, tory):
    client = Client()
    client.force_login(tory.user)
    page = client.get(f"/forum/itinerary/{tory.pk}/").content.decode()
    address = re.search(r'id="feed-url">http://testserver(/forum/itinerary/[^<]+\.ics)<', page)
    token = address.group(1).split("/")[-1].removesuffix(".ics")
    assert len(token) >= 43  # 256 random bits
    response = Client().get(address.group(1))
    assert response.status_code == 200
    events = [str(e["summary"]) for e in Calendar.from_ical(response.content).walk("VEVENT")]
    assert sorted(events) == sorted(
        ["Laureates' breakfast", "Site visit I", "Forum I", "Wellington's case"]
    )
    assert Client().get(f"/forum/itinerary/{token[:-2]}xx.ics").status_code == 404
    # The same address each time the page is shown.
    assert address.group(1) in client.get(f"/forum/itinerary/{tory.pk}/").content.decode()


def test_the_feed_address_is_renewed_on_request_and_dies_with_erasure(
    programme, tory, organiser
):
    old = delegation_services.calendar_secret(tory)
    client = Client()
    client.force_login(tory.user)
    assert client.post(f"/forum/itinerary/{tory.pk}/feed/renew/").status_code == 302
    assert Client().get(f"/forum/itinerary/{old}.ics").status_code == 404
    new = Delegate.objects.get(pk=tory.pk).calendar_secret
    assert new != old and Client().get(f"/forum/itinerary/{new}.ics").status_code == 200
    stranger = Client()
    stranger.force_login(UserFactory(username="someone"))
    assert stranger.post(f"/forum/itinerary/{tory.pk}/feed/renew/").status_code == 404
    delegation_services.erase_personal_data(actor=organiser, member=tory)
    assert Client().get(f"/forum/itinerary/{new}.ics").status_code == 404


def test_the_printable_pdf_is_set_in_korean_fonts(programme, tory):
    client = Client()
    client.force_login(tory.user)
    response = client.get(f"/forum/itinerary/{tory.pk}.pdf", headers={"Accept-Language": "ko"})
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    reader = PdfReader(io.BytesIO(response.content))
    page = reader.pages[0]
    fonts = {str(f.get_object()["/BaseFont"]) for f in page["/Resources"]["/Font"].values()}
    # The Korean text is drawn with an embedded Nanum font, not missing-glyph boxes.
    assert any("Nanum" in name for name in fonts), fonts
    text = page.extract_text()
    assert "토리 화나우" in text and "시장포럼 I" in text
    other = Client()
    other.force_login(UserFactory(username="someone"))
    assert other.get(f"/forum/itinerary/{tory.pk}.pdf").status_code == 404
