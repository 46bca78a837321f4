"""The online items' bilingual content fields (see summitry.core.bilingual): quick polls
written by the moderator. Viewers' questions stay in the language they were asked in."""

from modeltranslation.translator import TranslationOptions, register

from .models import PersonZone, PollOption, QuickPoll, SpeakerPrep


@register(QuickPoll)
class QuickPollTranslation(TranslationOptions):
    fields = ("text",)


@register(PollOption)
class PollOptionTranslation(TranslationOptions):
    fields = ("label",)


@register(SpeakerPrep)
class SpeakerPrepTranslation(TranslationOptions):
    fields = ("zone_label",)


@register(PersonZone)
class PersonZoneTranslation(TranslationOptions):
    fields = ("zone_label",)
