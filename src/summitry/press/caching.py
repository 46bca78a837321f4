"""What proxies and browsers may keep of the press room's answers.

Anything that shows an embargoed or unreleased release, or is personal, is ``private,
no-store``: no proxy or CDN may keep a copy that could outlive the reader's right to it. Public
answers may be stored but must be revalidated each time (``no-cache``), so that a release
whose embargo was moved later disappears from every cache at once.
"""

from __future__ import annotations

from django.utils.cache import patch_cache_control, patch_vary_headers


def mark_private(response):
    response.headers.pop("Cache-Control", None)
    patch_cache_control(response, private=True, no_store=True)
    patch_vary_headers(response, ("Cookie", "Authorization"))
    return response


def mark_public(response):
    response.headers.pop("Cache-Control", None)
    patch_cache_control(response, no_cache=True)
    patch_vary_headers(response, ("Cookie", "Authorization"))
    return response
