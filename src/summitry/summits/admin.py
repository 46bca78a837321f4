"""Back office for summits, their organisations, themes, venues and rooms."""

from django.contrib import admin

from summitry.core.admin import BilingualAdmin, BilingualTabularInline

from .models import Room, SessionTheme, Summit, SummitOrganisation, Venue


class SummitOrganisationInline(admin.TabularInline):
    model = SummitOrganisation
    autocomplete_fields = ["organisation"]
    extra = 0


class SessionThemeInline(BilingualTabularInline):
    model = SessionTheme


class VenueInline(BilingualTabularInline):
    model = Venue
    fields = ["name", "is_main", "position"]
    show_change_link = True


class RoomInline(BilingualTabularInline):
    model = Room


@admin.register(Summit)
class SummitAdmin(BilingualAdmin):
    list_display = ["__str__", "edition", "start_date", "end_date", "format", "status"]
    list_filter = ["status", "format"]
    search_fields = ["name_ko", "name_en", "slug"]
    date_hierarchy = "start_date"
    inlines = [SummitOrganisationInline, SessionThemeInline, VenueInline]


@admin.register(Venue)
class VenueAdmin(BilingualAdmin):
    list_display = ["__str__", "summit", "is_main"]
    list_filter = ["summit"]
    search_fields = ["name_ko", "name_en"]
    inlines = [RoomInline]


@admin.register(Room)
class RoomAdmin(BilingualAdmin):
    list_display = ["__str__", "floor", "capacity"]
    list_filter = ["venue__summit"]
    search_fields = ["name_ko", "name_en", "venue__name_en", "venue__name_ko"]
