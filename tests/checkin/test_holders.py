"""Badges of people who are not delegates: approved journalists (the press room) and
exhibitors' booth staff, in the same Badge table, signed, scanned, revoked and printed alike."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from summitry.checkin import badges as rendering
from summitry.checkin import queries, services
from summitry.checkin.models import Badge
from summitry.press import services as press
from summitry.press.models import Accreditation
from tests.factories import SummitFactory, UserFactory
from tests.images import png_upload

from .conftest import MORNING

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def client_for(user, language="en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


@pytest.fixture
def reporter():
    return UserFactory(username="reporter")


@pytest.fixture
def applied(summit, reporter) -> Accreditation:
    return press.apply_for_accreditation(
        actor=reporter,
        summit=summit,
        data={"name": "김기자", "outlet": "서울일보", "role": "기자", "country": "KR"},
        press_card=png_upload(),
    )


@pytest.fixture
def press_category(summit, organiser, hall):
    """The summit's press category, opening the forum hall."""
    return services.create_category(
        actor=organiser,
        summit=summit,
        name={"ko": "취재진", "en": "Press"},
        colour="#15803d",
        zones=[hall],
    )


@pytest.fixture
def approved(organiser, applied, press_category) -> Accreditation:
    return press.decide_accreditation(actor=organiser, accreditation=applied, approve=True)


def scan(actor, summit, zone, code, n):
    return services.scan(
        actor=actor, summit=summit, zone=zone, code=code, client_scan_id=f"h{n}", at=MORNING
    )


def test_a_badge_has_exactly_one_holder(summit, delegate, approved):
    press_badge = approved.badge
    with pytest.raises(IntegrityError), transaction.atomic():
        Badge.objects.filter(pk=press_badge.pk).update(delegate=delegate)
    with pytest.raises(IntegrityError), transaction.atomic():
        Badge.objects.create(summit=summit)


def test_an_approved_journalist_gets_a_press_badge_that_opens_its_zones(
    door, summit, hall, lounge, approved, press_category
):
    badge = approved.badge
    assert badge.version == 1 and badge.category == press_category
    holder = badge.holder
    assert (holder.kind, holder.name_ko, holder.organisation.name_ko) == (
        "press",
        "김기자",
        "서울일보",
    )
    entered, _new = scan(door, summit, hall, services.code_for(badge), 1)
    assert (entered.result, entered.badge) == ("enter", badge)
    refused, _new = scan(door, summit, lounge, services.code_for(badge), 2)
    assert (refused.result, refused.reason) == ("refused", "zone")


def test_the_scanner_shows_the_journalists_name_and_category(
    door, summit, hall, approved, press_category
):
    code = services.code_for(approved.badge)
    page = client_for(door).post(
        reverse("checkin:scanner", args=[summit.slug]) + f"?zone={hall.pk}",
        {"code": code, "client_scan_id": "page-1", "zone": hall.pk},
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "김기자" in text and "서울일보" in text and "Press" in text


def test_refusing_the_accreditation_revokes_the_badge_and_the_door_refuses_it(
    organiser, door, summit, hall, approved
):
    code = services.code_for(approved.badge)
    press.decide_accreditation(
        actor=organiser,
        accreditation=approved,
        approve=False,
        reason={"ko": "허위 신청", "en": "False application"},
    )
    badge = Badge.objects.get(pk=approved.badge.pk)
    assert badge.revoked_at is not None
    refused, _new = scan(door, summit, hall, code, 3)
    assert (refused.result, refused.reason) == ("refused", "revoked")
    assert badge.pk in queries.revocations(summit)["revoked"]
    # Approved again: a new version, the old code superseded.
    press.decide_accreditation(actor=organiser, accreditation=approved, approve=True)
    badge.refresh_from_db()
    assert (badge.version, badge.revoked_at) == (2, None)
    refused, _new = scan(door, summit, hall, code, 4)
    assert refused.reason == "superseded"


def test_the_journalist_sees_their_badge_qr_on_their_press_page(
    reporter, summit, approved, organiser
):
    page = client_for(reporter).get(reverse("press:accreditation", args=[summit.slug]))
    assert page.status_code == 200
    assert "Your press badge" in page.content.decode() and "<svg" in page.content.decode()
    assert queries.own_badges(reporter).get() == approved.badge
    # Revoked: no code to show.
    services.revoke(actor=organiser, badge=approved.badge)
    page = client_for(reporter).get(reverse("press:accreditation", args=[summit.slug]))
    assert "<svg" not in page.content.decode()
    assert "not valid at the moment" in page.content.decode()


def test_a_pending_journalist_has_no_badge_and_none_can_be_issued(organiser, summit, applied):
    assert not Badge.objects.filter(press_accreditation=applied).exists()
    category = press.press_category(organiser, summit)
    with pytest.raises(ValidationError, match="no longer accredited"):
        services.issue_to_holder(
            actor=organiser, summit=summit, category=category, press_accreditation=applied
        )
    assert not Badge.objects.filter(press_accreditation=applied).exists()


def test_staff_print_and_reprint_press_badges_from_the_holders_page(
    organiser, summit, approved, delegate
):
    client = client_for(organiser)
    page = client.get(reverse("checkin:holders", args=[summit.slug]))
    assert page.status_code == 200 and "김기자" in page.content.decode()
    assert "Tory" not in page.content.decode()  # delegates are on the badges page
    found = client.get(reverse("checkin:holders", args=[summit.slug]), {"q": "서울일보"})
    assert "김기자" in found.content.decode()
    missing = client.get(reverse("checkin:holders", args=[summit.slug]), {"q": "nobody"})
    assert "김기자" not in missing.content.decode()
    answer = client.post(
        reverse("checkin:holders-bulk", args=[summit.slug]),
        {"badge": [approved.badge.pk], "action": "issue"},
        follow=True,
    )
    assert "Badges issued: 1." in answer.content.decode()
    assert Badge.objects.get(pk=approved.badge.pk).version == 2
    answer = client.post(
        reverse("checkin:holders-bulk", args=[summit.slug]),
        {"badge": [approved.badge.pk], "action": "print", "layout": "a6"},
        follow=True,
    )
    assert "being rendered" in answer.content.decode()
    assert Badge.objects.get(pk=approved.badge.pk).printed_at is not None  # eager queue
    pdf = client.get(reverse("checkin:badge-pdf", args=[summit.slug, approved.badge.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_bad_bulk_input_is_refused_clearly(organiser, summit, approved):
    client = client_for(organiser)
    answer = client.post(
        reverse("checkin:holders-bulk", args=[summit.slug]),
        {"badge": ["x"], "action": "issue"},
        follow=True,
    )
    assert "Tick at least one badge." in answer.content.decode()
    answer = client.post(
        reverse("checkin:holders-bulk", args=[summit.slug]),
        {"badge": [approved.badge.pk], "action": "melt"},
        follow=True,
    )
    assert "Choose what to do with the ticked badges." in answer.content.decode()
    assert Badge.objects.get(pk=approved.badge.pk).version == 1


def test_another_summits_staff_cannot_touch_the_press_badges(summit, approved):
    other = SummitFactory(slug="elsewhere")
    outsider = UserFactory(username="outsider")
    other.organisations.first()  # another summit of its own
    from summitry.demo.loader import ensure_team

    ensure_team(other, name_ko="출입", name_en="Doors", codes=["checkin"], members=[outsider])
    client = client_for(outsider)
    assert client.get(reverse("checkin:holders", args=[summit.slug])).status_code == 404
    answer = client.post(
        reverse("checkin:holders-bulk", args=[summit.slug]),
        {"badge": [approved.badge.pk], "action": "issue"},
    )
    assert answer.status_code == 404
    assert Badge.objects.get(pk=approved.badge.pk).version == 1


def test_the_press_badge_prints_the_journalists_name_outlet_and_category(
    summit, approved, press_category
):
    html = rendering.fixed_html(summit=summit, badges=[approved.badge], layout="a6")
    assert "김기자" in html and "서울일보" in html and "Press" in html
    pdf = rendering.badges_pdf(summit=summit, badges=[approved.badge], layout="designed")
    assert pdf.startswith(b"%PDF-")
