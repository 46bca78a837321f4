"""The exhibitions' bilingual content fields (see summitry.core.bilingual)."""

from modeltranslation.translator import TranslationOptions, register

from .models import (
    Exhibition,
    Exhibitor,
    ExhibitorStaff,
    FloorPlan,
    Investor,
    PitchingCompany,
    Product,
    ProductPhoto,
    Theme,
)


@register(Exhibition)
class ExhibitionTranslation(TranslationOptions):
    fields = ("title", "description", "hall")


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name",)


@register(FloorPlan)
class FloorPlanTranslation(TranslationOptions):
    fields = ("name",)


@register(Exhibitor)
class ExhibitorTranslation(TranslationOptions):
    fields = ("name", "summary", "description", "department", "figures", "note")


@register(Product)
class ProductTranslation(TranslationOptions):
    fields = ("name", "description")


@register(ProductPhoto)
class ProductPhotoTranslation(TranslationOptions):
    fields = ("caption",)


@register(PitchingCompany)
class PitchingCompanyTranslation(TranslationOptions):
    fields = ("summary",)


@register(Investor)
class InvestorTranslation(TranslationOptions):
    fields = ("notes", "profile")


@register(ExhibitorStaff)
class ExhibitorStaffTranslation(TranslationOptions):
    fields = ("position",)
