"""App configuration of awards: calls, applications, judging and winners."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "summitry.awards"
    label = "awards"
    verbose_name = _("Awards")
