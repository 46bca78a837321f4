"""App configuration of summits."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SummitsConfig(AppConfig):
    name = "summitry.summits"
    label = "summits"
    verbose_name = _("Summits")

    def ready(self) -> None:
        from summitry.core import registry

        from .api import router

        registry.add_permission(
            "settings",
            _("Summit settings"),
            _("Change the summit: names, dates, time zone, status, capacity, deadline, venues."),
            order=10,
        )
        registry.add_permission(
            "team",
            _("Teams"),
            _("Create teams, decide what they may do, invite colleagues."),
            order=11,
        )
        registry.add_api_router(
            router, order=10, description="Summits, their themes, venues and rooms (C1)."
        )
        # The summit's own pages end with the catch-all <slug>/: they come last.
        registry.add_urls("summitry.summits.urls", order=1000)
