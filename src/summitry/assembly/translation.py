"""The assemblies' bilingual content fields (see summitry.core.bilingual)."""

from modeltranslation.translator import TranslationOptions, register

from .models import AgendaItem, Assembly, Motion, Poll


@register(Assembly)
class AssemblyTranslation(TranslationOptions):
    fields = ("title", "minutes_notes")


@register(AgendaItem)
class AgendaItemTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Motion)
class MotionTranslation(TranslationOptions):
    fields = ("title", "text")


@register(Poll)
class PollTranslation(TranslationOptions):
    fields = ("title",)
