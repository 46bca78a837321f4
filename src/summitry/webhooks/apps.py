"""App configuration of webhooks: summits' events pushed, signed, to other systems."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "summitry.webhooks"
    label = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self) -> None:
        from summitry.core import registry
        from summitry.core.registry import ConsoleLink, ConsoleSection

        from . import access, services
        from .api import router

        registry.add_permission(
            access.PERMISSION,
            _("Webhooks"),
            _("Send the summit's events to other systems; see what was sent and answered."),
            order=95,
        )
        registry.add_console_section(
            ConsoleSection(
                "webhooks",
                _("Integrations"),
                (
                    ConsoleLink(
                        _("Webhooks"),
                        "webhooks:index",
                        access.PERMISSION,
                        also=(
                            "webhooks:new",
                            "webhooks:subscription",
                            "webhooks:edit",
                            "webhooks:delivery",
                        ),
                    ),
                ),
                order=95,
            )
        )
        registry.add_event_subscriber(services.on_event)
        registry.add_api_router(
            router,
            order=95,
            description="Webhooks: subscriptions to a summit's events and their deliveries.",
        )
        registry.add_urls("summitry.webhooks.urls", order=95)
