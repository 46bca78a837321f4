"""The floor plan as SVG, drawn on the server: the hall's uploaded drawing (if any) underneath,
each booth a rectangle in its theme's colour with its code, a link to the booth's page.
Also the QR code of a booth (segno), which opens the booth's page on a phone."""

from __future__ import annotations

import io

import segno
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

FREE = "#e4e7ec"


def _text_size(booth) -> int:
    return max(8, min(booth.h // 3, booth.w // max(3, len(booth.code)) * 2, 28))


def plan_svg(plan, *, booth_url, drawing_url: str | None = None, highlight: str = "") -> SafeString:
    """``booth_url(booth)`` gives each booth's link (None: not a link)."""
    parts = []
    if drawing_url:
        parts.append(
            format_html(
                '<image href="{}" x="0" y="0" width="{}" height="{}" '
                'preserveAspectRatio="xMidYMid meet"/>',
                drawing_url,
                plan.width,
                plan.height,
            )
        )
    else:
        parts.append(
            format_html(
                '<rect class="plan-floor" x="0" y="0" width="{}" height="{}" fill="#fafafa" '
                'stroke="#98a2b3"/>',
                plan.width,
                plan.height,
            )
        )
    for booth in plan.booths.all():
        colour = booth.theme.colour if booth.theme_id and booth.exhibitor_id else FREE
        name = str(booth.exhibitor) if booth.exhibitor_id else _("Free booth")
        title = f"{booth.code} · {name}"
        size = _text_size(booth)
        classes = "booth" + (" booth-taken" if booth.exhibitor_id else " booth-free")
        if booth.code == highlight:
            classes += " booth-here"
        shape = format_html(
            '<g class="{}" data-booth="{}" data-booth-id="{}"><title>{}</title>'
            '<rect x="{}" y="{}" width="{}" height="{}" rx="3" fill="{}" stroke="#344054" '
            'stroke-width="{}"/>'
            '<text x="{}" y="{}" font-size="{}" text-anchor="middle" dominant-baseline="middle" '
            'fill="#101828">{}</text></g>',
            classes,
            booth.code,
            booth.pk,
            title,
            booth.x,
            booth.y,
            booth.w,
            booth.h,
            colour,
            4 if booth.code == highlight else 1,
            booth.x + booth.w // 2,
            booth.y + booth.h // 2,
            size,
            booth.code,
        )
        url = booth_url(booth)
        if url:
            shape = format_html('<a href="{}" aria-label="{}">{}</a>', url, title, shape)
        parts.append(shape)
    return format_html(
        '<svg class="floor-plan{}" viewBox="0 0 {} {}" role="img" aria-label="{}" '
        'xmlns="http://www.w3.org/2000/svg">{}</svg>',
        " is-large" if len(plan.booths.all()) > 12 and not highlight else "",
        plan.width,
        plan.height,
        _("Floor plan: %(name)s") % {"name": plan},
        mark_safe("".join(parts)),  # noqa: S308 - each part is built with format_html
    )


def legend(themes) -> SafeString:
    return format_html_join(
        "",
        '<li><svg class="swatch" width="14" height="14" aria-hidden="true"><rect width="14" '
        'height="14" rx="2" fill="{}"/></svg> {}</li>',
        ((t.colour, t) for t in themes),
    )


def booth_path(summit, exhibition, booth) -> str:
    return reverse("exhibitions:booth", args=[summit.slug, exhibition.slug, booth.code])


def qr_svg(url: str, *, scale: int = 4) -> str:
    """The QR code of ``url`` as an SVG document."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=scale, border=2, xmldecl=False)
    return buffer.getvalue().decode()
