"""App configuration of delegations and registration."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DelegationsConfig(AppConfig):
    name = "summitry.delegations"
    label = "delegations"
    verbose_name = _("Delegations and registration")

    def ready(self) -> None:
        from summitry.directory import visibility

        from . import queries, signals  # noqa: F401 - signals removes orphaned people

        visibility.register(queries.people_seen_by_delegations)
