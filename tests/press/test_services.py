"""Releases: text, sanitising, cited figures frozen at approval, workflow, who may."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from summitry.delegations import services as delegation_services
from summitry.delegations.models import Delegation
from summitry.delegations.queries import counts
from summitry.press import queries, services
from summitry.press.models import PressRelease, ReleaseStatus
from summitry.press.presenting import present
from tests.factories import OrganisationFactory, PersonFactory

from .conftest import make_release

pytestmark = pytest.mark.django_db


def test_body_is_sanitised(summit, organiser):
    release = make_release(
        summit,
        organiser,
        body={
            "ko": '<p onclick="x()">안녕<script>alert(1)</script><a href="javascript:x">a</a></p>'
        },
    )
    assert "<script" not in release.body_ko and "onclick" not in release.body_ko
    assert "javascript:" not in release.body_ko


def test_unknown_figure_is_refused(summit, organiser):
    with pytest.raises(ValidationError) as error:
        make_release(summit, organiser, summary={"en": "{{ counts.secret_key }}"})
    assert "secret_key" in str(error.value)


def _register_city(summit, organiser, slug):
    city = OrganisationFactory(slug=slug, name_en=slug.title(), country="NZ", kind="city")
    invitation, _secret = delegation_services.invite(
        actor=organiser,
        summit=summit,
        organisation=city,
        contact_name=slug,
        contact_email=f"{slug}@example.org",
        language="en",
    )
    Delegation.objects.filter(invitation=invitation).update(
        registered_at=datetime.datetime(2030, 9, 22, tzinfo=datetime.UTC)
    )


def test_figures_are_frozen_at_approval(summit, organiser):
    _register_city(summit, organiser, "wellington")
    release = make_release(summit, organiser, figures_as_of=datetime.date(2030, 9, 23))
    assert present(release, timezone.now()).summary == ["1개 도시 참가"]
    services.submit_for_review(actor=organiser, release=release)
    services.approve(actor=organiser, release=release)
    _register_city(summit, organiser, "kyiv")
    release.refresh_from_db()
    assert release.approved_by == organiser and release.approved_at is not None
    assert release.figures["as_of"] == "2030-09-23"
    # Counted again now there are two; the approved release still cites the frozen one.
    assert counts(summit, datetime.date(2030, 9, 23))["foreign_cities"] == 2
    assert present(release, timezone.now()).summary == ["1개 도시 참가"]
    frozen = dict(release.figures)
    # Approved text is frozen; the embargo may still move.
    with pytest.raises(ValidationError):
        services.update_release(
            actor=organiser, release=release, data={"headline": {"ko": "바뀜", "en": "Changed"}}
        )
    services.update_release(
        actor=organiser,
        release=release,
        data={"embargo_at": timezone.now() + datetime.timedelta(days=2)},
    )
    release.refresh_from_db()
    assert release.figures == frozen
    services.return_to_draft(actor=organiser, release=release)
    release.refresh_from_db()
    assert release.status == ReleaseStatus.DRAFT and release.figures is None
    assert release.approved_by is None


def test_workflow_order_is_enforced(summit, organiser):
    release = make_release(summit, organiser)
    with pytest.raises(ValidationError):
        services.approve(actor=organiser, release=release)
    with pytest.raises(ValidationError):
        services.schedule(actor=organiser, release=release)


def test_only_press_staff_write(summit, organiser, no_perm, journalist):
    with pytest.raises(PermissionDenied):
        make_release(summit, no_perm)
    release = make_release(summit, organiser)
    for actor in (no_perm, journalist):
        with pytest.raises(PermissionDenied):
            services.submit_for_review(actor=actor, release=release)
        with pytest.raises(PermissionDenied):
            services.change_embargo(actor=actor, release=release, embargo_at=timezone.now())


def test_contacts(summit, organiser):
    release = make_release(summit, organiser)
    person = PersonFactory(name_hangul="조혜정")
    services.add_contact(
        actor=organiser,
        release=release,
        person=person,
        title={"ko": "국제교류과장"},
        phone="02-2133-5260",
    )
    with pytest.raises(ValidationError):
        services.add_contact(actor=organiser, release=release, person=PersonFactory())
    assert [c.phone for c in queries.staff_release(summit, release.pk).contacts.all()] == [
        "02-2133-5260"
    ]


def test_a_body_written_elsewhere_is_sanitised_when_shown(summit, organiser):
    release = make_release(summit, organiser)
    PressRelease.objects.filter(pk=release.pk).update(body_en='<p>ok</p><img src=x onerror="y()">')
    release.refresh_from_db()
    from django.utils import translation

    with translation.override("en"):
        shown = present(release, timezone.now())
    assert "onerror" not in shown.body and "<p>ok</p>" in shown.body


def test_the_beat_task_records_publication(summit, organiser):
    from summitry.press import tasks

    release = make_release(
        summit, organiser, embargo_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    services.submit_for_review(actor=organiser, release=release)
    services.approve(actor=organiser, release=release)
    services.schedule(actor=organiser, release=release)
    assert tasks.publish_due.apply().get() == 1
    assert tasks.publish_due.apply().get() == 0
    release.refresh_from_db()
    assert release.status == ReleaseStatus.PUBLISHED
