"""In a real browser: staff run the optimal assignment; a judge scores one application
(autosaved), goes to the next, abstains on another with a reason, and cannot open an
application that is not theirs; staff see the results and shortlist."""

import pytest
from playwright.sync_api import expect

from summitry.judging.models import Assignment, Score
from tests.judging.support import make_application, make_judge, make_round, setup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def english_page(browser):
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture
def staff_page(browser):
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


JUDGE_PASSWORD = "correct horse battery staple"


def sign_in(page, base, username, password=JUDGE_PASSWORD):
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("form.stacked button[type=submit]").click()


def test_assignment_scoring_abstaining_and_results(
    page, english_page, staff_page, live_server, organiser, screenshot
):
    base = live_server.url
    award, (people, leadership), apps, (ana, ben, cho, dev) = setup()
    apps += [make_application(award, people, n) for n in range(7, 13)]
    make_judge(award, "eun", city="Jeonju", expertise=("leadership", "people-centric"))
    round = make_round(award, k=2, max_load=6)

    # Staff run the assignment and look at the matrix.
    sign_in(staff_page, base, "organiser", "summitry-demo")
    staff_page.goto(f"{base}/smart/manage/judging/rounds/{round.pk}/")
    staff_page.get_by_role("button", name="Run the assignment").click()
    expect(staff_page.locator(".messages")).to_contain_text("Judges are assigned")
    expect(staff_page.locator("table.matrix td.assigned")).to_have_count(24)
    # Ana (Seoul) is in conflict with the Seoul applicant: refused by hand too.
    seoul_row = staff_page.locator("table.matrix tbody tr").first
    expect(seoul_row.locator("td.conflict")).to_have_count(1)
    co_judge = Assignment.objects.filter(round=round, application=apps[0]).first().judge
    staff_page.locator("#id_kind").select_option("replace")
    staff_page.locator("#id_application").select_option(str(apps[0].pk))
    staff_page.locator("#id_judge").select_option(str(co_judge.pk))
    staff_page.locator("#id_new_judge").select_option(str(ana.pk))
    staff_page.get_by_role("button", name="Check and apply").click()
    expect(staff_page.locator(".form-errors")).to_contain_text("conflict of interest")
    screenshot(staff_page, "judging-assignment-matrix")

    mine = list(
        Assignment.objects.filter(round=round, judge=ana).order_by(
            "application__reference", "application__pk"
        )
    )
    first, second = mine[0], mine[1]
    impact, feasibility = round.criteria.all()

    # The judge (Korean browser) opens the dashboard and the first application.
    sign_in(page, base, "ana")
    page.goto(f"{base}/smart/judging/")
    page.locator(f"a[href$='/applications/{first.application_id}/']").click()
    expect(page.locator("h1")).to_have_text(first.application.title_ko)
    page.locator(f"#criterion-{impact.pk}").select_option("8")
    expect(page.locator("#save-status .save-ok")).to_be_visible()
    page.locator(f"#criterion-{feasibility.pk}").select_option("4")
    # Leaving the comment box autosaves it. Wait for that save: the test database shares one
    # SQLite connection between the live server's threads, so two requests must not overlap.
    page.locator("#id_comment").fill("Clear results, well measured.")
    with page.expect_response(lambda r: "measured" in (r.request.post_data or "")):
        page.locator("#id_comment").press("Tab")
    expect(page.locator("#save-status")).to_contain_text("76.85")
    assert Score.objects.get(assignment=first).comment == "Clear results, well measured."
    score = Score.objects.get(assignment=first)
    assert score.value == pytest.approx(76.85)
    screenshot(page, "judging-score-ko")

    # Next, then abstain with a reason.
    page.locator("button[name=go][value=next]").click()
    expect(page.locator("h1")).to_have_text(second.application.title_ko)
    page.locator("details.side-action summary").first.click()
    page.locator("#id_abstain_reason").fill("I advised this city last year.")
    page.locator("button[name=action][value=abstain]").click()
    expect(page.locator(".abstained")).to_contain_text("I advised this city last year.")
    assert Score.objects.get(assignment=second).abstained

    # Not assigned (or in conflict): not found.
    others = [a for a in apps if a.pk not in {m.application_id for m in mine}]
    response = page.goto(f"{base}/smart/judging/rounds/{round.pk}/applications/{others[0].pk}/")
    assert response.status == 404
    response = page.goto(f"{base}/smart/judging/rounds/{round.pk}/applications/{apps[0].pk}/")
    assert response.status == 404

    # The same page in English, for the second judge.
    other = Assignment.objects.filter(round=round, judge=ben).first()
    sign_in(english_page, base, "ben")
    english_page.goto(
        f"{base}/smart/judging/rounds/{round.pk}/applications/{other.application_id}/"
    )
    expect(english_page.locator("#score-title")).to_have_text("My score")
    english_page.locator(f"#criterion-{impact.pk}").select_option("6")
    expect(english_page.locator("#save-status .save-ok")).to_be_visible()
    screenshot(english_page, "judging-score-en")

    # Staff see the results and shortlist.
    staff_page.goto(f"{base}/smart/manage/judging/rounds/{round.pk}/results/")
    expect(staff_page.locator("h1")).to_contain_text("results")
    expect(staff_page.locator("table.results").first).to_contain_text("76.85")
    staff_page.locator("#id_shortlist-threshold").fill("50")
    staff_page.get_by_role("button", name="Shortlist", exact=True).click()
    expect(staff_page.locator(".messages")).to_contain_text("Shortlisted: ")
    expect(staff_page.locator("tr.shortlisted")).not_to_have_count(0)
    screenshot(staff_page, "judging-results")
