"""Back office for city diplomacy: settings, interpreters, meetings, gifts and agreements."""

from django.contrib import admin

from summitry.core.admin import BilingualAdmin

from .models import (
    Agreement,
    AgreementChange,
    AgreementDocument,
    DiplomacySettings,
    Gift,
    Interpreter,
    MeetingRequest,
)


@admin.register(DiplomacySettings)
class DiplomacySettingsAdmin(admin.ModelAdmin):
    list_display = ["summit", "meeting_minutes", "precedence_rule"]
    filter_horizontal = ["rooms"]


@admin.register(Interpreter)
class InterpreterAdmin(admin.ModelAdmin):
    list_display = ["name", "summit", "language_a", "language_b"]
    list_filter = ["summit"]


@admin.register(MeetingRequest)
class MeetingRequestAdmin(BilingualAdmin):
    list_display = [
        "__str__",
        "summit",
        "status",
        "starts_at",
        "room",
        "pinned",
        "published_at",
        "is_sample",
    ]
    list_filter = ["summit", "status", "pinned", "is_sample"]
    autocomplete_fields = ["requester", "counterpart", "attendees"]
    # Answers, the schedule and publication go through the diplomacy pages (or the API).
    readonly_fields = ["status", "item", "published_at", "responded_at", "created_by"]


@admin.register(Gift)
class GiftAdmin(BilingualAdmin):
    list_display = ["__str__", "summit", "direction", "counterpart", "date", "value", "is_sample"]
    list_filter = ["summit", "direction", "is_sample"]
    autocomplete_fields = ["counterpart"]


class AgreementChangeInline(admin.TabularInline):
    model = AgreementChange
    fields = ["at", "from_status", "to_status", "actor", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class AgreementDocumentInline(admin.TabularInline):
    model = AgreementDocument
    fields = ["language", "file", "uploaded_at"]
    readonly_fields = ["uploaded_at"]
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(BilingualAdmin):
    list_display = ["__str__", "summit", "partner", "kind", "status", "signed_on", "is_sample"]
    list_filter = ["summit", "kind", "status", "is_sample"]
    autocomplete_fields = ["partner", "signatories"]
    # Status steps go through the register page, so that each is in the history.
    readonly_fields = ["status", "ceremony"]
    inlines = [AgreementChangeInline, AgreementDocumentInline]
