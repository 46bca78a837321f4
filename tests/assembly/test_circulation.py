"""Circulating the agenda to the members: mailed from a task, once per version, in each
recipient's language, with the deadline for members' motions."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from summitry.assembly import services, tasks
from summitry.assembly.models import AgendaCirculation, AgendaItem, Motion
from summitry.core.models import OutboundMessage
from summitry.delegations.invitations import invite
from tests.factories import UserFactory

from .support import make_assembly

pytestmark = pytest.mark.django_db


def client_for(user, language="en"):
    client = Client(headers={"Accept-Language": language})
    client.force_login(user)
    return client


def agenda_mail():
    return OutboundMessage.objects.filter(kind="assembly-agenda")


def world(organiser):
    assembly, rights, item = make_assembly(members=3)
    # The first city's contact reads Korean; its delegate too.
    invite(
        actor=organiser,
        summit=assembly.summit,
        organisation=rights[0].member.organisation,
        contact_name="Kim",
        contact_email="contact0@example.org",
        language="ko",
    )
    # The second city's in English (it has no contact's own address: the delegate's).
    invite(
        actor=organiser,
        summit=assembly.summit,
        organisation=rights[1].member.organisation,
        contact_name="Smith",
        contact_email=rights[1].delegate.email,
        language="en",
    )
    return assembly, rights, item


def test_the_chair_circulates_the_agenda_to_delegates_and_contacts_in_their_language(organiser):
    assembly, rights, item = world(organiser)
    chair = client_for(organiser)
    url = reverse("assembly:circulate", args=["forum", "ga"])
    chair.post(url, {"motions_deadline": "2023-09-20T18:00"})
    circulation = AgendaCirculation.objects.get()
    assert circulation.version == 1 and not circulation.revised
    assert circulation.circulated_by == organiser and circulation.mailed_at is not None
    # 3 delegates and 1 contact.
    assert circulation.recipients == 4 == agenda_mail().count()
    korean = agenda_mail().get(recipient="contact0@example.org")
    assert korean.language == "ko" and "총회" in korean.subject and "예산" in korean.body
    assert agenda_mail().get(recipient=rights[0].delegate.email).language == "ko"
    english = agenda_mail().get(recipient=rights[1].delegate.email)
    assert english.language == "en" and "Budget" in english.body
    # Typed in the summit's zone, stored as that instant.
    assembly.refresh_from_db()
    zone = assembly.summit.zone
    assert assembly.motions_deadline == datetime.datetime(2023, 9, 20, 18, 0, tzinfo=zone)
    assert "18:00" in english.body or "6:00" in english.body
    # The console shows when, by whom, to how many.
    page = chair.get(reverse("assembly:manage", args=["forum", "ga"]))
    assert b"Circulations" in page.content and b"<td>4</td>" in page.content


def test_a_double_click_sends_once_and_a_changed_agenda_goes_out_revised(organiser):
    assembly, rights, item = world(organiser)
    chair = client_for(organiser)
    url = reverse("assembly:circulate", args=["forum", "ga"])
    chair.post(url)
    page = chair.post(url, follow=True)
    assert b"already circulated as version 1" in page.content
    assert AgendaCirculation.objects.count() == 1 and agenda_mail().count() == 4
    AgendaItem.objects.create(
        assembly=assembly, position=2, kind="election", title_en="Elections", title_ko="선거"
    )
    chair.post(url)
    revised = AgendaCirculation.objects.get(version=2)
    assert revised.revised and revised.recipients == 4 and agenda_mail().count() == 8
    mail = agenda_mail().filter(recipient=rights[1].delegate.email).order_by("pk").last()
    assert "Revised agenda (version 2)" in mail.subject and "Elections" in mail.body
    korean = agenda_mail().filter(recipient="contact0@example.org").order_by("pk").last()
    assert "수정" in korean.subject


def test_a_task_delivered_twice_sends_once(organiser):
    assembly, rights, item = world(organiser)
    circulation = services.circulate_agenda(actor=organiser, assembly=assembly)
    assert agenda_mail().count() == 4
    assert tasks.send_circulation.apply(args=[circulation.pk]).get() == "already sent"
    assert agenda_mail().count() == 4


def test_only_the_assembly_staff_circulate(organiser):
    assembly, rights, item = world(organiser)
    with pytest.raises(PermissionDenied):
        services.circulate_agenda(actor=rights[0].delegate, assembly=assembly)
    response = client_for(rights[0].delegate).post(
        reverse("assembly:circulate", args=["forum", "ga"])
    )
    assert response.status_code == 404
    outsider = client_for(UserFactory(username="outsider"))
    assert outsider.post(reverse("assembly:circulate", args=["forum", "ga"])).status_code == 404
    assert not AgendaCirculation.objects.exists() and not agenda_mail().exists()


def test_a_bad_deadline_or_an_empty_agenda_changes_nothing(organiser):
    assembly, rights, item = world(organiser)
    chair = client_for(organiser, "ko")
    url = reverse("assembly:circulate", args=["forum", "ga"])
    page = chair.post(url, {"motions_deadline": "next week"}, follow=True)
    assert "마감".encode() in page.content
    item.delete()
    with pytest.raises(ValidationError):
        services.circulate_agenda(actor=organiser, assembly=assembly)
    assembly.refresh_from_db()
    assert assembly.motions_deadline is None
    assert not AgendaCirculation.objects.exists() and not agenda_mail().exists()


def test_after_the_deadline_members_submit_no_motions_but_the_chair_still_admits(organiser):
    assembly, rights, item = world(organiser)
    waiting = Motion.objects.create(assembly=assembly, title_en="Earlier", submitted_by=None)
    assembly.motions_deadline = timezone.now() - datetime.timedelta(minutes=1)
    assembly.save(update_fields=["motions_deadline"])
    delegate = client_for(rights[1].delegate)
    url = reverse("assembly:motions", args=["forum", "ga"])
    assert b"motions and amendments passed on" in delegate.get(url).content
    page = delegate.post(
        url, {"member": rights[1].member_id, "title_en": "Late motion", "text_en": "Text"}
    )
    assert b"only the chair may now put items" in page.content
    assert not Motion.objects.filter(title_en="Late motion").exists()
    services.move_motion(actor=organiser, motion=waiting, state="admitted")
    waiting.refresh_from_db()
    assert waiting.state == "admitted"


def test_before_the_deadline_members_still_submit(organiser):
    assembly, rights, item = world(organiser)
    assembly.motions_deadline = timezone.now() + datetime.timedelta(days=1)
    assembly.save(update_fields=["motions_deadline"])
    services.submit_motion(
        actor=rights[1].delegate,
        assembly=assembly,
        member_id=rights[1].member_id,
        title={"en": "On time"},
        text={"en": ""},
    )
    assert Motion.objects.filter(title_en="On time").exists()
