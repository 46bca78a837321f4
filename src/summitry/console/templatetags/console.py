"""The console's sidebar, and the blocks capabilities add to shared pages (core.registry)."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy

from summitry.core import registry
from summitry.core.templatetags.blocks import render_blocks
from summitry.summits import permissions

register = template.Library()


def _allowed(user, summit, code: str | None) -> bool:
    if code is None:
        return permissions.works_on(user, summit)
    return code in permissions.permissions_at(user, summit)


def sidebar_sections(request, summit) -> list[dict]:
    """The console's sections and links this person may open at this summit."""
    current = request.resolver_match.view_name if request.resolver_match else ""
    sections = []
    for section in registry.console_sections():
        links = [
            {
                "label": link.label,
                "url": reverse(link.url_name, args=[summit.slug]),
                "current": current == link.url_name or current in link.also,
            }
            for link in section.links
            if _allowed(request.user, summit, link.permission)
        ]
        if links:
            sections.append({"key": section.key, "label": section.label, "links": links})
    return sections


@register.inclusion_tag("console/_sidebar.html", takes_context=True)
def console_sidebar(context):
    request, summit = context["request"], context["summit"]
    return {"summit": summit, "sections": sidebar_sections(request, summit)}


@register.simple_tag(takes_context=True)
def dashboard_panels(context):
    request, summit = context["request"], context["summit"]
    return render_blocks(
        registry.dashboard_panels(),
        request,
        summit,
        allowed=lambda block: _allowed(request.user, summit, block.permission),
    )


# What the audit log's actions say, in the reader's language (an action a capability adds
# without a label here shows as recorded).
ACTIONS = {
    "added": gettext_lazy("added"),
    "changed": gettext_lazy("changed"),
    "deleted": gettext_lazy("deleted"),
    "joined": gettext_lazy("joined"),
}


@register.filter
def action_label(action: str) -> str:
    return str(ACTIONS.get(action, action))
