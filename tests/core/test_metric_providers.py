"""/metrics carries the capabilities' figures through core.registry (the core imports no
capability): e-mails queued, failing and sent; check-ins in the last minute and in all;
votes cast and polls open."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from summitry.checkin.models import Scan, Zone
from summitry.core.models import OutboundMessage
from tests.assembly.support import make_assembly, make_poll
from tests.factories import SummitFactory, UserFactory


def scrape() -> dict[str, float]:
    text = Client().get("/metrics").content.decode()
    return {
        line.rsplit(" ", 1)[0]: float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith("summitry_") and not line.startswith("#")
    }


@pytest.mark.django_db
def test_mails_check_ins_and_votes_are_in_the_metrics(organiser):
    summit = SummitFactory(slug="forum")
    now = timezone.now()
    mail = {"summit": summit, "kind": "x", "recipient": "a@example.org", "language": "en"}
    OutboundMessage.objects.create(**mail, subject="1", body="b", sent_at=now)
    OutboundMessage.objects.create(
        **mail, subject="2", body="b", sent_at=now - datetime.timedelta(hours=1)
    )
    OutboundMessage.objects.create(**mail, subject="3", body="b")
    OutboundMessage.objects.create(**mail, subject="4", body="b", error="refused")
    zone = Zone.objects.create(summit=summit, name="Hall")
    for n, (ago, result) in enumerate(((5, "enter"), (20, "refused"), (300, "enter"))):
        at = now - datetime.timedelta(seconds=ago)
        Scan.objects.create(
            summit=summit,
            zone=zone,
            at=at,
            day=at.date(),
            result=result,
            reason="forged" if result == "refused" else "",
            visit=None if result == "refused" else n + 1,
            client_scan_id=str(n),
        )
    assembly, rights, item = make_assembly(members=3, summit=summit)
    voter = UserFactory(username="voter")
    rights[0].delegate = voter
    rights[0].save(update_fields=["delegate"])
    poll = make_poll(assembly, item, kind="secret")
    from summitry.assembly import services

    services.open_poll(actor=organiser, poll=poll)
    services.cast(actor=voter, poll=poll, member_id=rights[0].member_id, choice="yes")

    figures = scrape()
    assert figures["summitry_mails_queued"] == 2
    assert figures["summitry_mails_failing"] == 1
    assert figures["summitry_mails_sent_last_minute"] == 1
    assert figures["summitry_mails_sent_total"] == 2
    assert figures['summitry_checkins_last_minute{result="enter",summit="forum"}'] == 1
    assert figures['summitry_checkins_last_minute{result="refused",summit="forum"}'] == 1
    assert figures['summitry_checkins_total{summit="forum"}'] == 2
    assert figures['summitry_votes_cast_total{summit="forum"}'] == 1
    assert figures['summitry_polls_open{summit="forum"}'] == 1
