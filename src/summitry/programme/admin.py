"""Back office for the programme: items with their people; clashes are shown on saving; times
in the summit's zone (the console's grid is where the programme is edited day to day)."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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


def _in_its_zone(item, moment) -> str:
    """A time of the list in the item's own summit's zone, saying which (a list may hold
    several summits')."""
    local = timezone.localtime(moment, item.summit.zone)
    return f"{local:%Y-%m-%d %H:%M} ({item.summit.time_zone})"


@admin.register(ProgrammeItem)
class ProgrammeItemAdmin(BilingualAdmin):
    list_display = ["__str__", "summit", "kind", "starts", "ends", "audience", "parent"]
    list_select_related = ["summit", "parent"]
    list_filter = ["summit", "kind", "block", "audience"]
    search_fields = ["title_en", "title_ko"]
    autocomplete_fields = ["parent", "room", "invitees"]
    inlines = [ItemPersonInline, SignUpGroupInline, SignUpInline]

    @admin.display(description=_("starts"), ordering="starts_at")
    def starts(self, item):
        return _in_its_zone(item, item.starts_at)

    @admin.display(description=_("ends"), ordering="ends_at")
    def ends(self, item):
        return _in_its_zone(item, item.ends_at)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The editor warns; the API refuses unless forced (services.save_item).
        for clash in clashes_of(form.instance):
            messages.warning(request, clash.message)
