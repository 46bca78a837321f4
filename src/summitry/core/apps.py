"""App configuration of the core."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "summitry.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from . import registry
        from .bilingual import install_i18n_properties

        install_i18n_properties()
        import summitry.celery  # noqa: F401 - the task queue's app, configured from the settings
        registry.add_urls("summitry.core.urls", order=0)
