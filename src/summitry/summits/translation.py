"""The bilingual content fields of summits (see summitry.core.bilingual)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Room, SessionTheme, Summit, Team, Venue


@register(Summit)
class SummitTranslation(TranslationOptions):
    fields = ("name", "theme", "description")


@register(SessionTheme)
class SessionThemeTranslation(TranslationOptions):
    fields = ("title",)


@register(Venue)
class VenueTranslation(TranslationOptions):
    fields = ("name", "address")


@register(Room)
class RoomTranslation(TranslationOptions):
    fields = ("name",)


@register(Team)
class TeamTranslation(TranslationOptions):
    fields = ("name",)
