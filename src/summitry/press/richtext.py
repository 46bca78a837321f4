"""The rich text of a release's body: what it may hold, sanitised by nh3 when it is saved and
again when it is shown (a body written elsewhere, e.g. in the back office, is never trusted)."""

from __future__ import annotations

import nh3

# Structure and emphasis, links; no scripts, styles, images (photos are attachments with
# captions, a later slice) nor event handlers.
BODY_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "ul", "ol", "li", "a", "h3", "h4",
    "blockquote", "table", "thead", "tbody", "tr", "th", "td", "sup", "sub",
}  # fmt: skip
BODY_ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan", "rowspan"}}


def sanitise(html: str) -> str:
    return nh3.clean(
        html or "",
        tags=BODY_TAGS,
        attributes=BODY_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
