"""App configuration of the demo data (it only provides the `demo` command)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "summitry.demo"
    label = "demo"
    verbose_name = _("Demo data")
