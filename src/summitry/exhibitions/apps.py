"""App configuration of exhibitions: halls, floor plans, booths and exhibitors (C6)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExhibitionsConfig(AppConfig):
    name = "summitry.exhibitions"
    label = "exhibitions"
    verbose_name = _("Exhibitions")

    def ready(self) -> None:
        from summitry.core import registry
        from summitry.core.registry import Block, ConsoleLink, ConsoleSection

        from . import ir_queries, policy, queries
        from .api import router

        registry.add_permission(
            policy.PERMISSION,
            _("Exhibitions"),
            _(
                "Set up exhibitions, floor plans and booths; review, place and publish "
                "exhibitors; run investor relations: IR sessions, investors, meetings."
            ),
            order=60,
        )
        registry.add_console_section(
            ConsoleSection(
                "exhibitions",
                _("Exhibitions"),
                (
                    ConsoleLink(
                        _("Exhibitions"),
                        "exhibitions:manage",
                        policy.PERMISSION,
                        also=(
                            "exhibitions:manage-exhibition",
                            "exhibitions:manage-exhibitor",
                            "exhibitions:manage-booth",
                        ),
                    ),
                    ConsoleLink(
                        _("Investor relations"),
                        "exhibitions:ir-manage",
                        policy.PERMISSION,
                        also=("exhibitions:ir-manage-session",),
                    ),
                ),
                order=60,
            )
        )
        registry.add_summit_home_block(
            Block("exhibitions", "exhibitions/_home.html", queries.home_block, 60, slot="actions")
        )
        registry.add_summit_home_block(
            Block("ir", "exhibitions/_ir_home.html", ir_queries.home_block, 61, slot="actions")
        )
        registry.add_api_router(
            router, order=70, description="Exhibitions: floor plans, booths, exhibitors (C6)."
        )
        registry.add_urls("summitry.exhibitions.urls", order=70)
        registry.add_item_link(queries.item_link)
