"""Diplomacy's bilingual content fields (see summitry.core.bilingual)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Agreement, Gift, MeetingRequest


@register(MeetingRequest)
class MeetingRequestTranslation(TranslationOptions):
    fields = ("topic",)


@register(Gift)
class GiftTranslation(TranslationOptions):
    fields = ("description",)


@register(Agreement)
class AgreementTranslation(TranslationOptions):
    fields = ("title", "place")
