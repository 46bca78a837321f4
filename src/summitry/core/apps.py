"""App configuration of the core."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "summitry.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.models.signals import pre_save

        from . import registry
        from .bilingual import install_i18n_properties

        install_i18n_properties()
        import summitry.celery  # noqa: F401 - the task queue's app, configured from the settings

        registry.add_urls("summitry.core.urls", order=0)
        from . import operations, pagecache  # noqa: F401 - operations: the heartbeat task, metrics

        pagecache.connect_signals()
        registry.add_metric_provider(operations.outbox_metrics)
        pre_save.connect(_refuse_control_characters, dispatch_uid="summitry-text-rule")


def _refuse_control_characters(sender, instance, update_fields=None, **kwargs) -> None:
    """The last line of ``core.text``'s rule: whatever path a write takes (services validate
    first, with the message at the field), no control character reaches our tables. A save of
    some fields checks only those, so a row stored before the rule can still change state."""
    if not sender.__module__.startswith("summitry."):
        return
    from .text import check_instance

    if update_fields is None:
        check_instance(instance)
    else:
        names = {sender._meta.get_field(name).name for name in update_fields}
        check_instance(
            instance, exclude=[f.name for f in sender._meta.concrete_fields if f.name not in names]
        )
