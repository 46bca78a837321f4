"""Press coverage entered by staff, in the report's PDF and XLSX; the summit's public report
page (the latest published report, its charts and coverage), cached for anonymous visitors and
stale as soon as a report is rebuilt or published; the press badge category an approved
journalist gets from check-in."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from summitry.checkin import services as checkin
from summitry.checkin.models import AccreditationCategory
from summitry.delegations.models import Delegation
from summitry.press import report, services
from summitry.press.models import Accreditation, PressCoverage, SummitReport
from tests.factories import OrganisationFactory, UserFactory
from tests.images import png_upload

pytestmark = pytest.mark.django_db
DAY = datetime.date(2030, 9, 25)


def article(summit, organiser, outlet="Seoul Daily", **extra) -> PressCoverage:
    data = {
        "outlet": outlet,
        "headline": "서울, 스마트시티 협력 강화",
        "published_on": DAY,
        "url": "https://news.example.org/1",
        "language": "ko",
        "reach": 12000,
        **extra,
    }
    return report.add_coverage(actor=organiser, summit=summit, data=data)


@pytest.fixture
def world(summit):
    for slug, region in (("wellington", "oceania"), ("hanoi", "asia")):
        Delegation.objects.create(
            summit=summit,
            organisation=OrganisationFactory(slug=slug, country="NZ", region=region),
            status="confirmed",
        )


def built(summit, organiser) -> SummitReport:
    found = report.request(actor=organiser, summit=summit)
    found.refresh_from_db()
    return found


def en(user=None) -> Client:
    client = Client(headers={"Accept-Language": "en"})
    if user is not None:
        client.force_login(user)
    return client


def test_coverage_goes_into_the_pdf_and_the_xlsx(summit, organiser, world):
    article(summit, organiser)
    article(summit, organiser, outlet="Korea Herald", headline="Cities meet", language="en")
    found = built(summit, organiser)
    assert [row["outlet"] for row in found.figures["coverage"]] == ["Korea Herald", "Seoul Daily"]
    text = " ".join(page.extract_text() for page in PdfReader(found.pdf.open("rb")).pages)
    assert "Seoul Daily" in text and "Korea Herald" in text
    assert "Press coverage" in text and "언론 보도" in text
    book = load_workbook(io.BytesIO(found.xlsx.open("rb").read()))
    rows = list(book["Press coverage"].iter_rows(values_only=True))
    assert rows[1][1:5] == ("Korea Herald", "Cities meet", "en", 12000)
    figures = {r[1]: r[2] for r in book["Figures"].iter_rows(min_row=2, values_only=True)}
    assert figures["Press coverage: reach"] == 24000


def test_bad_coverage_is_refused_with_reasons(summit, organiser, no_perm):
    with pytest.raises(ValidationError) as error:
        article(summit, organiser, outlet=" ", language="korean", reach=-1, published_on=None)
    assert set(error.value.message_dict) == {"outlet", "language", "reach", "published_on"}
    with pytest.raises(PermissionDenied):
        article(summit, no_perm)
    assert not PressCoverage.objects.exists()
    staff = en(organiser)
    url = reverse("press:coverage", args=[summit.slug])
    page = staff.post(
        url, {"outlet": "X", "headline": "Y", "published_on": "2030-09-25", "language": "korean"}
    ).content.decode()
    assert "Give the language as a code, for example ko, en, ja." in page
    assert en(no_perm).get(url).status_code == 403
    assert not PressCoverage.objects.exists()
    staff.post(
        url,
        {
            "outlet": "X",
            "headline": "Y",
            "published_on": "2030-09-25",
            "language": "ja",
            "url": "https://example.org/a",
        },
    )
    row = PressCoverage.objects.get()
    remove = reverse("press:coverage-remove", args=[summit.slug, row.pk])
    assert en(no_perm).post(remove, {"confirmed": "1"}).status_code == 403
    assert staff.post(remove).status_code == 200  # asks first
    staff.post(remove, {"confirmed": "1"})
    assert not PressCoverage.objects.exists()


def test_the_public_page_shows_the_published_report_cached_and_fresh(summit, organiser, world):
    url = reverse("press:report", args=[summit.slug])
    assert en().get(url).status_code == 404  # nothing published
    article(summit, organiser)
    first = built(summit, organiser)
    assert en().get(url).status_code == 404  # built, not published
    report.publish(actor=organiser, found=first)

    visitor = en()
    page = visitor.get(url)
    assert page.status_code == 200 and page["X-Summitry-Cache"] == "miss"
    html = page.content.decode()
    assert "Seoul Daily" in html and "<svg" in html and "Delegations by region" in html
    assert visitor.get(url)["X-Summitry-Cache"] == "hit"
    assert "public" in page["Cache-Control"]
    press_page = visitor.get(reverse("press:index", args=[summit.slug])).content.decode()
    assert f'href="{url}"' in press_page  # the press page links to it

    # A new article shows once the report is rebuilt and published: the cached page is stale.
    article(summit, organiser, outlet="Korea Herald")
    second = built(summit, organiser)
    report.publish(actor=organiser, found=second)
    again = visitor.get(url)
    assert again["X-Summitry-Cache"] == "miss"
    assert "Korea Herald" in again.content.decode()
    # Taken off: the page is gone (the first one is still published, so it shows that).
    report.publish(actor=organiser, found=second, public=False)
    assert "Korea Herald" not in visitor.get(url).content.decode()
    report.publish(actor=organiser, found=first, public=False)
    assert visitor.get(url).status_code == 404


def test_only_staff_publish_and_only_a_ready_report(summit, organiser, no_perm, world):
    waiting = SummitReport.objects.create(summit=summit)
    with pytest.raises(ValidationError):
        report.publish(actor=organiser, found=waiting)
    found = built(summit, organiser)
    with pytest.raises(PermissionDenied):
        report.publish(actor=no_perm, found=found)
    url = reverse("press:report-publish", args=[summit.slug, found.pk])
    assert en(no_perm).post(url).status_code == 403
    found.refresh_from_db()
    assert found.published_at is None
    en(organiser).post(url)
    found.refresh_from_db()
    assert found.published_at is not None
    off = en(organiser).post(url, {"public": "0"})
    assert off.status_code == 200  # asks first
    found.refresh_from_db()
    assert found.published_at is not None


# --- the press category of check-in --------------------------------------------------------------


def apply(summit, username):
    user = UserFactory(username=username)
    return services.apply_for_accreditation(
        actor=user,
        summit=summit,
        data={"name": username, "outlet": "Daily", "role": "reporter", "country": "KR"},
        press_card=png_upload(),
    )


def test_approval_gives_the_summits_press_category(summit, organiser):
    own = checkin.create_category(
        actor=organiser, summit=summit, name={"ko": "취재진", "en": "Media"}, colour="#15803d"
    )
    found = apply(summit, "first")
    services.decide_accreditation(actor=organiser, accreditation=found, approve=True)
    found.refresh_from_db()
    assert found.category == own
    # Refused after all: no category any more.
    services.decide_accreditation(
        actor=organiser, accreditation=found, approve=False, reason={"ko": "", "en": "No card"}
    )
    found.refresh_from_db()
    assert found.category is None


def test_without_a_press_category_one_is_made_once(summit, organiser):
    for name in ("one", "two"):
        services.decide_accreditation(
            actor=organiser, accreditation=apply(summit, name), approve=True
        )
    (category,) = AccreditationCategory.objects.filter(summit=summit)
    assert (category.name_ko, category.name_en) == ("취재진", "Press")
    assert set(Accreditation.objects.values_list("category", flat=True)) == {category.pk}


def test_the_journalist_sees_the_badge_category(summit, organiser):
    found = apply(summit, "third")
    services.decide_accreditation(actor=organiser, accreditation=found, approve=True)
    page = en(found.user).get(reverse("press:accreditation", args=[summit.slug]))
    assert "Badge category" in page.content.decode() and "Press" in page.content.decode()
