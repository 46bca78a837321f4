"""Labels of investor relations' stored choices (sectors and stages are kept as lists)."""

from django import template

from summitry.exhibitions.ir_models import Sector, Stage

register = template.Library()


@register.filter
def sector_label(value: str) -> str:
    return Sector(value).label if value in Sector.values else value


@register.filter
def stage_label(value: str) -> str:
    return Stage(value).label if value in Stage.values else value
