"""App configuration of the directory."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "summitry.directory"
    label = "directory"
    verbose_name = _("Directory")

    def ready(self) -> None:
        from summitry.core import registry

        from .api import router

        registry.add_api_router(router, order=20, description="Organisations and people (C2).")
