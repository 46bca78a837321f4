"""Domain errors: what a user can get wrong, with a message in the user's language."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def messages_of(error: ValidationError) -> dict[str, list[str]]:
    """Field name to messages (``__all__`` for the whole object), in the active language."""
    if hasattr(error, "error_dict"):
        return {
            field: [str(m) for m in ValidationError(errs).messages]
            for field, errs in error.error_dict.items()
        }
    return {"__all__": [str(m) for m in error.messages]}


def add_form_errors(form, error: ValidationError) -> None:
    """A service's refusal, shown on the form: at its field, or above the form."""
    for field, texts in messages_of(error).items():
        for text in texts:
            form.add_error(field if field in form.fields else None, text)


def flash_errors(request, error: ValidationError) -> None:
    """A service's refusal, said at the top of the next page."""
    from django.contrib import messages

    for texts in messages_of(error).values():
        for text in texts:
            messages.error(request, text)


def flash_form_errors(request, form) -> None:
    """A form's own refusals (its fields' checks), said at the top of the next page."""
    from django.contrib import messages

    for texts in form.errors.values():
        for text in texts:
            messages.error(request, text)
