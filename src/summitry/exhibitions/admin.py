"""Exhibitions in Django's admin (read-mostly; the console is where staff work)."""

from django.contrib import admin

from .models import Booth, Exhibition, Exhibitor, FloorPlan, Theme


@admin.register(Exhibition)
class ExhibitionAdmin(admin.ModelAdmin):
    list_display = ("title", "summit", "kind", "is_public")
    list_filter = ("summit", "kind")


@admin.register(Exhibitor)
class ExhibitorAdmin(admin.ModelAdmin):
    list_display = ("name", "exhibition", "status", "is_sample")
    list_filter = ("status", "exhibition")
    search_fields = ("name_ko", "name_en")


admin.site.register(Theme)
admin.site.register(FloorPlan)
admin.site.register(Booth)
