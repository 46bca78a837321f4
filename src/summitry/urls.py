"""The request path (the composition root): the language switch, the back office, the REST
API, then each capability's pages in the order they registered (core.registry), the summits'
catch-all pages last."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from summitry.api import api
from summitry.core import registry

admin.site.site_header = _("Summitry back office")
admin.site.site_title = _("Summitry back office")
admin.site.index_title = _("Summits, venues and the directory")

urlpatterns = [
    # Switching the display language only sets a cookie, so it needs no CSRF token; that lets
    # cached pages (whose forms carry another visitor's token) switch language too.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    *[path("", include(module)) for module in registry.url_modules()],
]
