"""The awards' bilingual content fields (see summitry.core.bilingual)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Application, Award, Category, Question, Winner


@register(Award)
class AwardTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Category)
class CategoryTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("label", "help_text")


@register(Application)
class ApplicationTranslation(TranslationOptions):
    fields = ("title", "eligibility_reason")


@register(Winner)
class WinnerTranslation(TranslationOptions):
    fields = ("prize_title",)
