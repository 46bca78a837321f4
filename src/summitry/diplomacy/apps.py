"""App configuration of city diplomacy."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiplomacyConfig(AppConfig):
    name = "summitry.diplomacy"
    label = "diplomacy"
    verbose_name = _("City diplomacy")
