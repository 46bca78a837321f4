"""Back office for assemblies: the members of a body, an assembly with its voting rights,
agenda, motions and polls are set up here; votes are opened, cast and closed on the pages
(the console, the voting page), never here. The ballot box has no admin page at all."""

from django.contrib import admin

from summitry.core.admin import BilingualAdmin, BilingualTabularInline

from .models import AgendaItem, Assembly, Member, Motion, Poll, VotingRight


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = [
        "organisation",
        "body",
        "membership_class",
        "votes",
        "good_standing",
        "is_sample",
    ]
    list_filter = ["body", "membership_class", "votes", "good_standing", "is_sample"]
    search_fields = ["organisation__name_en", "organisation__name_ko"]
    autocomplete_fields = ["body", "organisation"]


class AgendaItemInline(BilingualTabularInline):
    model = AgendaItem
    fk_name = "assembly"
    fields = ["position", "kind", "title", "description", "approves_minutes"]
    extra = 0


class VotingRightInline(admin.TabularInline):
    model = VotingRight
    fk_name = "assembly"
    fields = ["member", "delegate", "proxy", "present"]
    raw_id_fields = ["member", "delegate", "proxy"]
    extra = 0


@admin.register(Assembly)
class AssemblyAdmin(BilingualAdmin):
    list_display = ["__str__", "summit", "body", "chair", "starts_at"]
    list_filter = ["summit"]
    search_fields = ["title_en", "title_ko", "slug"]
    autocomplete_fields = ["body", "chair"]
    raw_id_fields = ["checkin_zone"]
    inlines = [AgendaItemInline, VotingRightInline]


@admin.register(Motion)
class MotionAdmin(BilingualAdmin):
    list_display = ["__str__", "assembly", "agenda_item", "state"]
    list_filter = ["assembly", "state"]


@admin.register(Poll)
class PollAdmin(BilingualAdmin):
    """Set up here; the state, the quorum figures and the result are written by the services."""

    list_display = ["__str__", "assembly", "kind", "method", "state"]
    list_filter = ["assembly", "kind", "state"]
    readonly_fields = [
        "state",
        "opens_at",
        "closed_at",
        "present_at_open",
        "members_at_open",
        "quorum_met",
        "override_reason",
        "result",
        "bulletin_digest",
    ]
    filter_horizontal = ["candidates"]
