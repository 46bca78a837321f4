"""The call for applications and the applicants' accounts: an award with its categories and
questions (staff), and the sign-up and API token of an applicant."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from summitry.core import audit, tokens
from summitry.core import services as core
from summitry.core.accounts import accounts_with_address

from . import rules
from .models import (
    ApplicantKind,
    Award,
    Category,
    Question,
    QuestionKind,
)

# --- accounts ---------------------------------------------------------------------------------


@transaction.atomic
def sign_up(*, name: str, email: str, password: str):
    """An applicant's account: signs in with the e-mail address."""
    email = (email or "").strip().lower()
    user_model = get_user_model()
    if accounts_with_address(email).exists():
        raise ValidationError({"email": _("An account with this e-mail exists; sign in instead.")})
    user = user_model(username=email, email=email, first_name=(name or "").strip()[:150])
    validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    audit.record(actor=user, obj=user, action="added")
    return user


def issue_applicant_token(*, actor) -> str:
    """An API token for the signed-in applicant (for /api/v1/…/applications); the secret is
    returned once. Recorded in the history."""
    if actor is None or not actor.is_authenticated:
        raise ValidationError(_("Sign in to apply."))
    token, secret = tokens.issue_token(user=actor, name="applicant")
    audit.record(actor=actor, obj=token, action="added")
    return secret


# --- the call: award, categories, questions ----------------------------------------------


def _check_call(award: Award) -> None:
    from django_countries import countries

    errors = {}
    unknown = [k for k in award.eligible_kinds or [] if k not in ApplicantKind.values]
    if unknown:
        errors["eligible_kinds"] = [
            _("Unknown applicant kinds: %(kinds)s.") % {"kinds": ", ".join(map(str, unknown))}
        ]
    codes = [str(c).upper() for c in award.eligible_countries or []]
    wrong = [c for c in codes if c not in countries]
    if wrong:
        errors["eligible_countries"] = [
            _("Unknown country codes: %(codes)s.") % {"codes": ", ".join(wrong)}
        ]
    if errors:
        raise ValidationError(errors)
    award.eligible_countries = codes


@transaction.atomic
def create_award(*, actor, summit, data: dict[str, Any]) -> Award:
    """Staff open a call: the award with its window (times in the summit's zone when given
    without one) and eligibility; categories and questions are added next."""
    rules.require_setup(actor, summit)
    values = core.flatten_bilingual(data)
    for name in ("opens_at", "closes_at", "results_published_at"):
        moment = values.get(name)
        if moment is not None and timezone.is_naive(moment):
            values[name] = timezone.make_aware(moment, summit.zone)
    award = Award(summit=summit, **values)
    _check_call(award)
    return core.create(actor=actor, instance=award)


@transaction.atomic
def add_category(*, actor, award: Award, data: dict[str, Any]) -> Category:
    """A category, or a sub-category of one of the award's top-level categories."""
    rules.require_setup(actor, award.summit)
    values = core.flatten_bilingual(data)
    parent_id = values.pop("parent", None)
    parent = None
    if parent_id is not None:
        parent = Category.objects.filter(award=award, pk=parent_id, parent=None).first()
        if parent is None:
            raise ValidationError(
                {"parent": [_("Choose one of this award's top-level categories.")]}
            )
    return core.create(actor=actor, instance=Category(award=award, parent=parent, **values))


@transaction.atomic
def add_question(*, actor, award: Award, data: dict[str, Any]) -> Question:
    """A question of the form, for one category of the award or for all of them."""
    rules.require_setup(actor, award.summit)
    values = core.flatten_bilingual(data)
    category_id = values.pop("category", None)
    category = None
    if category_id is not None:
        category = Category.objects.filter(award=award, pk=category_id).first()
        if category is None:
            raise ValidationError({"category": [_("Choose one of this award's categories.")]})
    question = Question(award=award, category=category, **values)
    if question.kind == QuestionKind.CHOICE and not question.choices:
        raise ValidationError({"choices": [_("A choice question needs its choices.")]})
    if question.kind != QuestionKind.CHOICE and question.choices:
        raise ValidationError({"choices": [_("Only a choice question has choices.")]})
    return core.create(actor=actor, instance=question)
