"""The judging's bilingual content fields (see summitry.core.bilingual)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Criterion, Judge, Round


@register(Judge)
class JudgeTranslation(TranslationOptions):
    fields = ("name", "organisation")


@register(Round)
class RoundTranslation(TranslationOptions):
    fields = ("name",)


@register(Criterion)
class CriterionTranslation(TranslationOptions):
    fields = ("name",)
