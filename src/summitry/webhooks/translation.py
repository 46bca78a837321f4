"""Bilingual fields of webhooks."""

from modeltranslation.translator import TranslationOptions, register

from .models import Subscription


@register(Subscription)
class SubscriptionTranslation(TranslationOptions):
    fields = ("name",)
