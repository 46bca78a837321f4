"""Template filters of the programme's console forms."""

from dataclasses import dataclass, field

from django import template

register = template.Library()


@dataclass
class FieldGroup:
    """Some fields of a form, shaped like a form for core's "core/_form.html"."""

    visible_fields: list
    hidden_fields: list = field(default_factory=list)
    non_field_errors: str = ""


@register.filter
def fields_named(form, names: str) -> FieldGroup:
    """The bound fields of ``form`` named in ``names`` (space-separated), in that order."""
    return FieldGroup([form[name] for name in names.split()])
