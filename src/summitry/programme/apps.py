"""App configuration of the programme."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "summitry.programme"
    label = "programme"
    verbose_name = _("Programme")

    def ready(self) -> None:
        from summitry.directory import visibility

        from . import queries, signals  # noqa: F401 - signals connects the cache invalidation

        visibility.register(queries.public_people)
