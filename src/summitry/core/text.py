"""Which characters a stored text may hold: control characters are refused at input.

The rule, one for forms, the API, CSV imports and every model write:

- never stored, in any text field: the C0 control characters except tab, line feed and
  carriage return (U+0000–U+0008, U+000B, U+000C, U+000E–U+001F, so NUL and the vertical
  tab), DEL and the C1 controls (U+007F–U+009F), lone surrogates (U+D800–U+DFFF, which no
  encoding can store) and the non-characters U+FFFE and U+FFFF. PostgreSQL refuses NUL,
  XML (and so XLSX) refuses the C0 controls, and none of them is ever typed on purpose;
- single-line fields (``CharField``, and form fields without a text area) also refuse tab,
  line feed and carriage return; multi-line fields (``TextField``, text areas) keep them.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

_NEVER = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
NEVER = re.compile(f"[{_NEVER}]")
NEVER_ON_ONE_LINE = re.compile(f"[{_NEVER}\t\n\r]")


def code_point(character: str) -> str:
    return f"U+{ord(character):04X}"


def problem(value: str, *, multiline: bool) -> str | None:
    """The message for the first character ``value`` may not hold, or None."""
    found = (NEVER if multiline else NEVER_ON_ONE_LINE).search(value)
    if found is None:
        return None
    character = found.group()
    if character in "\t\n\r":
        return _("This field takes one line: remove the line break or tab (%(character)s).") % {
            "character": code_point(character)
        }
    return _(
        "This text contains a control character (%(character)s) that cannot be stored: remove it."
    ) % {"character": code_point(character)}


def is_multiline(field: models.Field) -> bool:
    return isinstance(field, models.TextField)


def check_instance(instance: models.Model, exclude=()) -> None:
    """Every text column of ``instance`` follows the rule, else a ValidationError by field."""
    errors: dict[str, list[str]] = {}
    for field in instance._meta.concrete_fields:
        if field.name in exclude or not isinstance(field, models.CharField | models.TextField):
            continue
        value = getattr(instance, field.attname)
        if isinstance(value, str):
            message = problem(value, multiline=is_multiline(field))
            if message:
                errors[field.name] = [message]
    if errors:
        raise ValidationError(errors)


@deconstructible
class TextRule:
    """The rule as a field validator (forms, the back office)."""

    def __init__(self, *, multiline: bool):
        self.multiline = multiline

    def __call__(self, value) -> None:
        message = problem(value, multiline=self.multiline) if isinstance(value, str) else None
        if message:
            raise ValidationError(message, code="control_character")

    def __eq__(self, other) -> bool:
        return isinstance(other, TextRule) and other.multiline == self.multiline


def apply_to_form_field(field) -> None:
    """Give a form's text field the rule: a text area keeps line breaks, an input does not."""
    from django import forms

    if isinstance(field, forms.CharField) and not any(
        isinstance(v, TextRule) for v in field.validators
    ):
        field.validators.append(TextRule(multiline=isinstance(field.widget, forms.Textarea)))


def strip_never(value: str, replacement: str = "\ufffd") -> str:
    """``value`` with each character that is never stored replaced (exports of older data)."""
    return NEVER.sub(replacement, value)
