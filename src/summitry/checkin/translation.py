"""Check-in's bilingual content fields (see summitry.core.bilingual)."""

from modeltranslation.translator import TranslationOptions, register

from .models import AccreditationCategory, BadgeLayout, Zone


@register(Zone)
class ZoneTranslation(TranslationOptions):
    fields = ("name",)


@register(AccreditationCategory)
class AccreditationCategoryTranslation(TranslationOptions):
    fields = ("name",)


@register(BadgeLayout)
class BadgeLayoutTranslation(TranslationOptions):
    fields = ("name",)
