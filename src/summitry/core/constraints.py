"""A database constraint's violation, said as the constraint's own message.

The hot write paths (registrations) leave uniqueness and check constraints to the database
instead of asking it first, one query per constraint, as ``full_clean`` does. When the
database refuses a row, the refusal names the constraint (PostgreSQL) or its columns
(SQLite); this finds the model's constraint and raises its message, in the reader's language,
exactly as validation would have.
"""

from __future__ import annotations

import re

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models

# SQLite: "CHECK constraint failed: name" / "UNIQUE constraint failed: table.a, table.b".
SQLITE_CHECK = re.compile(r"CHECK constraint failed: (\w+)")
SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: (.+)$")


def _named(model: type[models.Model], name: str) -> models.BaseConstraint | None:
    return next((c for c in model._meta.constraints if c.name == name), None)


def _by_columns(model: type[models.Model], columns: set[str]):
    """The unique constraint (or unique field) over exactly these columns."""
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields:
            own = {model._meta.get_field(name).column for name in constraint.fields}
            if own == columns:
                return constraint
    for field in model._meta.concrete_fields:
        if field.unique and {field.column} == columns:
            return field
    return None


def _found(model: type[models.Model], error: IntegrityError):
    cause = error.__cause__
    diag = getattr(cause, "diag", None)
    if diag is not None and getattr(diag, "constraint_name", None):
        return _named(model, diag.constraint_name)
    text = str(error)
    if match := SQLITE_CHECK.search(text):
        return _named(model, match.group(1))
    if match := SQLITE_UNIQUE.search(text):
        columns = {part.strip().rsplit(".", 1)[-1] for part in match.group(1).split(",")}
        return _by_columns(model, columns)
    return None


def violation(model: type[models.Model], error: IntegrityError) -> ValidationError | None:
    """The ``ValidationError`` a violated constraint of ``model`` stands for, or None when the
    error is not one of the model's own constraints (then it is a real fault)."""
    found = _found(model, error)
    if isinstance(found, models.BaseConstraint):
        return ValidationError({NON_FIELD_ERRORS: [found.get_violation_error_message()]})
    if isinstance(found, models.Field):
        return ValidationError(
            {
                found.name: [
                    found.error_messages["unique"]
                    % {
                        "model_name": model._meta.verbose_name,
                        "field_label": found.verbose_name,
                    }
                ]
            }
        )
    return None
