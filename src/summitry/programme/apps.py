"""App configuration of the programme."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "summitry.programme"
    label = "programme"
    verbose_name = _("Programme")

    def ready(self) -> None:
        from summitry.core import registry
        from summitry.core.registry import Block, ConsoleLink, ConsoleSection
        from summitry.directory import visibility

        from . import queries, rules, signals  # noqa: F401 - signals invalidates the cache
        from .api import router

        visibility.register(queries.public_people)
        registry.add_permission(
            rules.PERMISSION,
            _("Programme"),
            _("Edit and publish the programme; site-visit sign-ups; the clash report."),
            order=30,
        )
        registry.add_console_section(
            ConsoleSection(
                "programme",
                _("Programme"),
                (
                    ConsoleLink(
                        _("Programme"),
                        "programme:manage",
                        rules.PERMISSION,
                        also=("programme:item-new", "programme:item-edit"),
                    ),
                    ConsoleLink(
                        _("Sign-ups"),
                        "programme:signups",
                        rules.PERMISSION,
                        also=("programme:signup",),
                    ),
                    ConsoleLink(_("Clash report"), "programme:clashes", rules.PERMISSION),
                    ConsoleLink(_("Change log"), "programme:changes", rules.PERMISSION),
                ),
                order=30,
            )
        )
        registry.add_dashboard_panel(
            Block(
                "programme",
                "programme/_panel.html",
                queries.dashboard_panel,
                order=30,
                permission=rules.PERMISSION,
            )
        )
        registry.add_summit_home_block(
            Block("programme", "programme/_home.html", queries.home_block, 10, slot="actions")
        )
        registry.add_api_router(
            router, order=40, description="The programme, sign-ups, itineraries (C4)."
        )
        registry.add_urls("summitry.programme.urls", order=40)
