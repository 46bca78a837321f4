"""The write path every capability's services share: validate, save atomically, record.

A capability's ``services.py`` adds its own rules and calls these; nothing else writes.
Invalid data raises Django's ``ValidationError`` with messages in the active language, and
the transaction leaves nothing half-written.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import audit, constraints, text
from .bilingual import LANGUAGE_CODES, translated_originals

M = TypeVar("M", bound=models.Model)


def flatten_bilingual(data: dict[str, Any]) -> dict[str, Any]:
    """``{"name": {"ko": "…", "en": "…"}}`` → ``{"name_ko": "…", "name_en": "…"}``."""
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict) and set(value) <= set(LANGUAGE_CODES):
            for lang, text in value.items():
                flat[f"{key}_{lang}"] = text if text is not None else ""
        else:
            flat[key] = value
    return flat


def _blank_text_for_none(instance: models.Model) -> None:
    """An API's ``null`` for a text field without NULL in the database means "empty"."""
    for field in instance._meta.concrete_fields:
        if (
            isinstance(field, models.CharField | models.TextField)
            and not field.null
            and getattr(instance, field.attname) is None
        ):
            setattr(instance, field.attname, "")


def _full_clean(instance: models.Model, exclude: list[str], **options) -> None:
    """``full_clean`` after the text rule of ``core.text``: a field holding a control
    character is named for that alone, the other fields are validated as usual."""
    _blank_text_for_none(instance)
    errors: dict[str, list[str]] = {}
    try:
        text.check_instance(instance, exclude=exclude)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    try:
        instance.full_clean(exclude=[*exclude, *errors], **options)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def validate(instance: models.Model) -> None:
    """Full validation, in the active language. The language versions of a bilingual field
    are validated, not the legacy column modeltranslation keeps, so each problem is said once."""
    _full_clean(instance, translated_originals(type(instance)))


@transaction.atomic
def create(*, actor, instance: M) -> M:
    validate(instance)
    instance.save()
    audit.record(actor=actor, obj=instance, action="added")
    return instance


def insert(*, actor, instance: M, trusted: tuple[str, ...] = ()) -> M:
    """Create on a hot path: the fields are validated here (except ``trusted`` ones, foreign
    keys the caller has just read), the model's constraints by the database as it inserts,
    without a query each; a violated constraint raises its own message, as ``validate`` would.
    Call it inside the caller's transaction: a violation rolls that whole transaction back
    (no savepoint is taken, one round trip fewer each way), so the caller must let the error
    end its transaction, never catch it and go on writing."""
    _full_clean(
        instance,
        [*translated_originals(type(instance)), *trusted],
        validate_unique=False,
        validate_constraints=False,
    )
    try:
        with transaction.atomic(savepoint=False):
            instance.save(force_insert=True)
    except IntegrityError as error:
        problem = constraints.violation(type(instance), error)
        if problem is None:
            raise
        raise problem from error
    audit.record(actor=actor, obj=instance, action="added")
    return instance


@transaction.atomic
def update(*, actor, instance: M, changes: dict[str, Any]) -> M:
    changes = flatten_bilingual(changes)
    unknown = [name for name in changes if not hasattr(instance, name)]
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(unknown)})
    original = {name: getattr(instance, name) for name in changes}
    for name, value in changes.items():
        setattr(instance, name, value)
    try:
        validate(instance)
    except ValidationError:
        for name, value in original.items():
            setattr(instance, name, value)
        raise
    instance.save()
    changed = [name for name in changes if original[name] != changes[name]]
    audit.record(actor=actor, obj=instance, action="changed", fields=changed)
    return instance


@transaction.atomic
def delete(*, actor, instance: models.Model) -> None:
    audit.record(actor=actor, obj=instance, action="deleted")
    try:
        instance.delete()
    except models.ProtectedError as error:
        count = len(error.protected_objects)
        raise ValidationError(
            ngettext(
                "“%(object)s” cannot be deleted while %(count)d other record refers to it.",
                "“%(object)s” cannot be deleted while %(count)d other records refer to it.",
                count,
            )
            % {"object": instance, "count": count}
        ) from error


def check_fields(instance: models.Model, *, trusted: tuple[str, ...] = ()) -> None:
    """The field validation of ``insert`` alone (text rule, lengths, choices; not the
    constraints), for a hot path that writes the row itself."""
    _full_clean(
        instance,
        [*translated_originals(type(instance)), *trusted],
        validate_unique=False,
        validate_constraints=False,
    )
