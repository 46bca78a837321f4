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
def lang_url_next(request) -> str:
    return request.get_full_path()
