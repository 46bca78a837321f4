"""App configuration of assembly: general assemblies that decide (issue 16)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssemblyConfig(AppConfig):
    name = "summitry.assembly"
    label = "assembly"
    verbose_name = _("General assemblies")

    def ready(self) -> None:
        from summitry.core import registry

        from . import rules

        registry.add_permission(
            rules.PERMISSION,
            _("General assemblies"),
            _("Run assemblies: roll call, opening and closing votes, results."),
            order=70,
        )
