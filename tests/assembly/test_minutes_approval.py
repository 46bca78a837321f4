"""Minutes approved at the next assembly of the same body (issue 16, item 9): an agenda item
links them; a passed poll on it approves them; approved minutes are read-only and public."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from summitry.assembly import services
from summitry.assembly.models import AgendaItem, Assembly, Poll

from .support import make_assembly

pytestmark = pytest.mark.django_db


def _two_assemblies():
    first, _rights, _item = make_assembly(members=2, slug="ga6")
    first.starts_at = timezone.now() - datetime.timedelta(days=700)
    first.save(update_fields=["starts_at"])
    second = Assembly.objects.create(
        summit=first.summit,
        body=first.body,
        slug="ga7",
        title_en="7th General Assembly",
        title_ko="제7차 총회",
        starts_at=timezone.now(),
    )
    from summitry.assembly.models import VotingRight

    rights = [
        VotingRight.objects.create(
            assembly=second, member=r.member, delegate=r.delegate, present=True
        )
        for r in first.rights.all()
    ]
    item = AgendaItem.objects.create(
        assembly=second, position=1, kind="report", title_en="Minutes", title_ko="회의록"
    )
    return first, second, rights, item


def _approval_poll(second, item):
    return Poll.objects.create(
        assembly=second,
        agenda_item=item,
        title_en="Approve the minutes?",
        title_ko="회의록을 승인합니까?",
        kind="open",
    )


def test_a_passed_poll_approves_the_minutes_which_become_read_only_and_public(organiser):
    first, second, rights, item = _two_assemblies()
    services.set_minutes_notes(actor=organiser, assembly=first, notes={"ko": "초안", "en": "Draft"})
    public = reverse("assembly:public-minutes", args=[first.summit.slug, first.slug])
    anonymous = Client(headers={"Accept-Language": "en"})
    assert anonymous.get(public).status_code == 404  # not approved yet
    services.link_minutes(actor=organiser, item=item, minutes_of=first)
    poll = _approval_poll(second, item)
    services.open_poll(actor=organiser, poll=poll)
    for right in rights:
        services.cast(actor=right.delegate, poll=poll, member_id=right.member_id, choice="yes")
    closed = services.close_poll(actor=organiser, poll=poll)
    first.refresh_from_db()
    assert first.minutes_approved_by == second
    assert first.minutes_approved_at == closed.closed_at
    with pytest.raises(ValidationError, match="approved"):
        services.set_minutes_notes(actor=organiser, assembly=first, notes={"ko": "x", "en": "y"})
    first.refresh_from_db()
    assert first.minutes_notes_en == "Draft"
    page = anonymous.get(public)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Approved on" in text and "7th General Assembly" in text and "Draft" in text
    korean = Client(headers={"Accept-Language": "ko"}).get(public).content.decode()
    assert "제7차 총회" in korean and "승인" in korean
    pdf = anonymous.get(
        reverse("assembly:public-minutes-pdf", args=[first.summit.slug, first.slug])
    )
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    # The staff's page no longer offers the form.
    staff = Client(headers={"Accept-Language": "en"})
    staff.force_login(organiser)
    url = reverse("assembly:minutes", args=[first.summit.slug, first.slug])
    assert 'name="notes_en"' not in staff.get(url).content.decode()
    answer = staff.post(url, {"notes_ko": "x", "notes_en": "y"}, follow=True)
    assert "can no longer be changed" in answer.content.decode()


def test_a_rejected_poll_leaves_the_minutes_unapproved(organiser):
    first, second, rights, item = _two_assemblies()
    services.link_minutes(actor=organiser, item=item, minutes_of=first)
    poll = _approval_poll(second, item)
    services.open_poll(actor=organiser, poll=poll)
    for right in rights:
        services.cast(actor=right.delegate, poll=poll, member_id=right.member_id, choice="no")
    services.close_poll(actor=organiser, poll=poll)
    first.refresh_from_db()
    assert first.minutes_approved_at is None


def test_only_an_earlier_assembly_of_the_same_body_through_a_report_or_other_item(organiser):
    first, second, rights, item = _two_assemblies()
    # Not the later one, not itself, not another body's.
    later_item = first.agenda.get()
    later_item.kind = "other"
    later_item.save(update_fields=["kind"])
    with pytest.raises(ValidationError, match="earlier assembly"):
        services.link_minutes(actor=organiser, item=later_item, minutes_of=second)
    with pytest.raises(ValidationError, match="earlier assembly"):
        services.link_minutes(actor=organiser, item=item, minutes_of=second)
    other, _r, _i = make_assembly(members=1, slug="other", summit=first.summit)
    other.starts_at = first.starts_at
    other.save(update_fields=["starts_at"])
    with pytest.raises(ValidationError, match="earlier assembly"):
        services.link_minutes(actor=organiser, item=item, minutes_of=other)
    motion_item = AgendaItem.objects.create(
        assembly=second, position=2, kind="motion", title_en="A motion", title_ko="동의"
    )
    with pytest.raises(ValidationError, match="report"):
        services.link_minutes(actor=organiser, item=motion_item, minutes_of=first)
    with pytest.raises(PermissionDenied):
        services.link_minutes(actor=rights[0].delegate, item=item, minutes_of=first)
    item.refresh_from_db()
    assert item.approves_minutes is None


def test_the_console_links_the_minutes(organiser):
    first, second, rights, item = _two_assemblies()
    url = reverse("assembly:link-minutes", args=[second.summit.slug, second.slug, item.pk])
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(rights[0].delegate)
    assert client.post(url, {"approves_minutes": first.pk}).status_code in (403, 404)
    client.force_login(organiser)
    manage = client.get(reverse("assembly:manage", args=[second.summit.slug, second.slug]))
    assert "Minutes to approve" in manage.content.decode()
    answer = client.post(url, {"approves_minutes": "999999"}, follow=True)
    assert "Choose an earlier assembly" in answer.content.decode()
    client.post(url, {"approves_minutes": first.pk})
    item.refresh_from_db()
    assert item.approves_minutes == first
