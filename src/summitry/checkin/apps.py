"""App configuration of check-in: accreditation, badges, signed codes and the doors."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckinConfig(AppConfig):
    name = "summitry.checkin"
    label = "checkin"
    verbose_name = _("Check-in")

    def ready(self) -> None:
        from summitry.core import registry
        from summitry.core.registry import Block, ConsoleLink, ConsoleSection

        from . import metrics

        registry.add_metric_provider(metrics.provide)  # /metrics (core.operations)

        from . import access, events, queries
        from .api import router

        registry.add_event_type(
            registry.EventType(
                events.ENTERED, _("Badge scanned in at a door"), events.entered, order=80
            )
        )

        registry.add_permission(
            access.PERMISSION,
            _("Check-in"),
            _("Accreditation categories and zones, badges, scanning at the doors."),
            order=70,
        )
        registry.add_console_section(
            ConsoleSection(
                "checkin",
                _("Check-in"),
                (
                    ConsoleLink(_("Badges"), "checkin:badges", access.PERMISSION),
                    ConsoleLink(
                        _("Press and exhibitors' badges"), "checkin:holders", access.PERMISSION
                    ),
                    ConsoleLink(_("Badge layouts"), "checkin:layouts", access.PERMISSION),
                    ConsoleLink(_("Scanner"), "checkin:scanner", access.PERMISSION),
                    ConsoleLink(_("Inside now"), "checkin:inside", access.PERMISSION),
                    ConsoleLink(_("Attendance"), "checkin:attendance", access.PERMISSION),
                ),
                order=70,
            )
        )
        registry.add_dashboard_panel(
            Block(
                "checkin",
                "checkin/_panel.html",
                queries.dashboard_panel,
                order=70,
                permission=access.PERMISSION,
            )
        )
        registry.add_my_page_block(
            Block("checkin", "checkin/_my_badge.html", queries.my_page_block, 70)
        )
        registry.add_api_router(
            router,
            order=80,
            description="Check-in: signed badge codes, scans at the doors, revocations (C11).",
        )
        registry.add_urls("summitry.checkin.urls", order=80)
