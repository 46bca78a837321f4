"""Registration deadline reminders (celery beat): invited delegations that have not
registered are reminded once per reminder, through the outbox, in their contact's language;
staff set the days in the console."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from summitry.celery import app as celery_app
from summitry.core.models import OutboundMessage
from summitry.delegations import reminders, services
from summitry.delegations.models import DeadlineReminder, Delegation
from summitry.delegations.tasks import send_deadline_reminders
from tests.factories import OrganisationFactory, UserFactory

DEADLINE = datetime.datetime(2030, 8, 31, 14, 59, tzinfo=datetime.UTC)  # 23:59 in Seoul


def day(days_before: float) -> datetime.datetime:
    return DEADLINE - datetime.timedelta(days=days_before)


@pytest.fixture
def world(summit, invited, organiser):
    summit.registration_deadline = DEADLINE
    summit.save(update_fields=["registration_deadline"])
    busan = services.invite(
        actor=organiser,
        summit=summit,
        organisation=OrganisationFactory(slug="busan", name_en="Busan", name_ko="부산"),
        contact_name="김민지",
        contact_email="minji@busan.example",
        language="ko",
    )[0]
    dublin = services.invite(
        actor=organiser,
        summit=summit,
        organisation=OrganisationFactory(slug="dublin", name_en="Dublin"),
        contact_name="Siobhan",
        contact_email="s@dublin.example",
        language="en",
    )[0]
    Delegation.objects.filter(invitation=dublin).update(status="registered")
    kyiv = services.invite(
        actor=organiser,
        summit=summit,
        organisation=OrganisationFactory(slug="kyiv", name_en="Kyiv"),
        contact_name="Olena",
        contact_email="o@kyiv.example",
        language="en",
    )[0]
    services.revoke_invitation(actor=organiser, invitation=kyiv)
    reminders.save_settings(actor=organiser, summit=summit, enabled=True, days_before=[1, 7])
    mail.outbox.clear()
    return busan


def sent() -> list[tuple[str, int]]:
    return sorted(
        (r.delegation.invitation.contact_email, r.days_before)
        for r in DeadlineReminder.objects.all()
    )


def test_each_waiting_delegation_is_reminded_once_per_reminder(world, summit):
    assert reminders.send_due(day(8)) == 0  # no reminder's day has come
    assert reminders.send_due(day(6.5)) == 2
    assert sent() == [("aroha@wellington.example", 7), ("minji@busan.example", 7)]
    assert reminders.send_due(day(6)) == 0  # the job again: nothing twice
    assert reminders.send_due(day(0.5)) == 2
    assert reminders.send_due(day(0.4)) == 0
    assert reminders.send_due(day(-0.1)) == 0  # registration has closed
    assert len(mail.outbox) == 4
    english = next(m for m in mail.outbox if m.to == ["aroha@wellington.example"])
    assert english.subject == "Reminder: register your delegation for Mayors Forum"
    assert "Wellington is invited to Mayors Forum and has not registered yet." in english.body
    assert "Registration closes on" in english.body and "2030" in english.body
    korean = next(m for m in mail.outbox if m.to == ["minji@busan.example"])
    assert "시장포럼" in korean.subject and "부산" in korean.body
    assert OutboundMessage.objects.filter(kind="deadline-reminder", sent_at__isnull=False).count()
    assert all(r.message.sent_at for r in DeadlineReminder.objects.all())


def test_a_late_start_sends_only_the_nearest_reminder(world):
    assert reminders.send_due(day(0.5)) == 2
    assert sent() == [("aroha@wellington.example", 1), ("minji@busan.example", 1)]


def test_the_scheduled_job_runs_the_reminders_and_is_on_the_beat_schedule(world):
    entry = settings.CELERY_BEAT_SCHEDULE["registration-deadline-reminders"]
    assert entry["task"] == send_deadline_reminders.name
    assert entry["task"] in celery_app.tasks
    # The deadline is in 2030: nothing is due today, whatever the settings.
    assert send_deadline_reminders.apply().get() == 0


def test_registered_or_disabled_summits_get_no_reminder(world, summit, organiser):
    reminders.save_settings(actor=organiser, summit=summit, enabled=False, days_before=[7])
    assert reminders.send_due(day(3)) == 0
    reminders.save_settings(actor=organiser, summit=summit, enabled=True, days_before=[7])
    Delegation.objects.filter(invitation=world).update(status="declined")
    assert reminders.send_due(day(3)) == 1
    assert sent() == [("aroha@wellington.example", 7)]


def console(user, language="en") -> Client:
    client = Client(headers={"Accept-Language": language})
    client.force_login(user)
    return client


def test_staff_set_the_reminders_in_the_console(world, summit, organiser):
    client = console(organiser)
    page = client.get("/forum/manage/reminders/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="7, 1"' in html and "Invited delegations that have not registered: 2." in html
    response = client.post("/forum/manage/reminders/", {"enabled": "on", "days_before": "14, 3"})
    assert response.status_code == 302
    assert reminders.settings_of(summit).days_before == [14, 3]
    reminders.send_due(day(2))
    assert "Wellington" in client.get("/forum/manage/reminders/").content.decode()


@pytest.mark.parametrize(
    ("days", "message"),
    [
        ("a week", "Give whole numbers of days, separated by commas."),
        ("0", "Each reminder is 1 to 365 days before the deadline."),
        ("1,2,3,4,5,6", "At most 5 reminders."),
        ("", "Give at least one day to send reminders."),
    ],
)
def test_bad_reminder_days_are_refused_and_change_nothing(world, summit, organiser, days, message):
    response = console(organiser).post(
        "/forum/manage/reminders/", {"enabled": "on", "days_before": days}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert reminders.settings_of(summit).days_before == [7, 1]


def test_bad_days_in_korean(world, organiser):
    response = console(organiser, "ko").post(
        "/forum/manage/reminders/", {"enabled": "on", "days_before": "0"}
    )
    assert response.status_code == 400
    assert "마감" in response.content.decode()


def test_only_staff_see_or_change_the_reminders(world, summit, contact):
    assert console(contact).get("/forum/manage/reminders/").status_code == 404
    response = console(contact).post("/forum/manage/reminders/", {"days_before": "3"})
    assert response.status_code == 404
    assert reminders.settings_of(summit).days_before == [7, 1]
    outsider = UserFactory(username="outsider")
    with pytest.raises(Exception, match="Only organiser staff"):
        reminders.save_settings(actor=outsider, summit=summit, enabled=True, days_before=[3])
