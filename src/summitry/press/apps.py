"""App configuration of the press room: releases under embargo, accredited journalists."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PressConfig(AppConfig):
    name = "summitry.press"
    label = "press"
    verbose_name = _("Press room")

    def ready(self) -> None:
        from summitry.core import registry
        from summitry.core.registry import Block, ConsoleLink, ConsoleSection

        from . import events, policy, queries
        from .api import router

        registry.add_event_type(
            registry.EventType(
                events.RELEASE_PUBLISHED,
                _("Press release published"),
                events.release_published,
                order=90,
            )
        )

        registry.add_permission(
            policy.PERMISSION,
            pgettext_lazy("permission", "Press"),
            _("Write and approve press releases, set embargoes, accredit journalists."),
            order=55,
        )
        registry.add_console_section(
            ConsoleSection(
                "press",
                _("Press room"),
                (
                    ConsoleLink(
                        _("Press releases"),
                        "press:manage",
                        policy.PERMISSION,
                        also=("press:release-new", "press:release-edit"),
                    ),
                    ConsoleLink(
                        _("Accreditations"),
                        "press:accreditations",
                        policy.PERMISSION,
                    ),
                    ConsoleLink(
                        _("Mailings"),
                        "press:mailings",
                        policy.PERMISSION,
                        also=(
                            "press:mailing-new",
                            "press:mailing",
                            "press:templates",
                            "press:template",
                        ),
                    ),
                    ConsoleLink(
                        _("Saved lists"), "press:lists", policy.PERMISSION, also=("press:list",)
                    ),
                    ConsoleLink(_("Unsubscribed and bounced"), "press:left-out", policy.PERMISSION),
                    ConsoleLink(_("After-event report"), "press:reports", policy.PERMISSION),
                    ConsoleLink(_("Press coverage"), "press:coverage", policy.PERMISSION),
                ),
                order=55,
            )
        )
        registry.add_dashboard_panel(
            Block(
                "press",
                "press/_panel.html",
                queries.dashboard_panel,
                order=55,
                permission=policy.PERMISSION,
            )
        )
        registry.add_summit_home_block(
            Block("press", "press/_home.html", queries.home_block, 55, slot="actions")
        )
        registry.add_api_router(router, order=65, description="Press releases under embargo (C12).")
        registry.add_urls("summitry.press.urls", order=65)
