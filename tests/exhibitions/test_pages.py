"""Pages of exhibitions: the console (who may and who may not), the exhibitor's own pages, the
public guide (only published content), booths' pages and QR codes, bad input."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from summitry.exhibitions import services
from summitry.exhibitions.models import Exhibitor, ExhibitorStatus, FloorPlan
from tests.factories import UserFactory

from .conftest import client_for
from .support import make_exhibitor

pytestmark = pytest.mark.django_db


def url(name, exhibition, **kwargs):
    return reverse(
        name, kwargs={"slug": exhibition.summit.slug, "exhibition_slug": exhibition.slug, **kwargs}
    )


def test_console_needs_the_exhibitions_permission(exhibition, exhibition_staff, no_perm, company):
    manage = reverse("exhibitions:manage", args=[exhibition.summit.slug])
    assert client_for(exhibition_staff).get(manage).status_code == 200
    assert client_for(no_perm).get(manage).status_code == 403
    assert client_for(company).get(manage).status_code == 404
    page = client_for(exhibition_staff).get(url("exhibitions:manage-exhibition", exhibition))
    assert b"A-01" in page.content and "로봇기업" in page.content.decode()
    # A team member without the permission cannot act either.
    exhibitor = make_exhibitor(exhibition, company)
    action = url("exhibitions:exhibitor-action", exhibition, exhibitor_id=exhibitor.pk)
    assert client_for(no_perm).post(action, {"action": "approve"}).status_code == 403
    exhibitor.refresh_from_db()
    assert exhibitor.status == ExhibitorStatus.SUBMITTED


def test_apply_fill_submit_then_staff_assign_and_publish(exhibition, company, exhibition_staff):
    client = client_for(company)
    apply = url("exhibitions:apply", exhibition)
    # Bad input: no name in either language, a broken website: said, nothing created.
    answer = client.post(apply, {"name_ko": "", "name_en": "", "website": "not a url"})
    assert answer.status_code == 200 and "기관·기업명을 한국어나" in answer.content.decode()
    assert not Exhibitor.objects.exists()
    answer = client.post(
        apply,
        {"name_ko": "티머니", "name_en": "Tmoney", "description_ko": "태그리스 결제",
         "description_en": "Tagless payment", "theme": exhibition.themes.get().pk},
    )  # fmt: skip
    assert answer.status_code == 302
    exhibitor = Exhibitor.objects.get()
    assert exhibitor.user == company and exhibitor.status == ExhibitorStatus.DRAFT
    mine = url("exhibitions:mine", exhibition)
    client.post(url("exhibitions:product-add", exhibition), {"name_ko": "태그리스", "name_en": ""})
    assert exhibitor.products.count() == 1
    # The draft is private: the guide and its page do not show it.
    anonymous = client_for()
    assert b"Tmoney" not in anonymous.get(url("exhibitions:guide", exhibition)).content
    page = url("exhibitions:exhibitor", exhibition, exhibitor_id=exhibitor.pk)
    assert anonymous.get(page).status_code == 404
    client.post(mine, {"action": "submit"})
    exhibitor.refresh_from_db()
    assert exhibitor.status == ExhibitorStatus.SUBMITTED
    # Locked under review: a change is refused with a message, nothing changes.
    answer = client.post(mine, {"name_en": "Changed", "name_ko": ""}, follow=True)
    exhibitor.refresh_from_db()
    assert exhibitor.name_en == "Tmoney"

    staff = client_for(exhibition_staff)
    action = url("exhibitions:exhibitor-action", exhibition, exhibitor_id=exhibitor.pk)
    staff.post(action, {"action": "approve"})
    booth = exhibition.booths.get(code="A-02")
    staff.post(action, {"action": "assign", "booth": booth.pk})
    staff.post(action, {"action": "publish"})
    exhibitor.refresh_from_db()
    assert exhibitor.status == ExhibitorStatus.PUBLISHED
    assert list(exhibitor.booths.values_list("code", flat=True)) == ["A-02"]
    guide = anonymous.get(url("exhibitions:guide", exhibition)).content.decode()
    assert "Tmoney" in guide or "티머니" in guide
    assert anonymous.get(page).status_code == 200
    status = client.get(mine).content.decode()
    assert "A-02" in status


def test_console_click_to_assign_and_free(exhibition, exhibition_staff, company):
    exhibitor = make_exhibitor(exhibition, company)
    booth = exhibition.booths.get(code="A-03")
    staff = client_for(exhibition_staff)
    page = url("exhibitions:manage-booth", exhibition, booth_id=booth.pk)
    # The console's plan links every booth to this page.
    plan = staff.get(url("exhibitions:manage-exhibition", exhibition)).content.decode()
    assert page in plan
    staff.post(page, {"exhibitor": exhibitor.pk})
    booth.refresh_from_db()
    assert booth.exhibitor == exhibitor
    # Freeing asks first.
    asked = staff.post(page, {"exhibitor": ""})
    assert asked.status_code == 200 and "A-03 부스를 비울까요?" in asked.content.decode()
    booth.refresh_from_db()
    assert booth.exhibitor == exhibitor
    staff.post(page, {"exhibitor": "", "confirmed": "1"})
    booth.refresh_from_db()
    assert booth.exhibitor is None
    # Bad input: an exhibitor that does not exist.
    staff.post(page, {"exhibitor": "999999"})
    booth.refresh_from_db()
    assert booth.exhibitor is None


def test_published_page_booth_page_and_qr(exhibition, organiser, company):
    exhibitor = make_exhibitor(exhibition, company)
    booth = exhibition.booths.get(code="A-01")
    services.assign_booth(actor=organiser, booth=booth, exhibitor=exhibitor)
    anonymous = client_for()
    booth_page = url("exhibitions:booth", exhibition, code="A-01")
    answer = anonymous.get(booth_page)
    assert answer.status_code == 200 and b"Robots Inc" not in answer.content
    services.approve(actor=organiser, exhibitor=exhibitor)
    services.publish(actor=organiser, exhibitor=exhibitor)
    answer = anonymous.get(booth_page, HTTP_ACCEPT_LANGUAGE="en")
    assert b"Robots Inc" in answer.content and b"A four-legged robot" in answer.content
    assert "public" in answer["Cache-Control"]
    qr = anonymous.get(url("exhibitions:booth-qr", exhibition, code="A-01"))
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content
    guide = anonymous.get(url("exhibitions:guide", exhibition)).content.decode()
    assert f'href="{booth_page}"' in guide  # the plan's booth is a link
    assert anonymous.get(url("exhibitions:booth", exhibition, code="NOPE")).status_code == 404


def test_search_and_list_by_theme(exhibition, organiser, company):
    for user, name in ((company, "Tmoney"), (UserFactory(username="b"), "KRM")):
        found = make_exhibitor(exhibition, user, name)
        services.approve(actor=organiser, exhibitor=found)
        services.publish(actor=organiser, exhibitor=found)
    guide = url("exhibitions:guide", exhibition)
    anonymous = client_for()
    page = anonymous.get(guide, {"q": "tmoney"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Tmoney" in page and "KRM" not in page and "Robot Enterprise" in page
    page = anonymous.get(guide, {"q": "zzz"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "No exhibitor matches your search." in page


def test_a_hidden_exhibition_is_not_public(summit, organiser, company):
    from .support import make_exhibition

    hidden = make_exhibition(summit, organiser, slug="hidden", is_public=False)
    assert client_for().get(url("exhibitions:guide", hidden)).status_code == 404
    assert client_for(company).get(url("exhibitions:apply", hidden)).status_code == 404


def test_plan_upload_checks_the_file(exhibition, exhibition_staff):
    staff = client_for(exhibition_staff)
    add = url("exhibitions:plan-add", exhibition)
    bad = SimpleUploadedFile("plan.png", b"not an image", content_type="image/png")
    staff.post(add, {"name_en": "Hall", "width": 100, "height": 100, "background": bad})
    assert FloorPlan.objects.count() == 1
    svg = SimpleUploadedFile(
        "plan.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><script>alert(1)</script>'
        b'<rect width="10" height="10"/></svg>',
        content_type="image/svg+xml",
    )
    staff.post(add, {"name_en": "Hall", "width": 100, "height": 100, "background": svg})
    plan = FloorPlan.objects.get(name_en="Hall")
    drawing = client_for().get(url("exhibitions:plan-drawing", exhibition, plan_id=plan.pk))
    assert drawing.status_code == 200
    assert "sandbox" in drawing["Content-Security-Policy"]
    assert drawing["X-Content-Type-Options"] == "nosniff"
    guide = client_for().get(url("exhibitions:guide", exhibition)).content.decode()
    assert "<image href=" in guide  # drawn as an image, where no script runs


def test_korean_and_english(exhibition, organiser, company):
    exhibitor = make_exhibitor(exhibition, company)
    services.approve(actor=organiser, exhibitor=exhibitor)
    services.publish(actor=organiser, exhibitor=exhibitor)
    page = url("exhibitions:exhibitor", exhibition, exhibitor_id=exhibitor.pk)
    ko = client_for().get(page, HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    en = client_for().get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "로봇주식회사" in ko and "로봇기업" in ko
    assert "Robots Inc" in en and "Robot Enterprise" in en


def test_review_page_shows_no_none_for_fields_left_empty(exhibition, exhibition_staff):
    """A policy exhibit added by staff with a name and a description only: its review page
    leaves the empty fields empty (it printed "None" for them)."""
    exhibitor = services.create_exhibitor(
        actor=exhibition_staff,
        exhibition=exhibition,
        data={"name": {"ko": "서울런", "en": "Seoul Learn"}, "description": {"ko": "교육"}},
        kind="policy",
    )
    page = client_for(exhibition_staff).get(
        url("exhibitions:manage-exhibitor", exhibition, exhibitor_id=exhibitor.pk)
    )
    assert page.status_code == 200 and "Seoul Learn" in page.content.decode()
    assert "None" not in page.content.decode()
