"""Request-scoped state that Django keeps per thread, reset after each request."""

from __future__ import annotations

from django.utils import timezone


def summit_time_zone(get_response):
    """Pages and API calls of a summit activate its time zone for the request (to read and
    show times there); a server thread must not carry it into the next request."""

    def middleware(request):
        try:
            return get_response(request)
        finally:
            timezone.deactivate()

    return middleware
