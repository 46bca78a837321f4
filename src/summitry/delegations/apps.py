"""App configuration of delegations and registration."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DelegationsConfig(AppConfig):
    name = "summitry.delegations"
    label = "delegations"
    verbose_name = _("Delegations and registration")
