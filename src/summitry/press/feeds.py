"""The summit's press releases as an Atom feed: public releases only, whoever asks (a feed
reader carries no session), from their embargo instant on."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from summitry.core.bilingual import localise
from summitry.summits import queries as summit_queries

from . import queries
from .caching import mark_public
from .presenting import present


class ReleasesFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        self._at = timezone.now()
        return mark_public(super().__call__(request, *args, **kwargs))

    def get_object(self, request, slug: str):
        summit = summit_queries.in_its_zone(request, slug)
        # Public releases only: the same answer for everyone, so it may be revalidated by any
        # cache, and never holds an embargoed text.
        return summit

    def title(self, summit) -> str:
        return _("Press releases · %(summit)s") % {"summit": localise(summit, "name").text}

    def link(self, summit) -> str:
        return reverse("press:index", args=[summit.slug])

    def subtitle(self, summit) -> str:
        return localise(summit, "name").text

    def items(self, summit):
        return [present(r, self._at) for r in queries.public_releases(summit, self._at)[:50]]

    def item_title(self, item) -> str:
        return item.headline.text

    def item_description(self, item) -> str:
        return "\n".join(f"• {line}" for line in item.summary)

    def item_link(self, item) -> str:
        return reverse("press:release", args=[item.release.summit.slug, item.pk])

    def item_guid(self, item) -> str:
        return f"summitry-press-{item.pk}"

    def item_pubdate(self, item):
        return item.release.embargo_at

    def item_updateddate(self, item):
        return item.release.embargo_at
