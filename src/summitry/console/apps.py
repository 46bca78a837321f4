"""App configuration of the console: each summit's back office, run by its teams."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsoleConfig(AppConfig):
    name = "summitry.console"
    label = "console"
    verbose_name = _("Console")

    def ready(self) -> None:
        from summitry.core import registry
        from summitry.core.registry import Block, ConsoleLink, ConsoleSection

        from . import queries

        registry.add_permission(
            "outbox", _("Outbox"), _("Read every e-mail sent for the summit."), order=90
        )
        registry.add_permission(
            "mail_templates",
            _("E-mail templates"),
            _("Word the summit's automatic e-mails itself, or go back to the default text."),
            order=89,
        )
        registry.add_permission(
            "audit", _("Audit log"), _("Read who changed what, and when."), order=91
        )
        registry.add_console_section(
            ConsoleSection(
                "summit",
                _("Summit"),
                (
                    ConsoleLink(_("Dashboard"), "console:dashboard"),
                    ConsoleLink(_("Settings"), "console:settings", "settings"),
                    ConsoleLink(_("Teams"), "console:teams", "team", also=("console:team",)),
                    ConsoleLink(
                        _("E-mail templates"),
                        "console:mail-templates",
                        "mail_templates",
                        also=("console:mail-template",),
                    ),
                ),
                order=0,
            )
        )
        registry.add_console_section(
            ConsoleSection(
                "records",
                _("Records"),
                (
                    ConsoleLink(_("Outbox"), "console:outbox", "outbox"),
                    ConsoleLink(_("Exports"), "console:exports", also=("console:export",)),
                    ConsoleLink(_("Audit log"), "console:audit", "audit"),
                ),
                order=900,
            )
        )
        registry.add_dashboard_panel(
            Block(
                "outbox",
                "console/_panel_outbox.html",
                queries.outbox_panel,
                order=900,
                permission="outbox",
            )
        )
        registry.add_my_page_block(
            Block("summits", "console/_my_summits.html", queries.my_summits_block, order=0)
        )
        registry.add_summit_home_block(
            Block("console", "console/_home_link.html", queries.home_link_block, 0, slot="actions")
        )
        registry.add_urls("summitry.console.urls", order=10)
        from .api import router

        registry.add_api_router(router, order=1)
