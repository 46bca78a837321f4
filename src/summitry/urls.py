"""The request path: language switch, back office, REST API, then the public summit pages."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from summitry.core.api import api

admin.site.site_header = _("Summitry back office")
admin.site.site_title = _("Summitry back office")
admin.site.index_title = _("Summits, venues and the directory")

urlpatterns = [
    # Switching the display language only sets a cookie, so it needs no CSRF token; that lets
    # cached pages (whose forms carry another visitor's token) switch language too.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("summitry.core.urls")),
    path("", include("summitry.delegations.urls")),
    path("", include("summitry.programme.urls")),
    path("", include("summitry.diplomacy.urls")),
    path("", include("summitry.awards.urls")),
    path("", include("summitry.judging.urls")),
    path("", include("summitry.summits.urls")),
]
