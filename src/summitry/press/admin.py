"""The press room in the back office."""

from django.contrib import admin

from summitry.core.admin import BilingualAdmin

from .models import Accreditation, PressRelease, ReleaseContact


class ContactInline(admin.TabularInline):
    model = ReleaseContact
    extra = 0
    autocomplete_fields = ("person",)


@admin.register(PressRelease)
class PressReleaseAdmin(BilingualAdmin):
    list_display = ("__str__", "summit", "status", "embargo_at")
    list_filter = ("summit", "status")
    inlines = [ContactInline]
    readonly_fields = ("approved_by", "approved_at", "published_at", "figures")


@admin.register(Accreditation)
class AccreditationAdmin(BilingualAdmin):
    list_display = ("name", "outlet", "summit", "status", "is_sample")
    list_filter = ("summit", "status")
    readonly_fields = ("decided_by", "decided_at")
