"""Back office for invitations, delegations, their members and history."""

from django.contrib import admin

from summitry.core.admin import SummitZoneInlineMixin, SummitZoneMixin

from .models import CountSnapshot, Delegate, Delegation, Invitation, StatusChange


class DelegateInline(SummitZoneInlineMixin, admin.TabularInline):
    model = Delegate
    fields = ["person", "role", "place", "arrival_at", "departure_at", "interpretation_language"]
    autocomplete_fields = ["person"]
    extra = 0


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    fields = ["at", "from_status", "to_status", "actor", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Delegation)
class DelegationAdmin(SummitZoneMixin, admin.ModelAdmin):
    list_display = ["organisation", "summit", "status", "contact", "registered_at", "is_sample"]
    list_filter = ["summit", "status", "organisation__kind", "is_sample"]
    search_fields = ["organisation__name_en", "organisation__name_ko"]
    autocomplete_fields = ["organisation"]
    # Status moves go through the review page, so that each is recorded in the history.
    readonly_fields = ["status", "registered_at", "withdrawn_at", "invitation"]
    inlines = [DelegateInline, StatusChangeInline]


@admin.register(Invitation)
class InvitationAdmin(SummitZoneMixin, admin.ModelAdmin):
    list_display = [
        "organisation",
        "summit",
        "contact_email",
        "language",
        "expires_at",
        "claimed_at",
        "revoked_at",
    ]
    list_filter = ["summit", "language"]
    search_fields = ["organisation__name_en", "organisation__name_ko", "contact_email"]
    readonly_fields = ["summit", "organisation", "created_at", "created_by", "claimed_at"]

    def has_add_permission(self, request):
        # An invitation is made with its e-mail on the delegations page (or the API).
        return False


@admin.register(CountSnapshot)
class CountSnapshotAdmin(admin.ModelAdmin):
    list_display = ["summit", "as_of", "frozen_at", "frozen_by"]
    readonly_fields = ["summit", "as_of", "counts", "frozen_at", "frozen_by"]


@admin.register(Delegate)
class DelegateAdmin(SummitZoneMixin, admin.ModelAdmin):
    list_display = ["person", "delegation", "role", "place", "arrival_at"]
    list_filter = ["delegation__summit", "role", "place"]
    search_fields = ["person__family_name", "person__given_name", "person__name_hangul"]
    autocomplete_fields = ["person"]
