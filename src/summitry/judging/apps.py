"""App configuration of judging: judges, conflicts, rounds, assignments, scores, results."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JudgingConfig(AppConfig):
    name = "summitry.judging"
    label = "judging"
    verbose_name = _("Judging")

    def ready(self) -> None:
        from summitry.awards import rules as award_rules

        from .rules import judge_may_view

        award_rules.register_viewer_check(judge_may_view)
