"""The diplomacy pages: who sees what, forms, refusals, exports, the public partner cities."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from summitry.diplomacy import services
from summitry.diplomacy.models import AgreementDocument, MeetingRequest

from .conftest import accepted, at, request

PASSWORD = "correct horse battery staple"


def client_for(user, password=PASSWORD) -> Client:
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(user)
    return client


def test_a_contact_requests_a_meeting_through_the_form(world):
    client = client_for(world.wellington_contact)
    page = client.get("/forum/diplomacy/meetings/new/")
    assert page.status_code == 200
    assert "Tory Whanau" in page.content.decode()
    response = client.post(
        "/forum/diplomacy/meetings/new/",
        {
            "requester": world.wellington.pk,
            "counterpart": world.seoul.pk,
            "topic_en": "Friendship",
            "attendees": [world.whanau.pk],
            "requester_language": "en",
            "counterpart_language": "ko",
            "priority": 2,
            "preferred": [at(25, 9).isoformat()],
        },
    )
    meeting = MeetingRequest.objects.get()
    assert response.status_code == 302
    assert response.url == f"/forum/diplomacy/meetings/{meeting.pk}/"
    assert meeting.priority == 2
    assert len(meeting.preferred_times) == 1


def test_a_request_without_a_topic_is_refused_with_a_message(world):
    client = client_for(world.wellington_contact)
    response = client.post(
        "/forum/diplomacy/meetings/new/",
        {
            "requester": world.wellington.pk,
            "counterpart": world.seoul.pk,
            "requester_language": "en",
            "counterpart_language": "ko",
            "priority": 1,
        },
    )
    assert response.status_code == 200
    assert "Give the topic in Korean, in English, or both." in response.content.decode()
    assert MeetingRequest.objects.count() == 0


def test_the_other_side_answers_on_the_page_and_a_third_gets_404(world):
    meeting = request(world, counterpart=world.kyiv)
    url = f"/forum/diplomacy/meetings/{meeting.pk}/"
    assert client_for(world.dublin_contact).get(url).status_code == 404
    assert client_for(world.dublin_contact).post(f"{url}cancel/").status_code == 404
    # The requester sees it but has no answer form.
    page = client_for(world.wellington_contact).get(url).content.decode()
    assert "Send the answer" not in page
    assert client_for(world.wellington_contact).post(url, {"answer": "accept"}).status_code == 403
    response = client_for(world.kyiv_contact).post(
        url, {"answer": "accept", "attendees": [world.prokopiv.pk]}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "accepted"


def test_anonymous_visitors_are_sent_to_sign_in(world):
    response = Client().get("/forum/diplomacy/meetings/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.parametrize(
    "path",
    [
        "/forum/diplomacy/schedule/",
        "/forum/diplomacy/agreements/",
        "/forum/diplomacy/gifts/",
        "/forum/diplomacy/gifts/export.csv",
    ],
)
def test_officer_pages_are_404_to_contacts(world, path):
    assert client_for(world.wellington_contact).get(path).status_code == 404
    assert client_for(world.officer).get(path).status_code == 200


def test_the_officer_runs_moves_pins_and_publishes_on_the_schedule_page(world):
    meeting = accepted(world)
    client = client_for(world.officer)
    ran = client.post("/forum/diplomacy/schedule/run/", follow=True).content.decode()
    # One meeting, no gap: the solver proves it and the page says so.
    assert "Proven optimal: 0 idle gaps between meetings." in ran
    meeting.refresh_from_db()
    assert meeting.is_scheduled
    page = client.get("/forum/diplomacy/schedule/").content.decode()
    assert f'id="meeting-{meeting.pk}"' in page
    response = client.post(
        f"/forum/diplomacy/schedule/{meeting.pk}/move/",
        {"starts_at": at(25, 10, 30).isoformat(), "room": world.room_b.pk},
        follow=True,
    )
    assert "The meeting is moved and pinned." in response.content.decode()
    request(world, requester=world.dublin)
    other = accepted(world, requester=world.kyiv)
    response = client.post(
        f"/forum/diplomacy/schedule/{other.pk}/move/",
        {"starts_at": at(25, 10, 30).isoformat(), "room": world.room_b.pk},
        follow=True,
    )
    assert "Room B is already taken" in response.content.decode()
    client.post(f"/forum/diplomacy/schedule/{meeting.pk}/pin/", {"pinned": "0"})
    meeting.refresh_from_db()
    assert not meeting.pinned
    response = client.post("/forum/diplomacy/schedule/publish/", follow=True)
    assert "Published: 1 new" in response.content.decode()


def test_the_seating_plan_and_its_pdf(world):
    meeting = accepted(world)
    client = client_for(world.officer)
    page = client.get(f"/forum/diplomacy/meetings/{meeting.pk}/seating/").content.decode()
    assert "Guest of honour" in page and "오세훈" in page
    pdf = client.get(f"/forum/diplomacy/meetings/{meeting.pk}/seating/?format=pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content[:4] == b"%PDF"
    assert (
        client_for(world.dublin_contact)
        .get(f"/forum/diplomacy/meetings/{meeting.pk}/seating/")
        .status_code
        == 404
    )


def test_the_register_steps_documents_and_ceremony(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(world.officer)
    response = client.post(
        "/forum/diplomacy/agreements/",
        {"partner": world.kyiv.pk, "kind": "friendship", "title_en": "Friendship"},
    )
    agreement = world.summit.agreements.get()
    assert response.url == f"/forum/diplomacy/agreements/{agreement.pk}/"
    url = response.url
    client.post(url, {"action": "step", "to": "negotiating"})
    response = client.post(url, {"action": "step", "to": "approved"})
    assert "Give the reference of the approval." in response.content.decode()
    client.post(
        url,
        {
            "action": "document",
            "language": "uk",
            "file": SimpleUploadedFile("text.pdf", b"%PDF-1.4 text"),
        },
    )
    document = AgreementDocument.objects.get()
    assert client.get(f"/forum/diplomacy/documents/{document.pk}").status_code == 200
    assert (
        client_for(world.kyiv_contact).get(f"/forum/diplomacy/documents/{document.pk}").status_code
        == 404
    )
    response = client.post(
        url,
        {
            "action": "ceremony",
            "starts_at": "2023-09-25T16:00",
            "ends_at": "2023-09-25T16:30",
            "room": world.room_a.pk,
        },
    )
    agreement.refresh_from_db()
    assert agreement.ceremony.starts_at == at(25, 16)


def test_the_public_partner_cities(world):
    agreement = services.create_agreement(
        actor=world.officer,
        summit=world.summit,
        data={"partner": world.wellington, "kind": "sister", "title": {"en": "Sister cities"}},
    )
    page = Client(headers={"Accept-Language": "ko"}).get("/forum/partners/").content.decode()
    assert "웰링턴" not in page
    agreement.status = "active"
    agreement.signed_on = datetime.date(2023, 9, 25)
    agreement.save()
    page = Client(headers={"Accept-Language": "ko"}).get("/forum/partners/").content.decode()
    assert "웰링턴" in page and "2023-09-25" in page


def test_gifts_are_recorded_and_exported(world):
    client = client_for(world.officer)
    client.post(
        "/forum/diplomacy/gifts/",
        {
            "direction": "given",
            "counterpart": world.kyiv.pk,
            "description_en": "Vase",
            "date": "2023-09-25",
            "value": "1000",
        },
    )
    response = client.get("/forum/diplomacy/gifts/export.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxml")
    assert "Vase" in client.get("/forum/diplomacy/gifts/").content.decode()


def test_the_meetings_list_searches_filters_sorts_and_pages(world):
    """The officer finds a meeting by either side's name in either language or by its topic,
    narrows by status, and reads long lists a page at a time; a contact's search never reaches
    beyond their own delegation's meetings."""
    accepted(world, topic={"en": "Water", "ko": "물 관리"})
    request(world, requester=world.kyiv, topic={"en": "Rebuilding", "ko": "재건"})
    request(world, requester=world.dublin, topic={"en": "Bridges", "ko": "다리"})
    officer = client_for(world.officer)

    def topics(query: str) -> set[str]:
        page = officer.get(f"/forum/diplomacy/meetings/{query}").content.decode()
        return {t for t in ("Water", "Rebuilding", "Bridges") if t in page}

    assert topics("") == {"Water", "Rebuilding", "Bridges"}
    assert topics("?q=kyiv") == {"Rebuilding"}
    assert topics("?q=물 관리") == {"Water"}
    assert topics("?status=accepted") == {"Water"}
    assert topics("?status=requested&q=bridg") == {"Bridges"}
    assert (
        "No meeting request matches."
        in officer.get("/forum/diplomacy/meetings/?q=nowhere").content.decode()
    )
    # A contact's search stays within their own meetings.
    contact = client_for(world.wellington_contact)
    page = contact.get("/forum/diplomacy/meetings/?q=kyiv").content.decode()
    assert "Rebuilding" not in page
    for n in range(55):
        request(world, requester=world.dublin, topic={"en": f"Topic {n:02d}", "ko": f"주제 {n}"})
    first = officer.get("/forum/diplomacy/meetings/?sort=requested").content.decode()
    assert "Page 1 of 2 (58 in all)" in first and "Topic 54" in first and "Topic 00" not in first
    second = officer.get("/forum/diplomacy/meetings/?sort=requested&page=2").content.decode()
    assert "Topic 00" in second


def test_a_large_gift_log_is_exported_in_the_background(world, settings):
    from summitry.core.models import Run

    settings.SUMMITRY_EXPORT_INLINE_ROWS = 0
    client = client_for(world.officer)
    client.post(
        "/forum/diplomacy/gifts/",
        {
            "direction": "given",
            "counterpart": world.kyiv.pk,
            "description_en": "Vase",
            "date": "2023-09-25",
            "value": "1000",
        },
    )
    started = client.get("/forum/diplomacy/gifts/export.csv")
    run = Run.objects.get(kind="export:diplomacy.gifts.csv")
    assert started["Location"] == f"/forum/manage/exports/{run.pk}/"
    download = client.get(f"/forum/manage/exports/{run.pk}/file/")
    assert download["Content-Disposition"] == 'attachment; filename="forum-gifts.csv"'
    assert "Vase" in b"".join(download.streaming_content).decode("utf-8-sig")
