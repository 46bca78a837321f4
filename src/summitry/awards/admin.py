"""Back office for awards: the call (award, categories, questions) is set up here; staff screen
applications on the award's overview page (/<summit>/manage/awards/<award>/)."""

from django.contrib import admin

from summitry.core.admin import BilingualAdmin, BilingualTabularInline

from .models import Application, Award, Category, Question, Winner


class CategoryInline(BilingualTabularInline):
    model = Category
    fields = ["name", "parent", "description", "position"]
    extra = 0


class QuestionInline(BilingualTabularInline):
    model = Question
    fields = [
        "category",
        "kind",
        "label",
        "required",
        "word_limit",
        "choices",
        "min_value",
        "max_value",
        "file_types",
        "max_file_mb",
        "position",
    ]
    extra = 0


@admin.register(Award)
class AwardAdmin(BilingualAdmin):
    list_display = ["__str__", "summit", "opens_at", "closes_at", "results_published_at"]
    list_filter = ["summit"]
    search_fields = ["name_en", "name_ko", "slug"]
    autocomplete_fields = ["ceremony"]
    inlines = [CategoryInline, QuestionInline]


@admin.register(Category)
class CategoryAdmin(BilingualAdmin):
    list_display = ["__str__", "award", "parent", "position"]
    list_filter = ["award"]
    search_fields = ["name_en", "name_ko"]


@admin.register(Question)
class QuestionAdmin(BilingualAdmin):
    list_display = ["__str__", "award", "category", "kind", "required", "position"]
    list_filter = ["award", "kind"]


@admin.register(Application)
class ApplicationAdmin(BilingualAdmin):
    """Read-only: applicants write applications, staff screen them on the overview page."""

    list_display = [
        "__str__",
        "award",
        "category",
        "applicant_name",
        "country",
        "status",
        "eligibility",
        "is_sample",
    ]
    list_filter = ["award", "status", "eligibility", "is_sample", "category"]
    search_fields = ["reference", "applicant_name", "title_en", "title_ko"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Winner)
class WinnerAdmin(BilingualAdmin):
    """Read-only: winners are decided by the judging's final round."""

    list_display = ["__str__", "award", "category", "rank", "decided_at"]
    list_filter = ["award", "category"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
