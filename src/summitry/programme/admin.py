"""Back office for the programme: items with their people; clashes are shown on saving."""

from django.contrib import admin, messages

from summitry.core.admin import BilingualAdmin, BilingualTabularInline

from .models import ItemPerson, ProgrammeItem, SignUp, SignUpGroup
from .services import clashes_of


class ItemPersonInline(BilingualTabularInline):
    model = ItemPerson
    autocomplete_fields = ["person"]


class SignUpGroupInline(BilingualTabularInline):
    model = SignUpGroup


class SignUpInline(admin.TabularInline):
    model = SignUp
    fields = ["delegate", "status", "group", "signed_up_at"]
    readonly_fields = ["delegate", "status", "signed_up_at"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        # Places are given by the sign-up service, which keeps the capacity.
        return False


@admin.register(ProgrammeItem)
class ProgrammeItemAdmin(BilingualAdmin):
    list_display = ["__str__", "summit", "kind", "starts_at", "ends_at", "audience", "parent"]
    list_filter = ["summit", "kind", "block", "audience"]
    search_fields = ["title_en", "title_ko"]
    autocomplete_fields = ["parent", "room", "invitees"]
    inlines = [ItemPersonInline, SignUpGroupInline, SignUpInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The editor warns; the API refuses unless forced (services.save_item).
        for clash in clashes_of(form.instance):
            messages.warning(request, clash.message)
