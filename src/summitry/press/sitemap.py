"""The press room's sitemap (sitemaps.org): the press page and every public release with its
PDF, from their embargo instant on. The same answer for everyone, cached for anonymous visitors
until the next embargo instant or any change of the summit (core.pagecache)."""

from __future__ import annotations

from xml.sax.saxutils import escape

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone

from summitry.core import pagecache
from summitry.summits import queries as summit_queries

from . import queries


@pagecache.public_page
def sitemap(request: HttpRequest, slug: str) -> HttpResponse:
    at = timezone.now()
    summit = summit_queries.summit(slug, AnonymousUser())
    site = settings.SUMMITRY_SITE_URL.rstrip("/")
    urls = [
        (reverse("press:index", args=[summit.slug]), None),
        (reverse("press:kit", args=[summit.slug]), None),
    ]
    for release in queries.public_releases(summit, at):
        moment = max(release.embargo_at, release.updated_at).date().isoformat()
        urls.append((reverse("press:release", args=[summit.slug, release.pk]), moment))
        urls.append((reverse("press:release-pdf", args=[summit.slug, release.pk]), moment))
    pagecache.changes_at(request, queries.next_embargo(summit, at))
    lines = ['<?xml version="1.0" encoding="UTF-8"?>']
    lines.append('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')
    for path, moment in urls:
        lastmod = f"<lastmod>{moment}</lastmod>" if moment else ""
        lines.append(f"<url><loc>{escape(site + path)}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return HttpResponse("\n".join(lines), content_type="application/xml")
