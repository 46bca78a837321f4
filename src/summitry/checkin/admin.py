"""Back office for check-in: zones and categories are set up here."""

from django.contrib import admin

from summitry.core.admin import BilingualAdmin

from .models import AccreditationCategory, Badge, BadgePrint, Scan, Zone


@admin.register(Zone)
class ZoneAdmin(BilingualAdmin):
    list_display = ["__str__", "summit", "position"]
    list_filter = ["summit"]


@admin.register(AccreditationCategory)
class AccreditationCategoryAdmin(BilingualAdmin):
    list_display = ["__str__", "summit", "colour"]
    list_filter = ["summit"]
    filter_horizontal = ["zones"]


@admin.register(Badge)
class BadgeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "summit", "category", "version", "printed_at", "revoked_at"]
    list_filter = ["summit", "category"]
    raw_id_fields = ["delegate"]
    readonly_fields = ["version", "issued_at", "printed_at", "revoked_at"]


@admin.register(Scan)
class ScanAdmin(admin.ModelAdmin):
    list_display = ["at", "summit", "zone", "badge", "result", "reason", "door"]
    list_filter = ["summit", "result", "reason"]
    raw_id_fields = ["badge"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(BadgePrint)
class BadgePrintAdmin(admin.ModelAdmin):
    list_display = ["__str__", "summit", "requested_by", "finished_at"]
    list_filter = ["summit"]
    readonly_fields = ["badge_ids", "requested_by", "finished_at", "file"]
