"""Template tags for bilingual content: ``{% tr obj "field" %}`` and ``{% name_of person %}``."""

from django import template

from summitry.core.bilingual import localise
from summitry.directory.models import person_name

register = template.Library()


@register.simple_tag
def tr(obj, field: str):
    """The field in the page's language, or visibly in the other one."""
    return localise(obj, field)


@register.simple_tag
def name_of(person):
    return person_name(person)


@register.filter
def localised(obj, field: str) -> str:
    """The field as plain text in the active language (for e-mails and attributes)."""
    return localise(obj, field).text


@register.filter
def person_display(person) -> str:
    return person_name(person).text
