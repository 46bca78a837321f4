"""App configuration of judging: judges, conflicts, rounds, assignments, scores, results."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JudgingConfig(AppConfig):
    name = "summitry.judging"
    label = "judging"
    verbose_name = _("Judging")

    def ready(self) -> None:
        from summitry.awards import rules as award_rules
        from summitry.core import registry
        from summitry.core.registry import Block, ConsoleLink, ConsoleSection

        from . import queries, rules
        from .api import router

        award_rules.register_viewer_check(queries.judge_may_view)
        registry.add_permission(
            rules.PERMISSION,
            _("Judging"),
            _("Judges, conflicts, rounds, assignments and results."),
            order=60,
        )
        registry.add_console_section(
            ConsoleSection(
                "judging",
                _("Judging"),
                (
                    ConsoleLink(
                        _("Rounds and judges"),
                        "judging:manage",
                        rules.PERMISSION,
                        also=("judging:round", "judging:results"),
                    ),
                ),
                order=60,
            )
        )
        registry.add_dashboard_panel(
            Block(
                "judging",
                "judging/_panel.html",
                queries.dashboard_panel,
                order=60,
                permission=rules.PERMISSION,
            )
        )
        registry.add_my_page_block(
            Block("judging", "judging/_my_judging.html", queries.my_page_block, 60)
        )
        registry.add_api_router(
            router, order=70, description="Judges, rounds, assignments, scores, results (C7)."
        )
        registry.add_urls("summitry.judging.urls", order=70)
