"""The programme's bilingual content fields (see summitry.core.bilingual)."""

from modeltranslation.translator import TranslationOptions, register

from .models import ItemPerson, ProgrammeItem, SignUpGroup


@register(ProgrammeItem)
class ProgrammeItemTranslation(TranslationOptions):
    fields = ("title", "description", "place", "address")


@register(ItemPerson)
class ItemPersonTranslation(TranslationOptions):
    fields = ("presentation_title",)


@register(SignUpGroup)
class SignUpGroupTranslation(TranslationOptions):
    fields = ("name", "meeting_point")
