"""In a real browser: an applicant signs up, fills the form in Korean, saves a draft, attaches a
file and submits; staff screen the application; the public pages before and after the winners
are published, and a winner's certificate."""

from __future__ import annotations

import datetime
import io

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from summitry.awards import services
from summitry.awards.models import Application, Award, Category, Question, QuestionKind
from tests.factories import SummitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def english_page(browser):
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture
def staff_page(browser):
    context = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture
def award(db):
    summit = SummitFactory(
        slug="ssc",
        name_en="Seoul Smart City Prize and Forum 2023",
        name_ko="2023 서울 스마트도시 상 · 서울 스마트시티 포럼",
        time_zone="Asia/Seoul",
    )
    now = timezone.now()
    award = Award.objects.create(
        summit=summit,
        slug="prize",
        name_en="1st Seoul Smart City Prize",
        name_ko="제1회 서울 스마트도시 상",
        description_en="For cities, companies and institutions.",
        description_ko="전 세계 도시, 기업, 기관을 위한 상입니다.",
        reference_prefix="SSCP23",
        opens_at=now - datetime.timedelta(days=30),
        closes_at=now + datetime.timedelta(days=30),
    )
    project = Category.objects.create(award=award, name_en="Project", name_ko="프로젝트")
    Category.objects.create(
        award=award, parent=project, name_en="People-centric", name_ko="사람중심", position=1
    )
    Category.objects.create(
        award=award,
        parent=project,
        name_en="Technology innovation",
        name_ko="기술혁신",
        position=2,
    )
    Category.objects.create(award=award, name_en="Leadership", name_ko="리더십", position=3)
    Category.objects.create(award=award, name_en="Special", name_ko="특별상", position=4)
    Question.objects.create(
        award=award,
        kind=QuestionKind.TEXT,
        label_en="Summary of the work",
        label_ko="사업 요약",
        word_limit=300,
    )
    Question.objects.create(
        award=award,
        kind=QuestionKind.CHOICE,
        label_en="Main field",
        label_ko="주요 분야",
        choices=[{"value": "welfare", "ko": "복지·돌봄", "en": "Welfare and care"}],
        position=1,
    )
    Question.objects.create(
        award=award,
        kind=QuestionKind.FILE,
        label_en="Supporting document (PDF)",
        label_ko="증빙 자료 (PDF)",
        file_types="pdf",
        max_file_mb=10,
        position=2,
    )
    return award


def sign_in(page, base, username, password):
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("form.stacked button[type=submit]").click()


def test_apply_screen_publish_and_certificate(
    page, english_page, staff_page, live_server, organiser, award, screenshot, tmp_path
):
    base = live_server.url
    award_url = f"{base}/ssc/awards/prize/"

    # The public award page in Korean and in English.
    page.goto(award_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("제1회 서울 스마트도시 상")
    expect(page.locator("#categories ~ .cards")).to_contain_text("사람중심")
    screenshot(page, "awards-public-ko")
    english_page.goto(award_url)
    expect(english_page.get_by_role("heading", level=1)).to_have_text("1st Seoul Smart City Prize")
    screenshot(english_page, "awards-public-en")

    # Sign up, start the application in Korean.
    page.locator("a[href='/ssc/awards/prize/sign-up/']").click()
    page.locator("#id_name").fill("김민지")
    page.locator("#id_email").fill("minji@busan.example")
    page.locator("#id_password").fill("a sturdy passphrase 2023")
    page.locator("#id_password_again").fill("a sturdy passphrase 2023")
    page.locator("form.stacked button[type=submit]").click()
    expect(page).to_have_url(f"{base}/ssc/awards/prize/apply/")
    page.locator("#id_category").select_option(label="프로젝트 · 사람중심")
    page.locator("#id_applicant_kind").select_option("city")
    page.locator("#id_applicant_name").fill("부산광역시")
    page.locator("#id_city").fill("부산")
    page.locator("#id_country").select_option("KR")
    page.locator("#id_title_ko").fill("여성 안심 귀갓길 서비스")
    page.locator("#id_language").select_option("ko")
    page.locator("form.stacked button[type=submit]").click()
    application = Application.objects.get()
    expect(page).to_have_url(f"{base}/ssc/awards/prize/applications/{application.pk}/")

    # Answer in Korean and save a draft.
    questions = {q.label_en: q.pk for q in award.questions.all()}
    page.locator(f"#id_answers-q{questions['Summary of the work']}").fill(
        "늦은 밤 귀가하는 시민을 위한 안심 동행 서비스입니다."
    )
    page.locator(f"#id_answers-q{questions['Main field']}").select_option("welfare")
    page.locator("button[name=action][value=save]").click()
    expect(page.locator(".messages")).to_be_visible()
    application.refresh_from_db()
    assert application.status == "draft"
    assert application.answers.count() == 2

    # Attach the file and save again; the attachment is listed for download.
    pdf = tmp_path / "증빙자료.pdf"
    pdf.write_bytes(b"%PDF-1.4\n% sample\n")
    page.locator(f"#id_answers-q{questions['Supporting document (PDF)']}").set_input_files(str(pdf))
    page.locator("button[name=action][value=save]").click()
    expect(page.locator("a", has_text="증빙자료.pdf")).to_be_visible()
    screenshot(page, "awards-applicant-form")

    # Submit: the reference number is shown.
    page.locator("button[name=action][value=submit]").click()
    expect(page.locator(".messages")).to_contain_text("SSCP23-0001")
    expect(page.locator("dl.facts").first).to_contain_text("SSCP23-0001")
    screenshot(page, "awards-applicant-submitted")
    assert page.locator("button[name=action]").count() == 0  # no editing after submitting

    # Staff see it in the overview and screen it.
    sign_in(staff_page, base, "organiser", "summitry-demo")
    staff_page.goto(f"{base}/ssc/manage/awards/prize/")
    expect(staff_page.locator("table.data")).to_contain_text("SSCP23-0001")
    screenshot(staff_page, "awards-staff-overview")
    staff_page.locator("table.data a", has_text="SSCP23-0001").click()
    staff_page.locator("input[name=eligibility][value=eligible]").check()
    staff_page.locator("#screening ~ form button[type=submit]").click()
    expect(staff_page.locator(".messages")).to_be_visible()
    application.refresh_from_db()
    assert application.eligibility == "eligible"

    # Nothing of the results is public before the published time.
    project = Category.objects.get(award=award, name_en="Project")
    winner = services.set_winners(
        actor=organiser,
        category=project,
        entries=[(application, {"ko": "대상", "en": "Grand prize"}, 1)],
    )[0]
    english_page.goto(f"{award_url}winners/")
    expect(english_page.locator("main")).not_to_contain_text("Grand prize")
    # Published through the service, as staff do (the public pages' cache hears of it).
    services.publish_results(
        actor=organiser, award=award, at=timezone.now() - datetime.timedelta(minutes=1)
    )
    # The browser may keep a public page for max-age (30 s); reloading asks the server again,
    # which answers with the new page (its ETag changed).
    english_page.reload()
    expect(english_page.locator(".winner-list")).to_contain_text("Grand prize")
    screenshot(english_page, "awards-winners-en")
    page.goto(award_url)
    expect(page.locator("#winners ~ .winner-group")).to_contain_text("대상")
    screenshot(page, "awards-public-with-winners-ko")

    # The winner's certificate: a PDF for the applicant; its HTML as the browser shows it.
    response = page.request.get(f"{award_url}winners/{winner.pk}/certificate.pdf")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.body())).pages[0].extract_text()
    assert "SSCP23-0001" in text
    assert "부산광역시" in text
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("ko"):
        html = render_to_string(
            "awards/certificate.html",
            {"summit": award.summit, "award": award, "winner": winner},
        )
    page.set_viewport_size({"width": 1123, "height": 794})
    page.goto("about:blank")  # a blank document: the print template's styles are its own
    page.set_content(html)
    screenshot(page, "awards-certificate")
