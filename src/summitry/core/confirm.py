"""Destructive actions ask first. A form with ``data-confirm`` asks in the browser; without
JavaScript (or when asked by any other client of the page) the server shows a confirmation
page that names what will happen, and only a second, confirmed POST acts."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme


def _same_site(request: HttpRequest, url: str) -> str:
    allowed = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if allowed else ""


def unless_confirmed(
    request: HttpRequest, *, question: str, consequence: str = "", button: str = "", back: str = ""
) -> HttpResponse | None:
    """None when the POST says ``confirmed=1``; otherwise the page that asks."""
    if request.method == "POST" and request.POST.get("confirmed") == "1":
        return None
    fields = [
        (key, value)
        for key, values in request.POST.lists()
        if key not in {"csrfmiddlewaretoken", "confirmed"}
        for value in values
    ]
    return render(
        request,
        "core/confirm.html",
        {
            "question": question,
            "consequence": consequence,
            "button": button,
            "fields": fields,
            "back": back or _same_site(request, request.headers.get("Referer", "")),
        },
        status=200,
    )
