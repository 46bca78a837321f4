"""The rules of applications, screening and winners, through the services."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from summitry.awards import rules, services
from summitry.awards.models import Application, Award, Eligibility, Winner
from summitry.core.models import OutboundMessage
from tests.api_support import log_entries

from .conftest import complete, draft, q, submitted

MICRO = datetime.timedelta(microseconds=1)


def test_a_draft_is_the_applicants_and_has_no_reference(award, people_centric, applicant):
    application = draft(award, people_centric, applicant)
    assert application.status == "draft"
    assert application.reference == ""
    assert application.title_ko == "시민 참여 플랫폼"
    assert log_entries(Application)[0]["user__username"] == "applicant@example.org"


def test_a_category_with_sub_categories_is_refused(award, project, applicant):
    with pytest.raises(ValidationError) as error:
        draft(award, project, applicant)
    assert "category" in error.value.message_dict
    assert not Application.objects.exists()


def test_kind_and_country_must_be_eligible(award, people_centric, applicant):
    award.eligible_kinds = ["city"]
    award.eligible_countries = ["KR"]
    award.save()
    with pytest.raises(ValidationError) as error:
        draft(award, people_centric, applicant, applicant_kind="company")
    assert set(error.value.message_dict) == {"applicant_kind", "country"}


def test_answers_are_validated_per_question_and_nothing_is_saved(award, people_centric, applicant):
    application = draft(award, people_centric, applicant)
    with pytest.raises(ValidationError) as error:
        services.save_answers(
            actor=applicant,
            application=application,
            answers={
                q(award, "Summary").pk: "one two three four five six",
                q(award, "Field").pk: "unknown",
                q(award, "Budget").pk: "2000",
                q(award, "Website").pk: "not a url",
            },
        )
    messages = error.value.message_dict
    assert messages[f"q{q(award, 'Summary').pk}"] == ["Use at most 5 words (now 6)."]
    assert messages[f"q{q(award, 'Field').pk}"] == ["Choose one of the options."]
    assert messages[f"q{q(award, 'Budget').pk}"] == ["Enter a number of at most 1000.00."]
    assert messages[f"q{q(award, 'Website').pk}"] == [
        "Enter a web address starting with http:// or https://."
    ]
    assert not application.answers.exists()


def test_files_are_limited_by_type_and_size(award, people_centric, applicant):
    application = draft(award, people_centric, applicant)
    brochure = q(award, "Brochure")
    with pytest.raises(ValidationError):
        services.attach_file(
            actor=applicant,
            application=application,
            question=brochure,
            upload=SimpleUploadedFile("virus.exe", b"MZ", "application/octet-stream"),
        )
    with pytest.raises(ValidationError):
        services.attach_file(
            actor=applicant,
            application=application,
            question=brochure,
            upload=SimpleUploadedFile("big.pdf", b"x" * (1024 * 1024 + 1), "application/pdf"),
        )
    assert not application.answers.exists()


def test_submit_needs_required_answers(award, people_centric, applicant):
    application = draft(award, people_centric, applicant)
    with pytest.raises(ValidationError) as error:
        services.submit(actor=applicant, application=application)
    assert len(error.value.message_dict) == 3  # summary, field, brochure
    application.refresh_from_db()
    assert application.status == "draft"


def test_submitting_gives_a_reference_and_an_email_in_the_applicants_language(
    award, people_centric, applicant
):
    application = submitted(award, people_centric, applicant)
    assert application.reference == "SSCP-0001"
    assert application.status == "submitted"
    message = OutboundMessage.objects.get(kind="award-submitted")
    assert message.language == "ko"
    assert message.recipient == "applicant@example.org"
    assert "SSCP-0001" in message.subject
    with translation.override("ko"):
        assert message.subject.startswith(
            translation.gettext("Application received: %(reference)s") % {"reference": "SSCP-0001"}
        )
    assert "스마트도시 상" in message.subject
    assert "SSCP-0001" in mail.outbox[0].body


def test_a_submitted_application_cannot_be_edited_but_can_be_withdrawn(
    award, people_centric, applicant
):
    application = submitted(award, people_centric, applicant)
    with pytest.raises(ValidationError):
        services.update_draft(actor=applicant, application=application, data={"city": "Auckland"})
    with pytest.raises(ValidationError):
        services.save_answers(
            actor=applicant, application=application, answers={q(award, "Summary").pk: "New"}
        )
    services.withdraw(actor=applicant, application=application)
    application.refresh_from_db()
    assert application.status == "withdrawn"
    assert application.city == "Wellington"


def test_only_the_applicant_changes_an_application(
    award, people_centric, applicant, other_applicant, organiser
):
    application = draft(award, people_centric, applicant)
    for intruder in (other_applicant, organiser):
        with pytest.raises(PermissionDenied):
            services.update_draft(actor=intruder, application=application, data={"city": "X"})
        with pytest.raises(PermissionDenied):
            services.withdraw(actor=intruder, application=application)


# --- the deadline: closes_at is the first instant refused -------------------------------------


@pytest.mark.parametrize(
    ("offset", "accepted"),
    [(-MICRO, True), (datetime.timedelta(0), False), (MICRO, False)],
    ids=["one-microsecond-before", "exactly-at-closes-at", "one-microsecond-after"],
)
def test_submission_at_the_deadline(award, people_centric, applicant, offset, accepted):
    application = complete(award, draft(award, people_centric, applicant), applicant)
    at = award.closes_at + offset
    assert rules.is_open(award, at) is accepted
    if accepted:
        services.submit(actor=applicant, application=application, at=at)
        application.refresh_from_db()
        assert application.status == "submitted"
        assert application.submitted_at == at
    else:
        with pytest.raises(ValidationError) as error:
            services.submit(actor=applicant, application=application, at=at)
        assert error.value.messages == ["Applications are closed: the deadline has passed."]
        application.refresh_from_db()
        assert (application.status, application.reference) == ("draft", "")


def test_opening_time_is_the_first_instant_accepted(award):
    assert rules.is_open(award, award.opens_at)
    assert not rules.is_open(award, award.opens_at - MICRO)


def test_a_late_change_is_refused_in_korean(award, people_centric, applicant):
    application = draft(award, people_centric, applicant)
    Award.objects.filter(pk=award.pk).update(
        opens_at=award.opens_at - datetime.timedelta(days=30),
        closes_at=award.opens_at - datetime.timedelta(days=1),
    )
    application.refresh_from_db()
    with translation.override("ko"), pytest.raises(ValidationError) as error:
        services.update_draft(actor=applicant, application=application, data={"city": "Auckland"})
    # The message is said in the active language (its Korean is in the awards catalogue).
    with translation.override("ko"):
        expected = translation.gettext("Applications are closed: the deadline has passed.")
    assert error.value.messages == [expected]


# --- screening ---------------------------------------------------------------------------------


def test_staff_screen_with_a_reason_the_applicant_sees(award, people_centric, applicant, organiser):
    application = submitted(award, people_centric, applicant)
    with pytest.raises(ValidationError):
        services.screen(actor=organiser, application=application, eligibility="ineligible")
    services.screen(
        actor=organiser,
        application=application,
        eligibility="ineligible",
        reason={"en": "Outside the period", "ko": "기간 외 사업"},
    )
    application.refresh_from_db()
    assert application.eligibility == Eligibility.INELIGIBLE
    assert application.eligibility_reason_ko == "기간 외 사업"
    assert application.screened_by == organiser
    entry = LogEntry.objects.filter(object_id=str(application.pk)).latest("pk")
    assert entry.user == organiser
    assert "eligibility" in entry.change_message


def test_applicants_cannot_screen(award, people_centric, applicant):
    application = submitted(award, people_centric, applicant)
    with pytest.raises(PermissionDenied):
        services.screen(actor=applicant, application=application, eligibility="eligible")


def test_drafts_are_not_screened(award, people_centric, applicant, organiser):
    application = draft(award, people_centric, applicant)
    with pytest.raises(ValidationError):
        services.screen(actor=organiser, application=application, eligibility="eligible")


# --- winners -----------------------------------------------------------------------------------


def _eligible(award, category, user, organiser, **overrides):
    application = submitted(award, category, user, **overrides)
    return services.screen(actor=organiser, application=application, eligibility="eligible")


def test_set_winners_replaces_the_categorys_winners_and_is_audited(
    award, project, people_centric, applicant, other_applicant, organiser
):
    first = _eligible(award, people_centric, applicant, organiser)
    second = _eligible(award, people_centric, other_applicant, organiser)
    grand = {"en": "Grand prize", "ko": "대상"}
    winners = services.set_winners(
        actor=organiser, category=project, entries=[(first, grand, 1), (second, {"en": "Merit"}, 2)]
    )
    assert [(w.application, w.rank, w.prize_title_ko) for w in winners] == [
        (first, 1, "대상"),
        (second, 2, ""),
    ]
    services.set_winners(actor=organiser, category=project, entries=[(second, grand, 1)])
    assert list(Winner.objects.values_list("application", "rank")) == [(second.pk, 1)]
    assert [e["action_flag"] for e in log_entries(Winner)] == [1, 1, 3, 3, 1]


def test_set_winners_refuses_ineligible_and_foreign_applications(
    award, people_centric, leadership, applicant, other_applicant, organiser
):
    eligible = _eligible(award, people_centric, applicant, organiser)
    pending = submitted(award, people_centric, other_applicant)
    with pytest.raises(ValidationError) as error:
        services.set_winners(
            actor=organiser,
            category=leadership,
            entries=[(eligible, {"en": "Prize"}, 1), (pending, {}, 0)],
        )
    assert len(error.value.messages) == 5
    assert not Winner.objects.exists()


def test_results_are_public_from_the_published_time(award):
    assert not rules.results_public(award)
    award.results_published_at = award.opens_at
    assert rules.results_public(award, award.opens_at)
    assert not rules.results_public(award, award.opens_at - MICRO)


def test_another_app_can_let_a_user_view_an_application(award, people_centric, applicant):
    from tests.factories import UserFactory

    application = draft(award, people_centric, applicant)
    judge = UserFactory(username="judge")
    assert not rules.may_view_application(judge, application)

    def judges(user, app):
        return user.username == "judge"

    rules.register_viewer_check(judges)
    try:
        assert rules.may_view_application(judge, application)
    finally:
        rules._viewer_checks.remove(judges)


def test_every_step_is_in_the_history(award, people_centric, applicant, organiser):
    from summitry.awards.models import Answer

    application = submitted(award, people_centric, applicant)
    services.screen(actor=organiser, application=application, eligibility="eligible")
    services.withdraw(actor=applicant, application=application)
    history = [
        (e["user__username"], e["action_flag"], e["change_message"])
        for e in log_entries(Application)
    ]
    assert [who for who, _flag, _message in history] == [
        "applicant@example.org",  # started
        "applicant@example.org",  # submitted
        "organiser",  # screened
        "applicant@example.org",  # withdrawn
    ]
    assert "reference" in history[1][2] and "status" in history[1][2]
    assert "eligibility" in history[2][2]
    assert "withdrawn_at" in history[3][2]
    answers = log_entries(Answer)
    assert len(answers) == 3  # summary, field, the file
    assert all(e["user__username"] == "applicant@example.org" for e in answers)
