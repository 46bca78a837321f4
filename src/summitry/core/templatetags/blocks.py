"""The blocks capabilities add to shared pages (core.registry): the summit's home page and a
person's own page."""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from summitry.core import registry

register = template.Library()


def render_blocks(blocks, request, summit=None, allowed=None) -> str:
    """Each block whose context function has something for this reader, in order; ``allowed``
    (block → bool) filters further (the console's dashboard: by permission)."""
    parts = []
    for block in blocks:
        if allowed is not None and not allowed(block):
            continue
        extra = block.context(request, summit)
        if extra is None:
            continue
        parts.append(render_to_string(block.template, {"summit": summit, **extra}, request=request))
    return mark_safe("".join(parts))  # noqa: S308 - our own templates, each rendered escaped


@register.simple_tag(takes_context=True)
def summit_home_blocks(context, slot: str = "sections"):
    blocks = [b for b in registry.summit_home_blocks() if b.slot == slot]
    return render_blocks(blocks, context["request"], context["summit"])


@register.simple_tag(takes_context=True)
def my_page_blocks(context):
    return render_blocks(registry.my_page_blocks(), context["request"])
