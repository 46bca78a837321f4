"""Declarations adopted by vote as bilingual PDFs; the minutes from the record, with the
secretary's notes, as a console page and a PDF."""

import pytest
from django.test import Client
from django.urls import reverse

from summitry.assembly import services
from summitry.assembly.models import Motion
from tests.factories import UserFactory

from .support import make_assembly, make_poll

pytestmark = pytest.mark.django_db


def client_for(user=None, language="en"):
    client = Client(headers={"Accept-Language": language})
    if user is not None:
        client.force_login(user)
    return client


def vote_declaration(organiser, *, yes=3, no=0):
    assembly, rights, item = make_assembly(members=3)
    item.kind = "declaration"
    item.title_ko, item.title_en = "서울 선언", "Seoul Declaration"
    item.save()
    poll = make_poll(assembly, item)
    Motion.objects.filter(pk=poll.motion_id).update(
        title_ko="서울 선언문",
        title_en="The Seoul Declaration",
        text_ko="도시는 함께한다.",
        text_en="Cities act together.",
    )
    services.open_poll(actor=organiser, poll=poll)
    for n, right in enumerate(rights):
        choice = "yes" if n < yes else "no" if n < yes + no else "abstain"
        services.cast(actor=right.delegate, poll=poll, member_id=right.member_id, choice=choice)
    services.close_poll(actor=organiser, poll=poll)
    poll.refresh_from_db()
    return assembly, poll


def pdf_text(content: bytes) -> str:
    import io

    import pypdf

    return "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def test_an_adopted_declaration_downloads_as_a_bilingual_pdf_for_anyone(organiser):
    assembly, poll = vote_declaration(organiser)
    assert Motion.objects.get(pk=poll.motion_id).state == "adopted"
    url = reverse("assembly:declaration-pdf", args=["forum", "ga", poll.motion_id])
    response = client_for().get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "The Seoul Declaration" in text and "Cities act together." in text
    assert "서울 선언문" in text and "도시는 함께한다." in text
    assert "Simple majority" in text


def test_a_rejected_declaration_or_a_plain_motion_has_no_pdf(organiser):
    assembly, poll = vote_declaration(organiser, yes=0, no=3)
    assert Motion.objects.get(pk=poll.motion_id).state == "rejected"
    url = reverse("assembly:declaration-pdf", args=["forum", "ga", poll.motion_id])
    assert client_for().get(url).status_code == 404
    assert client_for(organiser).get(url).status_code == 404
    # Adopted, but its item is not a declaration.
    Motion.objects.filter(pk=poll.motion_id).update(state="adopted")
    poll.agenda_item.kind = "motion"
    poll.agenda_item.save()
    assert client_for().get(url).status_code == 404


def test_the_minutes_show_the_record_and_the_secretarys_notes(organiser):
    assembly, poll = vote_declaration(organiser, yes=2, no=1)
    services.set_present(
        actor=organiser, right=assembly.rights.order_by("pk").last(), present=False
    )
    chair = client_for(organiser)
    url = reverse("assembly:minutes", args=["forum", "ga"])
    chair.post(
        url, {"notes_ko": "의장이 개회를 선언하였다.", "notes_en": "The chair opened the session."}
    )
    assembly.refresh_from_db()
    assert assembly.minutes_notes_ko == "의장이 개회를 선언하였다."
    page = chair.get(url).content.decode()
    assert "The chair opened the session." in page and "의장이 개회를 선언하였다." in page
    assert "Seoul Declaration" in page and "The Seoul Declaration" in page
    assert "Yes 2, No 1, Abstain 0" in page
    assert "Quorum at the opening: 3 of 3 voting members present." in page
    assert "Roll call: 2 present, 1 absent, of 3 members." in page
    assert "Simple majority" in page
    assert ">None<" not in page
    pdf = chair.get(reverse("assembly:minutes-pdf", args=["forum", "ga"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_only_the_assemblys_staff_see_or_edit_the_minutes(organiser):
    assembly, poll = vote_declaration(organiser)
    url = reverse("assembly:minutes", args=["forum", "ga"])
    outsider = client_for(UserFactory(username="outsider"))
    assert outsider.get(url).status_code == 404
    assert outsider.post(url, {"notes_en": "forged"}).status_code == 404
    assert outsider.get(reverse("assembly:minutes-pdf", args=["forum", "ga"])).status_code == 404
    assert client_for().get(url).status_code == 302
    assembly.refresh_from_db()
    assert not assembly.minutes_notes_en


def test_notes_too_long_are_refused_and_change_nothing(organiser):
    assembly, _poll = vote_declaration(organiser)
    url = reverse("assembly:minutes", args=["forum", "ga"])
    page = client_for(organiser).post(url, {"notes_en": "x" * 20001}, follow=True)
    assert "Keep the notes under 20,000 characters." in page.content.decode()
    assembly.refresh_from_db()
    assert not assembly.minutes_notes_en
