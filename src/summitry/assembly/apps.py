"""App configuration of assembly: general assemblies that decide (issue 16)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssemblyConfig(AppConfig):
    name = "summitry.assembly"
    label = "assembly"
    verbose_name = _("General assemblies")

    def ready(self) -> None:
        from summitry.core import registry
        from summitry.core.registry import Block, ConsoleLink, ConsoleSection

        from . import access, events, metrics, queries, services
        from .api import router

        registry.add_metric_provider(metrics.provide)  # /metrics (core.operations)

        # An entry at check-in may change an assembly's quorum: its live pages hear of it.
        registry.add_event_subscriber(services.zone_entered)

        registry.add_event_type(
            registry.EventType(
                events.VOTE_CLOSED, _("Vote closed at an assembly"), events.vote_closed, order=85
            )
        )

        registry.add_permission(
            access.PERMISSION,
            _("General assemblies"),
            _("Run assemblies: roll call, opening and closing votes, results."),
            order=70,
        )
        registry.add_console_section(
            ConsoleSection(
                "assembly",
                _("General assemblies"),
                (
                    ConsoleLink(
                        _("Assemblies and votes"),
                        "assembly:manage-index",
                        access.PERMISSION,
                        also=(
                            "assembly:manage",
                            "assembly:minutes",
                            "assembly:documents",
                            "assembly:signatories",
                            "assembly:setup",
                            "assembly:setup-item",
                            "assembly:setup-poll",
                        ),
                    ),
                ),
                order=70,
            )
        )
        registry.add_dashboard_panel(
            Block(
                "assembly",
                "assembly/_panel.html",
                queries.dashboard_panel,
                order=70,
                permission=access.PERMISSION,
            )
        )
        registry.add_api_router(
            router, order=80, description="General assemblies: polls, results, casting (C8)."
        )
        registry.add_urls("summitry.assembly.urls", order=80)
