"""The back office of online items."""

from django.contrib import admin

from .models import Assignment, Interpreter, OnlineItem, RosterRun, Stream


class StreamInline(admin.TabularInline):
    model = Stream
    extra = 0


@admin.register(OnlineItem)
class OnlineItemAdmin(admin.ModelAdmin):
    list_display = ("item", "format", "provider")
    list_filter = ("format",)
    inlines = [StreamInline]


@admin.register(Interpreter)
class InterpreterAdmin(admin.ModelAdmin):
    list_display = ("person", "summit", "rate", "rate_per")


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ("online", "channel", "interpreter", "via", "by_hand")


@admin.register(RosterRun)
class RosterRunAdmin(admin.ModelAdmin):
    list_display = ("summit", "requested_at", "state", "status")
