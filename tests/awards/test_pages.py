"""The award pages: public award and winners, the applicant's form and files, staff overview,
screening, export and certificates; each permission both ways."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from summitry.awards import services
from summitry.awards.models import Application, Award
from tests.factories import OrganisationFactory

from .conftest import draft, q, submitted

BASE = "/ssc/awards/prize"


def client_for(user=None) -> Client:
    client = Client(headers={"Accept-Language": "en"})
    if user is not None:
        client.force_login(user)
    return client


def test_the_public_award_page_shows_categories_dates_and_how_to_apply(award):
    response = client_for().get(f"{BASE}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Smart City Prize" in html
    assert "People-centric" in html
    assert "Asia/Seoul" in html
    assert f"{BASE}/sign-up/" in html


def test_an_unknown_award_is_404(award):
    assert client_for().get("/ssc/awards/nothing/").status_code == 404


def test_sign_up_creates_an_account_and_leads_to_the_form(award):
    client = client_for()
    response = client.post(
        f"{BASE}/sign-up/",
        {
            "name": "Aroha",
            "email": "Aroha@Wellington.example",
            "password": "a sturdy passphrase 2023",
            "password_again": "a sturdy passphrase 2023",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"{BASE}/apply/"
    assert client.get(f"{BASE}/apply/").status_code == 200


def test_starting_an_application_in_the_page(award, people_centric, applicant):
    client = client_for(applicant)
    response = client.post(
        f"{BASE}/apply/",
        {
            "category": people_centric.pk,
            "applicant_kind": "city",
            "applicant_name": "Busan",
            "city": "Busan",
            "country": "KR",
            "title_ko": "안심 귀갓길",
            "title_en": "",
            "language": "ko",
        },
    )
    application = Application.objects.get()
    assert response["Location"] == f"{BASE}/applications/{application.pk}/"
    assert application.applicant == applicant


def test_a_title_in_one_language_is_needed(award, people_centric, applicant):
    response = client_for(applicant).post(
        f"{BASE}/apply/",
        {
            "category": people_centric.pk,
            "applicant_kind": "city",
            "applicant_name": "Busan",
            "country": "KR",
            "language": "ko",
        },
    )
    assert response.status_code == 200
    assert "Give the title in Korean or in English." in response.content.decode()
    assert not Application.objects.exists()


def _form_data(award, application, **answers):
    data = {
        "details-applicant_kind": application.applicant_kind,
        "details-applicant_name": application.applicant_name,
        "details-city": application.city,
        "details-country": str(application.country),
        "details-title_ko": application.title_ko,
        "details-title_en": application.title_en,
        "details-language": application.language,
        "action": "save",
    }
    data.update(answers)
    return data


def test_save_draft_then_submit_in_the_page(award, people_centric, applicant):
    application = draft(award, people_centric, applicant)
    client = client_for(applicant)
    url = f"{BASE}/applications/{application.pk}/"
    data = _form_data(
        award,
        application,
        **{
            f"answers-q{q(award, 'Summary').pk}": "Safe walks home",
            f"answers-q{q(award, 'Field').pk}": "mobility",
        },
    )
    assert client.post(url, data).status_code == 302
    assert application.answers.count() == 2
    data[f"answers-q{q(award, 'Brochure').pk}"] = SimpleUploadedFile(
        "plan.pdf", b"%PDF-1.4 x", "application/pdf"
    )
    data["action"] = "submit"
    response = client.post(url, data)
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.reference) == ("submitted", "SSCP-0001")
    page = client.get(url).content.decode()
    assert "SSCP-0001" in page
    assert 'value="submit"' not in page  # no more editing


def test_submitting_an_incomplete_form_shows_what_is_missing(award, people_centric, applicant):
    application = draft(award, people_centric, applicant)
    data = _form_data(award, application, action="submit")
    response = client_for(applicant).post(f"{BASE}/applications/{application.pk}/", data)
    assert response.status_code == 200
    assert "This question needs an answer before you submit." in response.content.decode()
    application.refresh_from_db()
    assert application.status == "draft"


def test_a_late_submission_in_the_page_is_refused(award, people_centric, applicant):
    application = draft(award, people_centric, applicant)
    Award.objects.filter(pk=award.pk).update(closes_at=timezone.now())
    response = client_for(applicant).post(
        f"{BASE}/applications/{application.pk}/", _form_data(award, application, action="submit")
    )
    assert response.status_code == 200
    assert "Applications are closed." in response.content.decode()
    application.refresh_from_db()
    assert application.status == "draft"


def test_an_applicant_sees_only_their_own_application(
    award, people_centric, applicant, other_applicant, organiser
):
    mine = submitted(award, people_centric, applicant)
    file_answer = mine.answers.exclude(file="").get()
    urls = [
        f"{BASE}/applications/{mine.pk}/",
        f"{BASE}/applications/{mine.pk}/files/{file_answer.pk}",
    ]
    for url in urls:
        assert client_for(applicant).get(url).status_code == 200
        assert client_for(organiser).get(url).status_code == 200
        assert client_for(other_applicant).get(url).status_code == 404
        assert client_for().get(url).status_code == 302  # to sign in
    assert (
        client_for(other_applicant).post(f"{BASE}/applications/{mine.pk}/withdraw/").status_code
        == 404
    )
    mine.refresh_from_db()
    assert mine.status == "submitted"
    listing = client_for(other_applicant).get("/accounts/applications/").content.decode()
    assert "SSCP-0001" not in listing
    assert "SSCP-0001" in client_for(applicant).get("/accounts/applications/").content.decode()


def test_the_file_is_served_as_a_download(award, people_centric, applicant):
    application = submitted(award, people_centric, applicant)
    answer = application.answers.exclude(file="").get()
    response = client_for(applicant).get(f"{BASE}/applications/{application.pk}/files/{answer.pk}")
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"


def test_withdrawing_in_the_page(award, people_centric, applicant):
    application = submitted(award, people_centric, applicant)
    url = f"{BASE}/applications/{application.pk}/withdraw/"
    # Without JavaScript the page asks first, naming what will happen; nothing changes yet.
    asked = client_for(applicant).post(url)
    assert asked.status_code == 200
    assert "no longer considered" in asked.content.decode()
    application.refresh_from_db()
    assert application.status == "submitted"
    response = client_for(applicant).post(url, {"confirmed": "1"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "withdrawn"


def test_staff_overview_filters_and_export(
    award, people_centric, leadership, applicant, other_applicant, organiser
):
    submitted(award, people_centric, applicant)
    draft(award, leadership, other_applicant, applicant_name="Leader City")
    client = client_for(organiser)
    page = client.get("/ssc/manage/awards/prize/").content.decode()
    assert "Wellington City Council" in page and "Leader City" in page
    filtered = client.get("/ssc/manage/awards/prize/?status=draft").content.decode()
    assert "Leader City" in filtered and "SSCP-0001" not in filtered
    by_category = client.get(f"/ssc/manage/awards/prize/?category={leadership.pk}").content.decode()
    assert "Leader City" in by_category and "Wellington City Council" not in by_category
    response = client.get("/ssc/manage/awards/prize/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("reference", "category", "sub_category")
    by_reference = {row[0]: row for row in rows[1:]}
    assert by_reference["SSCP-0001"][:3] == ("SSCP-0001", "Project", "People-centric")
    assert by_reference[None][1:3] == ("Leadership", None)
    assert len(rows) == 3


@pytest.mark.parametrize("who", ["applicant", "anonymous"])
def test_others_cannot_manage(award, applicant, who):
    client = client_for(applicant if who == "applicant" else None)
    for url in ("/ssc/manage/awards/prize/", "/ssc/manage/awards/prize/export.xlsx"):
        assert client.get(url).status_code == (404 if who == "applicant" else 302)


def test_staff_screen_in_the_page_and_the_applicant_sees_the_reason(
    award, people_centric, applicant, organiser
):
    application = submitted(award, people_centric, applicant)
    url = f"{BASE}/applications/{application.pk}/screen/"
    assert client_for(applicant).post(url, {"eligibility": "eligible"}).status_code == 403
    client_for(organiser).post(
        url, {"eligibility": "ineligible", "reason_en": "Project not yet started", "reason_ko": ""}
    )
    application.refresh_from_db()
    assert application.eligibility == "ineligible"
    page = client_for(applicant).get(f"{BASE}/applications/{application.pk}/").content.decode()
    assert "Project not yet started" in page


def test_ineligible_without_reason_changes_nothing(award, people_centric, applicant, organiser):
    application = submitted(award, people_centric, applicant)
    client_for(organiser).post(
        f"{BASE}/applications/{application.pk}/screen/", {"eligibility": "ineligible"}
    )
    application.refresh_from_db()
    assert application.eligibility == "pending"


def _winner(award, project, people_centric, applicant, organiser):
    application = submitted(award, people_centric, applicant)
    services.screen(actor=organiser, application=application, eligibility="eligible")
    return services.set_winners(
        actor=organiser,
        category=project,
        entries=[(application, {"en": "Grand prize", "ko": "대상"}, 1)],
    )[0]


def test_winners_are_hidden_until_published(
    award, project, people_centric, applicant, other_applicant, organiser
):
    winner = _winner(award, project, people_centric, applicant, organiser)
    certificate = f"{BASE}/winners/{winner.pk}/certificate.pdf"
    for client in (client_for(), client_for(applicant)):
        assert "Grand prize" not in client.get(f"{BASE}/").content.decode()
        assert "Grand prize" not in client.get(f"{BASE}/winners/").content.decode()
        assert (
            "Grand prize"
            not in client.get(f"{BASE}/applications/{winner.application.pk}/").content.decode()
        )
    assert client_for(applicant).get(certificate).status_code == 404
    assert client_for(organiser).get(certificate).status_code == 200
    assert "Grand prize" in client_for(organiser).get(f"{BASE}/winners/").content.decode()

    award.results_published_at = timezone.now() - datetime.timedelta(seconds=1)
    award.save()
    assert "Grand prize" in client_for().get(f"{BASE}/").content.decode()
    assert "Grand prize" in client_for().get(f"{BASE}/winners/").content.decode()
    response = client_for(applicant).get(certificate)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert client_for(other_applicant).get(certificate).status_code == 404
    assert client_for().get(certificate).status_code == 302


def test_a_city_that_won_is_named_in_the_readers_language(
    award, project, people_centric, applicant, organiser
):
    """A city in the directory is named as each page's reader reads it (it typed "대구시"
    on its form: English pages must not show Hangul)."""
    daegu = OrganisationFactory(
        slug="daegu", kind="city", name_en="Daegu City", name_ko="대구시", country="KR"
    )
    winner = _winner(award, project, people_centric, applicant, organiser)
    Application.objects.filter(pk=winner.application_id).update(
        organisation=daegu, applicant_name="대구시", city="대구"
    )
    award.results_published_at = timezone.now() - datetime.timedelta(seconds=1)
    award.save()
    english = client_for().get(f"{BASE}/winners/").content.decode()
    assert "Daegu City" in english and "대구" not in english
    korean = Client(headers={"Accept-Language": "ko"}).get(f"{BASE}/winners/").content.decode()
    assert "대구시" in korean


def test_staff_set_up_the_award_in_the_back_office(award, organiser, applicant):
    client = client_for(organiser)
    assert client.get("/admin/awards/award/add/").status_code == 200
    page = client.get(f"/admin/awards/award/{award.pk}/change/").content.decode()
    assert "name_ko" in page and "name_en" in page  # both languages side by side
    assert "People-centric" in page  # categories inline
    assert client_for(applicant).get("/admin/awards/award/add/").status_code == 302


def test_an_applicant_gets_an_api_token_for_their_own_applications(
    award, people_centric, applicant, other_applicant
):
    import re

    from tests.conftest import ApiClient

    mine = draft(award, people_centric, applicant)
    theirs = draft(award, people_centric, other_applicant)
    page = client_for(applicant).post("/accounts/applications/").content.decode()
    secret = re.search(r"<code>([^<]+)</code>", page).group(1)
    api = ApiClient(secret)
    listed = api.get("/summits/ssc/awards/prize/applications").json()
    assert [a["id"] for a in listed] == [mine.pk]
    assert api.get(f"/summits/ssc/awards/prize/applications/{theirs.pk}").status_code == 404
    assert client_for().post("/accounts/applications/").status_code == 302


def test_the_export_keeps_a_formula_like_value_as_text(award, people_centric, applicant, organiser):
    submitted(award, people_centric, applicant, applicant_name='=HYPERLINK("http://x.example")')
    response = client_for(organiser).get("/ssc/manage/awards/prize/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    cell = sheet[2][header.index("applicant")]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (
        '=HYPERLINK("http://x.example")',
        "s",
        True,
    )


def test_a_large_applications_export_runs_in_the_background(
    award, people_centric, applicant, organiser, settings
):
    from summitry.core.models import Run
    from summitry.core.tokens import issue_token
    from tests.conftest import ApiClient

    settings.SUMMITRY_EXPORT_INLINE_ROWS = 0
    submitted(award, people_centric, applicant)
    client = client_for(organiser)
    started = client.get("/ssc/manage/awards/prize/export.xlsx")
    run = Run.objects.get(kind="export:awards.applications")
    assert started["Location"] == f"/ssc/manage/exports/{run.pk}/"
    assert run.progress["params"] == {"award": "prize"}
    download = client.get(f"/ssc/manage/exports/{run.pk}/file/")
    assert download["Content-Disposition"] == 'attachment; filename="prize-applications.xlsx"'
    rows = list(load_workbook(io.BytesIO(b"".join(download.streaming_content))).active.values)
    assert rows[1][0] == "SSCP-0001" and len(rows) == 2
    api = ApiClient(issue_token(user=organiser, name="t")[1])
    wrong = api.post(
        "/summits/ssc/exports", {"export": "awards.applications", "params": {"award": "nope"}}
    )
    assert wrong.status_code == 400
    assert wrong.json()["errors"] == {"award": ["This summit has no such award."]}
    assert client_for(applicant).get(f"/ssc/manage/exports/{run.pk}/file/").status_code == 404
