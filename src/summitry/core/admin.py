"""Back-office building blocks: bilingual fields side by side, and API tokens."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from .bilingual import LANGUAGE_CODES
from .models import ApiToken, OutboundMessage
from .text import apply_to_form_field
from .tokens import issue_token, revoke_token


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


class BilingualAdmin(EitherLanguageMixin, TranslationAdmin):
    """Model admin whose bilingual fields show Korean and English next to each other."""

    # Web addresses typed without a scheme are taken as https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_fieldsets(self, request, obj=None):
        return [
            (title, {**options, "fields": pair_language_fields(list(options["fields"]))})
            for title, options in super().get_fieldsets(request, obj)
        ]


class BilingualTabularInline(EitherLanguageMixin, TranslationTabularInline):
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
