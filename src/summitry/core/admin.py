"""Back-office building blocks: bilingual fields side by side, times in the summit's zone,
and API tokens."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from .bilingual import LANGUAGE_CODES
from .models import ApiToken, OutboundMessage
from .scoping import summit_of
from .text import apply_to_form_field
from .timezones import utc_offset_label
from .tokens import issue_token, revoke_token

# Where a request remembers the summit whose zone its admin page works in (for the inlines).
_ZONE_SUMMIT = "_summitry_admin_summit"


def pair_language_fields(fields: list) -> list:
    """Put ``x_ko`` and ``x_en`` on one row of the form, so both versions stand side by side."""
    rows: list = []
    for name in fields:
        base, _sep, lang = name.rpartition("_") if isinstance(name, str) else ("", "", "")
        if base and lang in LANGUAGE_CODES:
            if rows and isinstance(rows[-1], tuple) and rows[-1][0].startswith(base + "_"):
                rows[-1] = (*rows[-1], name)
                continue
            rows.append((name,))
        else:
            rows.append(name)
    return [row[0] if isinstance(row, tuple) and len(row) == 1 else row for row in rows]


class EitherLanguageMixin:
    """modeltranslation requires the Korean version of a required field; Summitry asks for
    either language (the model's constraint) and shows a missing one as a marked fallback.
    Text fields refuse control characters (``core.text``)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and hasattr(db_field, "translated_field"):
            field.required = False
        if field is not None:
            apply_to_form_field(field)
        return field


def _label_zone(form_class, summit) -> None:
    """Say on every date-time field of the form which zone its time is in."""
    for field in form_class.base_fields.values():
        if isinstance(field, forms.DateTimeField | forms.SplitDateTimeField):
            if summit is None:
                field.help_text = gettext("In the time zone of the chosen summit.")
            else:
                field.help_text = gettext("In the summit's time zone (%(zone)s, %(offset)s).") % {
                    "zone": summit.time_zone,
                    "offset": utc_offset_label(summit.time_zone),
                }


class SummitZoneMixin:
    """The admin of something that belongs to a summit (or of a summit) reads, shows and takes
    its times in the summit's own zone, and says so on each date-time field. A new row takes
    the zone of the summit chosen in its form; a list filtered by summit shows that summit's
    zone."""

    def _summit_chosen(self, request, prefix: str = ""):
        lookup = getattr(self.model, "summit_lookup", "")
        first = lookup.split("__")[0]
        if not first:
            return None
        raw = request.POST.get(first) or request.GET.get(first) or request.GET.get(prefix)
        if not (raw and str(raw).isdigit()):
            return None
        related = self.model._meta.get_field(first).related_model
        return summit_of(related._default_manager.filter(pk=raw).first())

    def _activate(self, request, summit) -> None:
        setattr(request, _ZONE_SUMMIT, summit)
        if summit is not None and hasattr(summit, "zone"):
            # Activated, not overridden: the response is rendered after the view returns;
            # core's middleware deactivates it at the end of the request.
            timezone.activate(summit.zone)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        found = self.get_object(request, unquote(object_id)) if object_id else None
        summit = summit_of(found) if found is not None else self._summit_chosen(request)
        self._activate(request, summit)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        first = getattr(self.model, "summit_lookup", "").split("__")[0]
        if first:
            self._activate(request, self._summit_chosen(request, f"{first}__id__exact"))
        return super().changelist_view(request, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        _label_zone(form, getattr(request, _ZONE_SUMMIT, None))
        return form


class SummitZoneInlineMixin:
    """An inline of such an admin: its date-time fields say the zone too."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        _label_zone(formset.form, getattr(request, _ZONE_SUMMIT, None))
        return formset


class BilingualAdmin(SummitZoneMixin, EitherLanguageMixin, TranslationAdmin):
    """Model admin whose bilingual fields show Korean and English next to each other."""

    # Web addresses typed without a scheme are taken as https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_fieldsets(self, request, obj=None):
        return [
            (title, {**options, "fields": pair_language_fields(list(options["fields"]))})
            for title, options in super().get_fieldsets(request, obj)
        ]


class BilingualTabularInline(SummitZoneInlineMixin, EitherLanguageMixin, TranslationTabularInline):
    extra = 0


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Staff make and revoke their own tokens; only a superuser sees everyone's. A token is
    always for the person signed in, so no one can act through the API as someone else."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "prefix"]
    actions = ["revoke"]

    def get_queryset(self, request):
        tokens = super().get_queryset(request).select_related("user")
        return tokens if request.user.is_superuser else tokens.filter(user=request.user)

    def get_fields(self, request, obj=None):
        return (
            ["name"]
            if obj is None
            else ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
        )

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["user", "prefix", "created_at", "last_used_at", "revoked_at"]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        token, secret = issue_token(user=request.user, name=obj.name)
        obj.pk = token.pk
        messages.warning(
            request,
            _("The new token is %(secret)s — copy it now; it is not shown again.")
            % {"secret": secret},
        )

    @admin.action(description=_("Revoke the selected tokens"), permissions=["change"])
    def revoke(self, request, queryset):
        for token in queryset:
            revoke_token(token=token)


@admin.register(OutboundMessage)
class OutboundMessageAdmin(admin.ModelAdmin):
    """The outbox: every e-mail as it was sent, to read, never to change."""

    list_display = ["created_at", "recipient", "subject", "kind", "language", "sent_at"]
    list_filter = ["kind", "language", "summit"]
    search_fields = ["recipient", "subject"]
    readonly_fields = [
        "summit",
        "kind",
        "recipient",
        "language",
        "subject",
        "body",
        "created_at",
        "sent_at",
        "error",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
