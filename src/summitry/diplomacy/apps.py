"""App configuration of city diplomacy."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiplomacyConfig(AppConfig):
    name = "summitry.diplomacy"
    label = "diplomacy"
    verbose_name = _("City diplomacy")

    def ready(self) -> None:
        from summitry.core import registry
        from summitry.core.registry import Block, ConsoleLink, ConsoleSection

        from . import exchange, queries, rules
        from .api import router

        exchange.register_exports()

        registry.add_permission(
            rules.MEETINGS,
            _("Bilateral meetings"),
            _("Act for the host city: requests, the schedule, interpreters, seating."),
            order=40,
        )
        registry.add_permission(
            rules.GIFTS, _("Gift log"), _("Record gifts given and received."), 41
        )
        registry.add_permission(
            rules.AGREEMENTS,
            _("Agreements"),
            _("The agreements register and signing ceremonies."),
            order=42,
        )
        registry.add_console_section(
            ConsoleSection(
                "diplomacy",
                _("City diplomacy"),
                (
                    ConsoleLink(_("Meeting schedule"), "diplomacy:schedule", rules.MEETINGS),
                    ConsoleLink(
                        _("Requests"),
                        "diplomacy:meetings",
                        rules.MEETINGS,
                        also=("diplomacy:request", "diplomacy:new"),
                    ),
                    ConsoleLink(_("Meeting settings"), "diplomacy:settings", rules.MEETINGS),
                    ConsoleLink(
                        _("Agreements"),
                        "diplomacy:agreements",
                        rules.AGREEMENTS,
                        also=("diplomacy:agreement",),
                    ),
                    ConsoleLink(_("Gift log"), "diplomacy:gifts", rules.GIFTS),
                ),
                order=40,
            )
        )
        registry.add_dashboard_panel(
            Block(
                "diplomacy",
                "diplomacy/_panel.html",
                queries.dashboard_panel,
                order=40,
                permission=rules.MEETINGS,
            )
        )
        registry.add_summit_home_block(
            Block("partners", "diplomacy/_home.html", queries.home_block, 40, slot="actions")
        )
        registry.add_api_router(
            router, order=50, description="Bilateral meetings, gifts, agreements (C5)."
        )
        registry.add_urls("summitry.diplomacy.urls", order=50)
