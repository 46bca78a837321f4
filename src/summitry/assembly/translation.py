"""The assemblies' bilingual content fields (see summitry.core.bilingual)."""

from modeltranslation.translator import TranslationOptions, register

from .models import AgendaDocument, AgendaItem, Assembly, Motion, Poll, Signatory


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


@register(AgendaDocument)
class AgendaDocumentTranslation(TranslationOptions):
    fields = ("title",)


@register(Signatory)
class SignatoryTranslation(TranslationOptions):
    fields = ("signer_name", "signer_title")
