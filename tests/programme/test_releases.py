"""Publishing: nothing is public before; each version records its changes, and the people
whose own programme changed are told in their language."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client

from summitry.delegations.models import Delegate, Delegation
from summitry.programme.releases import publish
from summitry.programme.services import save_item
from tests.factories import OrganisationFactory, PersonFactory, UserFactory

from .conftest import at, item


@pytest.fixture
def forum(summit, organiser):
    return save_item(actor=organiser, item=item(summit, title_en="Forum I"))


@pytest.fixture
def delegates(summit):
    delegation = Delegation.objects.create(summit=summit, organisation=OrganisationFactory())
    return Delegate.objects.create(
        delegation=delegation,
        email="ko@example.org",
        interpretation_language="ko",
        person=PersonFactory(),
    )


def test_nothing_is_public_before_the_first_publication(forum, summit, organiser):
    client = Client(headers={"Accept-Language": "en"})
    assert b"Forum I" not in client.get("/forum/programme/").content
    release = publish(actor=organiser, summit=summit)
    assert (release.number, release.changes) == (1, [])
    assert b"Forum I" in client.get("/forum/programme/").content


def test_a_later_version_lists_its_changes_and_tells_those_affected(
    forum, summit, organiser, delegates, django_capture_on_commit_callbacks
):
    publish(actor=organiser, summit=summit)
    forum.starts_at, forum.ends_at = at(25, 15), at(25, 17)
    save_item(actor=organiser, item=forum)
    save_item(
        actor=organiser,
        item=item(
            summit,
            title_en="Lunch",
            title_ko="오찬",
            kind="meal",
            starts_at=at(25, 12),
            ends_at=at(25, 13),
        ),
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        release = publish(actor=organiser, summit=summit, note="Forum I moved")
    assert release.number == 2
    assert [(c["change"], c["title"]["en"], c.get("fields")) for c in release.changes] == [
        ("changed", "Forum I", ["starts_at", "ends_at"]),
        ("added", "Lunch", None),
    ]
    assert [m.to for m in mail.outbox] == [["ko@example.org"]]
    body = mail.outbox[0].body
    assert mail.outbox[0].subject.startswith("프로그램 변경")
    assert "변경: 시장포럼 I" in body and "새 항목: 오찬" in body
    page = Client(headers={"Accept-Language": "en"}).get("/forum/programme/changes/")
    text = page.content.decode()
    assert "Version 2" in text and "Changed: Forum I" in text and "New: Lunch" in text


def test_only_staff_publish(summit, forum):
    with pytest.raises(PermissionDenied):
        publish(actor=UserFactory(username="someone"), summit=summit)
    client = Client()
    client.force_login(UserFactory(username="other"))
    assert client.post("/forum/programme/publish/").status_code == 403


@pytest.fixture
def closed_dinner(summit, organiser, delegates):
    """An invite-only item for the delegates' organisation."""
    dinner = save_item(
        actor=organiser,
        item=item(
            summit,
            title_en="Closed dinner",
            title_ko="비공개 만찬",
            kind="meal",
            audience="invited",
            starts_at=at(25, 19),
            ends_at=at(25, 21),
        ),
    )
    dinner.invitees.set([delegates.delegation.organisation])
    return dinner


def test_the_change_log_tells_each_reader_only_of_items_they_may_see(
    forum, summit, organiser, delegates, closed_dinner
):
    publish(actor=organiser, summit=summit)
    bilateral = save_item(
        actor=organiser,
        item=item(
            summit,
            title_en="Secret bilateral",
            kind="meeting",
            audience="invited",
            starts_at=at(26, 9),
            ends_at=at(26, 10),
        ),
    )
    publish(actor=organiser, summit=summit)
    closed_dinner.delete()
    bilateral.delete()
    publish(actor=organiser, summit=summit)

    def log(client):
        return client.get("/forum/programme/changes/").content.decode()

    anonymous = log(Client(headers={"Accept-Language": "en"}))
    assert "Closed dinner" not in anonymous and "Secret bilateral" not in anonymous
    assert "No changes." in anonymous
    contact = UserFactory(username="contact")
    Delegation.objects.filter(pk=delegates.delegation_id).update(contact=contact)
    invited = Client(headers={"Accept-Language": "en"})
    invited.force_login(contact)
    theirs = log(invited)
    assert "Removed: Closed dinner" in theirs and "Secret bilateral" not in theirs
    staff = Client(headers={"Accept-Language": "en"})
    staff.force_login(organiser)
    everything = log(staff)
    assert "Removed: Closed dinner" in everything and "Removed: Secret bilateral" in everything


def test_publishing_tells_each_delegate_only_of_removed_items_they_could_see(
    forum, summit, organiser, delegates, closed_dinner, django_capture_on_commit_callbacks
):
    other = Delegate.objects.create(
        delegation=Delegation.objects.create(summit=summit, organisation=OrganisationFactory()),
        email="other@example.org",
        interpretation_language="en",
        person=PersonFactory(),
    )
    publish(actor=organiser, summit=summit)
    forum.title_en = "Forum I (new title)"
    save_item(actor=organiser, item=forum)
    closed_dinner.delete()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publish(actor=organiser, summit=summit)
    by_recipient = {m.to[0]: m.body for m in mail.outbox}
    assert "비공개 만찬" in by_recipient["ko@example.org"]
    assert "Closed dinner" not in by_recipient[other.email]
    assert "Forum I (new title)" in by_recipient[other.email]
