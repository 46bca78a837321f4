"""Badge layouts for print: CR80 cards ten per A4 sheet with cut marks, name cards for tables;
chosen in the console; a selection printed in the background. Every QR on a sheet is read
back out of the PDF with zxing-cpp."""

import io

import pypdf
import pytest
from django.test import Client
from django.urls import reverse

from summitry.checkin import badges as rendering
from summitry.checkin import services
from summitry.checkin.models import Badge, BadgePrint
from summitry.delegations.models import DelegationStatus
from tests.factories import UserFactory
from tests.images import read_qr

from .conftest import make_delegate


def client_for(user, language="en") -> Client:
    client = Client(headers={"Accept-Language": language})
    client.force_login(user)
    return client


def mm(value) -> int:
    return round(float(value) * 25.4 / 72)


@pytest.fixture
def twelve(organiser, summit, delegation, delegate_category):
    people = [
        make_delegate(
            delegation, given_name=f"Person{n}", family_name="Test", name_hangul=f"사람{n}"
        )
        for n in range(12)
    ]
    services.assign_category(
        actor=organiser, summit=summit, delegates=people, category=delegate_category
    )
    return [services.issue(actor=organiser, delegate=person) for person in people]


def test_cr80_cards_ten_per_a4_sheet_and_every_qr_reads(summit, twelve):
    pdf = rendering.badges_pdf(summit=summit, badges=twelve, layout="cr80")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2
    assert (mm(reader.pages[0].mediabox[2]), mm(reader.pages[0].mediabox[3])) == (210, 297)
    decoded = set()
    for page in reader.pages:
        for image in page.images:
            decoded |= {r.text for r in read_qr(image.image)}
    assert decoded == {services.code_for(badge) for badge in twelve}
    text = reader.pages[0].extract_text()
    assert "사람0" in text and "Person9" in text and "Person10" not in text
    assert "Person11" in reader.pages[1].extract_text()


def test_name_cards_for_tables(summit, twelve):
    pdf = rendering.badges_pdf(summit=summit, badges=twelve[:2], layout="tent")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2
    assert (mm(reader.pages[0].mediabox[2]), mm(reader.pages[0].mediabox[3])) == (297, 210)
    text = reader.pages[0].extract_text()
    assert text.count("Person0 Test") == 2  # on both sides of the fold
    assert not reader.pages[0].images  # no QR on a table
    with pytest.raises(ValueError):
        rendering.badges_pdf(summit=summit, badges=twelve[:1], layout="poster")


def test_the_layout_is_chosen_in_the_console(organiser, summit, delegation, twelve):
    client = client_for(organiser)
    url = reverse("checkin:delegation-pdf", args=[summit.slug, delegation.pk])
    cards = client.get(url, {"layout": "cr80"})
    assert cards.status_code == 200
    assert len(pypdf.PdfReader(io.BytesIO(cards.content)).pages) == 2
    assert client.get(url, {"layout": "poster"}).status_code == 404
    page = client.get(reverse("checkin:badges", args=[summit.slug]))
    assert b"CR80 cards, ten per A4 sheet with cut marks" in page.content


def test_ticked_delegates_printed_in_the_background(organiser, door, summit, delegation, twelve):
    client = client_for(organiser)
    url = reverse("checkin:bulk", args=[summit.slug])
    chosen = [badge.delegate_id for badge in twelve[:3]]
    done = client.post(url, {"delegate": chosen, "action": "print", "layout": "tent"}, follow=True)
    assert b"3 badges are being rendered" in done.content
    batch = BadgePrint.objects.get()
    assert batch.layout == "tent" and batch.finished_at is not None  # no broker: ran at once
    pdf = client.get(reverse("checkin:print-file", args=[summit.slug, batch.pk]))
    assert len(pypdf.PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages) == 3
    # Bad input changes nothing: an unknown layout, delegates without a valid badge.
    bad = client.post(url, {"delegate": chosen, "action": "print", "layout": "x"}, follow=True)
    assert b"Choose a layout." in bad.content
    fresh = make_delegate(delegation, given_name="New", family_name="One")
    none = client.post(url, {"delegate": [fresh.pk], "action": "print"}, follow=True)
    assert b"issue them first" in none.content
    assert BadgePrint.objects.count() == 1
    # Every unprinted badge as CR80 sheets.
    Badge.objects.update(printed_at=None)
    client.post(reverse("checkin:print", args=[summit.slug]), {"layout": "cr80"})
    latest = BadgePrint.objects.order_by("-pk").first()
    assert (latest.layout, len(latest.badge_ids)) == ("cr80", 12)
    wrong = client.post(reverse("checkin:print", args=[summit.slug]), {"layout": "x"}, follow=True)
    assert b"Choose a layout." in wrong.content and BadgePrint.objects.count() == 2


def test_printing_needs_the_permission(summit, delegation, twelve):
    outsider = client_for(UserFactory(username="nobody"))
    url = reverse("checkin:bulk", args=[summit.slug])
    response = outsider.post(url, {"delegate": [twelve[0].delegate_id], "action": "print"})
    assert response.status_code in (403, 404)
    assert not BadgePrint.objects.exists()


def test_withdrawn_delegations_are_left_out_of_a_print(organiser, summit, delegation, twelve):
    delegation.status = DelegationStatus.CANCELLED
    delegation.save(update_fields=["status"])
    with pytest.raises(Exception, match="issue them first"):
        services.print_badges(
            actor=organiser, summit=summit, delegates=[b.delegate for b in twelve]
        )
