"""Every write of awards' applications (draft, answers, files, submit, withdraw), screening,
winners and publication of results (the call and applicants' accounts in call.py).

Pages and the API both call these functions, so the rules (who may, the application window,
the form's limits) hold the same everywhere. Each write is validated, atomic and recorded in the
history (core.audit) with the acting user.
"""

from __future__ import annotations

import datetime
import decimal
import re
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from summitry.core import audit, events, mail
from summitry.core import services as core
from summitry.core.bilingual import LANGUAGE_CODES
from summitry.core.images import image_format

from . import rules
from .call import (  # noqa: F401 - also for callers
    add_category,
    add_question,
    create_award,
    issue_applicant_token,
    sign_up,
)
from .models import (
    Answer,
    Application,
    ApplicationStatus,
    Award,
    Category,
    Eligibility,
    Question,
    QuestionKind,
    Winner,
)

# What the applicant fills in about themselves (``title`` as {"ko": …, "en": …}).
IMAGE_EXTENSIONS = {"png", "jpg", "jpeg", "gif", "webp", "tif", "tiff", "bmp"}
APPLICANT_FIELDS = ("applicant_kind", "applicant_name", "city", "country", "title", "language")
_SETTABLE = {f for f in APPLICANT_FIELDS if f != "title"} | {
    f"title_{lang}" for lang in LANGUAGE_CODES
}


def _applicant_data(data: dict[str, Any]) -> dict[str, Any]:
    data = core.flatten_bilingual(dict(data))
    unknown = [name for name in data if name not in _SETTABLE]
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(unknown)})
    return data


def questions_for(category: Category) -> list[Question]:
    """The form of a category: questions for every category, its parent's and its own."""
    wanted = {category.pk, category.parent_id} - {None}
    return [
        q
        for q in category.award.questions.all()
        if q.category_id is None or q.category_id in wanted
    ]


def _check_applicant(award: Award, category: Category, kind: str, country: str) -> None:
    errors: dict[str, list[str]] = {}
    if category.award_id != award.pk:
        errors["category"] = [_("Choose a category of this award.")]
    elif category.children.exists():
        errors["category"] = [_("Choose one of this category's sub-categories.")]
    if award.eligible_kinds and kind not in award.eligible_kinds:
        errors["applicant_kind"] = [_("This award does not accept applications of this kind.")]
    if award.eligible_countries and str(country) not in award.eligible_countries:
        errors["country"] = [_("This award does not accept applications from this country.")]
    if errors:
        raise ValidationError(errors)


# --- applications (the applicant) -------------------------------------------------------------


@transaction.atomic
def start_application(
    *, actor, award: Award, category: Category, data: dict[str, Any]
) -> Application:
    """A new draft of ``actor`` for a category; ``data`` holds the APPLICANT_FIELDS
    (``title`` as ``{"ko": …, "en": …}``)."""
    if actor is None or not actor.is_authenticated:
        raise ValidationError(_("Sign in to apply."))
    rules.require_open(award)
    data = _applicant_data(data)
    _check_applicant(award, category, data.get("applicant_kind", ""), data.get("country", ""))
    application = Application(award=award, category=category, applicant=actor, **data)
    return core.create(actor=actor, instance=application)


@transaction.atomic
def update_draft(
    *,
    actor,
    application: Application,
    data: dict[str, Any] | None = None,
    answers: dict[int, Any] | None = None,
) -> Application:
    """Change a draft: its applicant details (``data``) and answers (question id → value)."""
    rules.require_applicant(actor, application)
    application = Application.objects.select_for_update().get(pk=application.pk)
    _require_draft(application)
    rules.require_open(application.award)
    if data:
        data = _applicant_data(data)
        kind = data.get("applicant_kind", application.applicant_kind)
        country = data.get("country", application.country)
        _check_applicant(application.award, application.category, kind, country)
        core.update(actor=actor, instance=application, changes=data)
    if answers:
        save_answers(actor=actor, application=application, answers=answers)
    return application


def _require_draft(application: Application) -> None:
    if application.status != ApplicationStatus.DRAFT:
        raise ValidationError(
            _("Only a draft can be changed; this application is %(status)s.")
            % {"status": application.get_status_display()}
        )


def _question_of(application: Application, question_id) -> Question:
    for question in questions_for(application.category):
        if str(question.pk) == str(question_id):
            return question
    raise ValidationError(_("This question is not part of this application's form."))


def word_count(text: str) -> int:
    return len(re.findall(r"\S+", text or ""))


def clean_answer(question: Question, value: Any) -> dict[str, Any]:
    """The answer's stored fields for a value, or a ValidationError saying what is wrong."""
    if question.kind == QuestionKind.FILE:
        raise ValidationError(_("Attach a file to answer this question."))
    if value is None or str(value).strip() == "":
        return {"text": "", "number": None}
    if question.kind == QuestionKind.TEXT:
        text = str(value).strip()
        if question.word_limit and word_count(text) > question.word_limit:
            raise ValidationError(
                _("Use at most %(limit)s words (now %(count)s).")
                % {"limit": question.word_limit, "count": word_count(text)}
            )
        return {"text": text, "number": None}
    if question.kind == QuestionKind.CHOICE:
        allowed = [c.get("value") for c in question.choices]
        if str(value) not in allowed:
            raise ValidationError(_("Choose one of the options."))
        return {"text": str(value), "number": None}
    if question.kind == QuestionKind.NUMBER:
        try:
            number = decimal.Decimal(str(value).replace(",", "").strip())
        except decimal.InvalidOperation:
            raise ValidationError(_("Enter a number.")) from None
        if not number.is_finite():
            raise ValidationError(_("Enter a number."))
        if question.min_value is not None and number < question.min_value:
            raise ValidationError(
                _("Enter a number of at least %(min)s.") % {"min": question.min_value}
            )
        if question.max_value is not None and number > question.max_value:
            raise ValidationError(
                _("Enter a number of at most %(max)s.") % {"max": question.max_value}
            )
        return {"text": "", "number": number.quantize(decimal.Decimal("0.01"))}
    # URL
    text = str(value).strip()
    try:
        URLValidator(schemes=["http", "https"])(text)
    except ValidationError:
        raise ValidationError(_("Enter a web address starting with http:// or https://.")) from None
    return {"text": text, "number": None}


@transaction.atomic
def save_answers(*, actor, application: Application, answers: dict[Any, Any]) -> None:
    """Save answers of a draft (question id → value); every problem is reported per question,
    and nothing is saved if one answer is wrong."""
    rules.require_applicant(actor, application)
    _require_draft(application)
    rules.require_open(application.award)
    cleaned: list[tuple[Question, dict[str, Any]]] = []
    errors: dict[str, list[str]] = {}
    for question_id, value in answers.items():
        try:
            question = _question_of(application, question_id)
            cleaned.append((question, clean_answer(question, value)))
        except ValidationError as error:
            errors[f"q{question_id}"] = error.messages
    if errors:
        raise ValidationError(errors)
    for question, fields in cleaned:
        answer = Answer.objects.filter(application=application, question=question).first()
        empty = fields["text"] == "" and fields["number"] is None
        if answer is None and empty:
            continue
        if answer is None:
            core.create(
                actor=actor, instance=Answer(application=application, question=question, **fields)
            )
        elif (answer.text, answer.number) != (fields["text"], fields["number"]):
            core.update(actor=actor, instance=answer, changes=fields)


@transaction.atomic
def attach_file(*, actor, application: Application, question: Question, upload) -> Answer:
    """Attach (or replace) the file answering a file question, within its type and size limits.
    Files are stored under MEDIA_ROOT, which has no URL: only the download view serves them."""
    rules.require_applicant(actor, application)
    _require_draft(application)
    rules.require_open(application.award)
    question = _question_of(application, question.pk)
    if question.kind != QuestionKind.FILE:
        raise ValidationError(_("This question does not take a file."))
    name = PurePath(upload.name or "").name
    extension = PurePath(name).suffix.lower().lstrip(".")
    allowed = [t.strip().lower().lstrip(".") for t in question.file_types.split(",") if t.strip()]
    if allowed and extension not in allowed:
        raise ValidationError(
            {
                f"q{question.pk}": [
                    _("Attach a file of type %(types)s.") % {"types": ", ".join(allowed)}
                ]
            }
        )
    if upload.size > question.max_file_mb * 1024 * 1024:
        raise ValidationError(
            {
                f"q{question.pk}": [
                    _("The file is larger than %(mb)s MB.") % {"mb": question.max_file_mb}
                ]
            }
        )
    if upload.size == 0:
        raise ValidationError({f"q{question.pk}": [_("The file is empty.")]})
    if extension in IMAGE_EXTENSIONS:
        # Staff open what applicants send: an image must be one, and not a decompression bomb.
        try:
            image_format(upload)
        except ValidationError as error:
            raise ValidationError({f"q{question.pk}": error.messages}) from error
    answer = Answer.objects.filter(application=application, question=question).first()
    if answer is None:
        answer = Answer(application=application, question=question)
    elif answer.file:
        answer.file.delete(save=False)
    answer.file.save(f"{application.pk}-{question.pk}.{extension}", upload, save=False)
    answer.file_name = name[:200]
    action = "changed" if answer.pk else "added"
    core.validate(answer)
    answer.save()
    audit.record(actor=actor, obj=answer, action=action, fields=["file"])
    return answer


def missing_answers(application: Application) -> list[Question]:
    answered = {
        a.question_id
        for a in application.answers.all()
        if a.text.strip() or a.number is not None or a.file
    }
    return [q for q in questions_for(application.category) if q.required and q.pk not in answered]


def _next_reference(award: Award) -> str:
    taken = Application.objects.filter(award=award).exclude(reference="").count()
    number = taken + 1
    while True:
        reference = f"{award.reference_prefix}-{number:04d}"
        if not Application.objects.filter(award=award, reference=reference).exists():
            return reference
        number += 1


@transaction.atomic
def submit(*, actor, application: Application, at: datetime.datetime | None = None) -> Application:
    """Submit a complete draft before the deadline: it gets a reference number and the
    applicant an e-mail with it, in the application's language. It cannot be edited afterwards."""
    rules.require_applicant(actor, application)
    award = Award.objects.select_for_update().get(pk=application.award_id)
    application = Application.objects.select_for_update().get(pk=application.pk)
    _require_draft(application)
    at = at or timezone.now()
    rules.require_open(award, at)
    missing = missing_answers(application)
    if missing:
        raise ValidationError(
            {f"q{q.pk}": [_("This question needs an answer before you submit.")] for q in missing}
        )
    application.reference = _next_reference(award)
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = at
    core.validate(application)
    application.save()
    audit.record(
        actor=actor,
        obj=application,
        action="changed",
        fields=["status", "reference", "submitted_at"],
    )
    if actor.email:
        mail.send(
            summit=award.summit,
            recipient=actor.email,
            language=application.language,
            template="awards/email/submitted",
            context={"application": application, "award": award},
            kind="award-submitted",
        )
    events.emit(award.summit_id, "application.submitted", application)
    return application


@transaction.atomic
def withdraw(*, actor, application: Application) -> Application:
    """The applicant withdraws a draft or a submitted application (it stays on record)."""
    rules.require_applicant(actor, application)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status == ApplicationStatus.WITHDRAWN:
        raise ValidationError(_("This application is withdrawn already."))
    if application.wins.exists():
        raise ValidationError(_("A winning application cannot be withdrawn; ask the organisers."))
    return core.update(
        actor=actor,
        instance=application,
        changes={"status": ApplicationStatus.WITHDRAWN, "withdrawn_at": timezone.now()},
    )


# --- screening (staff) ------------------------------------------------------------------------


@transaction.atomic
def screen(
    *, actor, application: Application, eligibility: str, reason: dict[str, str] | None = None
) -> Application:
    """Staff decide eligibility of a submitted application; "ineligible" needs a reason, which
    the applicant sees."""
    rules.require_staff(actor, application.award.summit)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError(_("Only submitted applications are screened."))
    if eligibility not in Eligibility.values:
        raise ValidationError({"eligibility": [_("Choose a known eligibility.")]})
    reason = {lang: (reason or {}).get(lang, "") or "" for lang in LANGUAGE_CODES}
    if eligibility == Eligibility.INELIGIBLE and not any(v.strip() for v in reason.values()):
        raise ValidationError({"eligibility_reason": [_("Say why the application is ineligible.")]})
    return core.update(
        actor=actor,
        instance=application,
        changes={
            "eligibility": eligibility,
            "eligibility_reason": reason,
            "screened_at": timezone.now(),
            "screened_by": actor,
        },
    )


# --- winners and results ----------------------------------------------------------------------


@transaction.atomic
def set_winners(
    *,
    actor,
    category: Category,
    entries: list[tuple[Application, dict[str, str], int]],
    decided_at: datetime.datetime | None = None,
) -> list[Winner]:
    """Make ``entries`` (application, prize title {"ko", "en"}, rank ≥ 1) the winners of
    ``category``, replacing its previous winners. Each application must be of this award,
    submitted, eligible, and in ``category`` or one of its sub-categories. Permission is the
    caller's (judging decides who closes the final round); ``actor`` is recorded."""
    award = Award.objects.select_for_update().get(pk=category.award_id)
    # Decide on the stored state, not on what the caller's objects may remember.
    stored = Application.objects.select_related("category").in_bulk(
        [application.pk for application, _prize, _rank in entries]
    )
    entries = [(stored[application.pk], prize, rank) for application, prize, rank in entries]
    errors: list[str] = []
    seen: set[int] = set()
    for application, prize, rank in entries:
        label = application.reference or str(application.pk)
        if application.award_id != award.pk:
            errors.append(_("%(ref)s is not an application to this award.") % {"ref": label})
        elif (
            application.category_id != category.pk and application.category.parent_id != category.pk
        ):
            errors.append(_("%(ref)s is not in this category.") % {"ref": label})
        if application.status != ApplicationStatus.SUBMITTED:
            errors.append(_("%(ref)s is not submitted.") % {"ref": label})
        if application.eligibility != Eligibility.ELIGIBLE:
            errors.append(_("%(ref)s is not eligible.") % {"ref": label})
        if application.pk in seen:
            errors.append(_("%(ref)s is listed twice.") % {"ref": label})
        seen.add(application.pk)
        if not isinstance(rank, int) or rank < 1:
            errors.append(_("%(ref)s needs a rank of 1 or more.") % {"ref": label})
        if not any(str((prize or {}).get(lang) or "").strip() for lang in LANGUAGE_CODES):
            errors.append(_("%(ref)s needs a prize title.") % {"ref": label})
    if errors:
        raise ValidationError(errors)
    for old in Winner.objects.filter(category=category):
        core.delete(actor=actor, instance=old)
    decided_at = decided_at or timezone.now()
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    return [
        core.create(
            actor=actor,
            instance=Winner(
                award=award,
                category=category,
                application=application,
                rank=rank,
                decided_at=decided_at,
                decided_by_id=actor_id,
                **{f"prize_title_{lang}": (prize or {}).get(lang) or "" for lang in LANGUAGE_CODES},
            ),
        )
        for application, prize, rank in entries
    ]


@transaction.atomic
def publish_results(*, actor, award: Award, at: datetime.datetime | None) -> Award:
    """Set (or clear, with None) the time from which the winners are public."""
    rules.require_staff(actor, award.summit)
    award = core.update(actor=actor, instance=award, changes={"results_published_at": at})
    if at is not None:
        events.emit(award.summit_id, "award.winners_published", award)
    return award
