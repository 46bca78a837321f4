"""The one mechanism for bilingual content: Korean and English columns per field.

A content field is declared once on the model (``name = models.CharField(...)``) and registered
in the app's ``translation.py`` with django-modeltranslation, which adds ``name_ko`` and
``name_en`` columns. Everything that shows or exchanges such a field goes through this module,
so a missing translation falls back to the other language *visibly*, never to an empty string.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

LANGUAGE_CODES: tuple[str, ...] = tuple(code for code, _name in settings.LANGUAGES)


def other_language(lang: str) -> str:
    return next(code for code in LANGUAGE_CODES if code != lang)


def current_language() -> str:
    lang = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return lang if lang in LANGUAGE_CODES else settings.LANGUAGE_CODE


@dataclass(frozen=True)
class Localised:
    """A content value chosen for one language, and the language it is really written in."""

    text: str
    lang: str
    wanted: str

    @property
    def is_fallback(self) -> bool:
        return bool(self.text) and self.lang != self.wanted

    def __str__(self) -> str:
        return self.text

    def __html__(self) -> SafeString:
        if not self.is_fallback:
            return format_html("{}", self.text)
        language_name = dict(settings.LANGUAGES)[self.lang]
        return format_html(
            '<span lang="{}" class="fallback">{}'
            '<span class="fallback-tag" title="{}">{}</span></span>',
            self.lang,
            self.text,
            gettext("Not yet translated; shown in %(language)s") % {"language": language_name},
            self.lang.upper(),
        )


def values(obj: models.Model, field: str) -> dict[str, str]:
    """Both language versions of a field, as stored (empty string where missing)."""
    return {lang: getattr(obj, f"{field}_{lang}") or "" for lang in LANGUAGE_CODES}


def localise(obj: models.Model, field: str, lang: str | None = None) -> Localised:
    """The field in ``lang`` (default: the active language), or else in the other language."""
    wanted = lang or current_language()
    stored = values(obj, field)
    for candidate in (wanted, other_language(wanted)):
        if stored[candidate].strip():
            return Localised(stored[candidate], candidate, wanted)
    return Localised("", wanted, wanted)


def at_least_one_language(field: str, *, name: str, label) -> models.CheckConstraint:
    """A database constraint: the field is filled in Korean or in English (or both).

    ``label`` is the field's (lazily translated) verbose name, used in the message."""
    from django.utils.text import format_lazy
    from django.utils.translation import gettext_lazy

    condition = models.Q()
    for lang in LANGUAGE_CODES:
        # Translation columns are nullable, and a CHECK on NULL passes: exclude it explicitly.
        condition |= models.Q(**{f"{field}_{lang}__isnull": False, f"{field}_{lang}__gt": ""})
    return models.CheckConstraint(
        condition=condition,
        name=name,
        # format_lazy keeps the message lazy: it is rendered in the reader's language.
        violation_error_message=format_lazy(
            gettext_lazy("Fill in the {field} in Korean, in English, or both."), field=label
        ),
    )


def translated_originals(model: type[models.Model]) -> list[str]:
    """The bilingual fields of a model (``name``, not ``name_ko``/``name_en``)."""
    from modeltranslation.translator import NotRegistered, translator

    try:
        return list(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return []


def install_i18n_properties() -> None:
    """Give each registered model a read-only ``<field>_i18n`` property per bilingual field,
    returning ``{"ko": ..., "en": ...}``; the API's output schemas read it."""
    from modeltranslation.translator import translator

    for model in translator.get_registered_models():
        for field in translator.get_options_for_model(model).fields:
            attribute = f"{field}_i18n"
            if not hasattr(model, attribute):
                setattr(model, attribute, property(lambda obj, f=field: values(obj, f)))
