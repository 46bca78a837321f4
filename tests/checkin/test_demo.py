"""The demo's doors: zones and categories from the seeds' programme, a badge for every
attending delegate, the door operator's login, a morning of sample scans; loaded twice
without change."""

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from summitry.checkin import queries, services
from summitry.checkin.models import AccreditationCategory, Badge, BadgeLayout, Scan, Zone
from summitry.summits import permissions
from summitry.summits.models import Summit
from tests.demo_data import demo_for_the_module
from tests.images import read_qr

demo_loaded = demo_for_the_module("wcsmf2023")


@pytest.fixture
def summit(demo_loaded, db):
    return Summit.objects.get(slug="wcsmf2023")


def test_the_demo_doors(summit):
    zones = set(Zone.objects.filter(summit=summit).values_list("name_en", flat=True))
    assert {"Forum hall (DDP)", "Site visit I bus", "Site visit II bus"} <= zones
    assert len(zones) == 6
    assert AccreditationCategory.objects.filter(summit=summit).count() == 5
    badges = Badge.objects.filter(summit=summit)
    assert badges.count() > 100
    assert not badges.filter(version=0).exists()
    head = badges.filter(delegate__role="head").first()
    assert head.category.name_en == "Head of delegation"
    door = authenticate(
        RequestFactory().post("/accounts/login/"), username="door", password="summitry-demo"
    )
    assert door is not None
    assert permissions.permissions_at(door, summit) == {"checkin"}
    scans = Scan.objects.filter(summit=summit)
    assert scans.filter(result="enter").count() > 50
    assert set(scans.filter(result="refused").values_list("reason", flat=True)) == {
        "already_inside",
        "revoked",
    }
    assert scans.filter(result="exit").count() > 10  # some left the exhibitions
    assert queries.role_categories(summit)["head"].name_en == "Head of delegation"
    lost = badges.get(scans__reason="revoked")
    assert (lost.version, lost.revoked_at) == (2, None)  # reprinted
    # The demo's codes open the door for the operator.
    hall = Zone.objects.get(summit=summit, name_en="Forum hall (DDP)")
    scan, _new = services.scan(
        actor=door, summit=summit, zone=hall, code=services.code_for(head), client_scan_id="t"
    )
    assert scan.result == "enter"


def test_loading_twice_changes_nothing(summit):
    counts = [m.objects.count() for m in (Zone, AccreditationCategory, Badge, Scan, BadgeLayout)]
    versions = sorted(Badge.objects.values_list("version", flat=True))
    call_command("demo", "load", "wcsmf2023")
    assert [
        m.objects.count() for m in (Zone, AccreditationCategory, Badge, Scan, BadgeLayout)
    ] == counts
    assert sorted(Badge.objects.values_list("version", flat=True)) == versions


def test_the_demo_badges_print_in_their_category_layouts(summit):
    """The forum's A6 badge for delegations, a CR80 card for the press: every QR reads."""
    import io

    import pypdf

    from summitry.checkin import badges as rendering

    layouts = BadgeLayout.objects.filter(summit=summit)
    assert layouts.count() == 3
    forum = layouts.get(name_en="Forum badge (A6, sample)")
    assert forum.is_default and {c.name_en for c in forum.categories.all()} == {
        "Head of delegation",
        "Delegate",
    }
    head = Badge.objects.filter(summit=summit, delegate__role="head").first()
    pdf = rendering.badges_pdf(summit=summit, badges=[head])
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    assert round(float(page.mediabox[2]) * 25.4 / 72) == 105
    text = page.extract_text()
    assert head.delegate.person.latin_name in text and "Head of delegation" in text
    codes = {r.text for image in page.images for r in read_qr(image.image)}
    assert codes == {services.code_for(head)}
