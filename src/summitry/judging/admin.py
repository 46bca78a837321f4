"""Back office for judges, rounds and their criteria, conflicts, assignments and scores."""

from django.contrib import admin

from summitry.core.admin import BilingualAdmin, BilingualTabularInline

from .models import Assignment, Conflict, Criterion, Judge, Round, Score, ShortlistEntry


class CriterionInline(BilingualTabularInline):
    model = Criterion
    fields = ["name", "weight", "scale", "position"]


@admin.register(Judge)
class JudgeAdmin(BilingualAdmin):
    list_display = ["name", "award", "organisation", "country", "is_active", "is_sample"]
    list_filter = ["award", "country", "is_active", "is_sample"]
    search_fields = ["name_en", "name_ko", "organisation_en", "organisation_ko", "user__username"]
    raw_id_fields = ["user"]


@admin.register(Round)
class RoundAdmin(BilingualAdmin):
    list_display = ["name", "award", "number", "method", "opens_at", "closes_at", "is_final"]
    list_filter = ["award", "method"]
    readonly_fields = ["assigned_at", "decided_at"]
    inlines = [CriterionInline]


@admin.register(Conflict)
class ConflictAdmin(admin.ModelAdmin):
    list_display = ["judge", "application", "declared_at"]
    raw_id_fields = ["judge", "application"]


# Assignments and scores change only through the checked pages and API; the back office
# shows them read-only.
class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ["round", "application", "judge", "manual"]
    list_filter = ["round"]


@admin.register(Score)
class ScoreAdmin(ReadOnlyAdmin):
    list_display = ["assignment", "value", "abstained", "updated_at"]
    list_filter = ["assignment__round", "abstained"]


@admin.register(ShortlistEntry)
class ShortlistAdmin(ReadOnlyAdmin):
    list_display = ["round", "application"]
    list_filter = ["round"]
