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
