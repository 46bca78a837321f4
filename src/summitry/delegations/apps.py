"""App configuration of delegations and registration."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DelegationsConfig(AppConfig):
    name = "summitry.delegations"
    label = "delegations"
    verbose_name = _("Delegations and registration")

    def ready(self) -> None:
        from summitry.core import registry
        from summitry.core.registry import Block, ConsoleLink, ConsoleSection
        from summitry.directory import visibility

        from . import exchange, queries, rules, signals  # noqa: F401 - signals: orphans
        from .api import router

        exchange.register_exports()

        visibility.register(queries.people_seen_by_delegations)
        registry.add_permission(
            rules.PERMISSION,
            _("Delegations and registration"),
            _("Invite organisations, review delegations and members, counts, import, export."),
            order=20,
        )
        registry.add_console_section(
            ConsoleSection(
                "registration",
                _("Registration"),
                (
                    ConsoleLink(
                        _("Delegations"),
                        "delegations:manage",
                        rules.PERMISSION,
                        also=("delegations:detail", "delegations:member"),
                    ),
                    ConsoleLink(_("Members"), "delegations:members", rules.PERMISSION),
                    ConsoleLink(_("Counts"), "delegations:counts", rules.PERMISSION),
                    ConsoleLink(_("Import"), "delegations:import", rules.PERMISSION),
                    ConsoleLink(_("Reminders"), "delegations:reminders", rules.PERMISSION),
                ),
                order=20,
            )
        )
        registry.add_dashboard_panel(
            Block(
                "delegations",
                "delegations/_panel.html",
                queries.dashboard_panel,
                order=20,
                permission=rules.PERMISSION,
            )
        )
        registry.add_summit_home_block(
            Block("participation", "delegations/_home.html", queries.home_block, order=5)
        )
        registry.add_my_page_block(
            Block("delegations", "delegations/_my_delegations.html", queries.my_page_block, 10)
        )
        registry.add_api_router(
            router, order=30, description="Invitations, delegations, members, counts (C3)."
        )
        registry.add_urls("summitry.delegations.urls", order=30)
