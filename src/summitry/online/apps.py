"""App configuration of online and hybrid items: video rooms, streams per language and the
interpretation roster."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnlineConfig(AppConfig):
    name = "summitry.online"
    label = "online"
    verbose_name = _("Online & interpretation")

    def ready(self) -> None:
        from summitry.core import registry
        from summitry.core.registry import Block, ConsoleLink, ConsoleSection

        from . import access, invitation_api, queries, speakers  # noqa: F401 - its routes
        from .api import router

        registry.add_permission(
            access.PERMISSION,
            _("Online & interpretation"),
            _(
                "Set items' formats, video rooms and streams; keep the interpreters and plan "
                "their roster."
            ),
            order=75,
        )
        registry.add_console_section(
            ConsoleSection(
                "online",
                _("Online & interpretation"),
                (
                    ConsoleLink(
                        _("Online items"), "online:items", access.PERMISSION, also=("online:item",)
                    ),
                    ConsoleLink(
                        _("Interpreters"),
                        "online:interpreters",
                        access.PERMISSION,
                        also=("online:interpreter-delete",),
                    ),
                    ConsoleLink(_("Interpretation roster"), "online:roster", access.PERMISSION),
                    ConsoleLink(
                        _("Studio"),
                        "online:studio",
                        access.PERMISSION,
                        also=("online:studio-live",),
                    ),
                    ConsoleLink(_("Viewing figures"), "online:viewing", access.PERMISSION),
                ),
                order=75,
            )
        )
        registry.add_summit_home_block(
            Block("online", "online/_home.html", queries.home_block, order=35)
        )
        registry.add_my_page_block(
            Block("online", "online/_my_online.html", queries.my_page_block, 40)
        )
        registry.add_api_router(
            router,
            order=75,
            description="Online and hybrid items: formats, video rooms (to those entitled), "
            "streams per language channel and the interpretation roster (C9).",
        )
        registry.add_urls("summitry.online.urls", order=75)
        registry.add_item_link(queries.item_link)
        registry.add_item_times(speakers.item_times)
