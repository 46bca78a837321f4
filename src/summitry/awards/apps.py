"""App configuration of awards: calls, applications, judging and winners."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "summitry.awards"
    label = "awards"
    verbose_name = _("Awards")

    def ready(self) -> None:
        from summitry.core import registry
        from summitry.core.registry import Block, ConsoleLink, ConsoleSection

        from . import exchange, queries, rules
        from .api import router

        exchange.register_exports()

        registry.add_permission(
            rules.PERMISSION,
            _("Awards"),
            _("Set up calls, screen applications, publish winners, certificates."),
            order=50,
        )
        registry.add_console_section(
            ConsoleSection(
                "awards",
                _("Awards"),
                (
                    ConsoleLink(
                        _("Awards and applications"),
                        "awards:manage-index",
                        rules.PERMISSION,
                        also=("awards:manage",),
                    ),
                ),
                order=50,
            )
        )
        registry.add_dashboard_panel(
            Block(
                "awards",
                "awards/_panel.html",
                queries.dashboard_panel,
                order=50,
                permission=rules.PERMISSION,
            )
        )
        registry.add_summit_home_block(
            Block("awards", "awards/_home.html", queries.home_block, 50, slot="actions")
        )
        registry.add_my_page_block(
            Block("awards", "awards/_my_awards.html", queries.my_page_block, 50)
        )
        registry.add_api_router(
            router, order=60, description="Awards, their forms and applications (C7)."
        )
        registry.add_urls("summitry.awards.urls", order=60)
