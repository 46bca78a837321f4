"""The press room's bilingual content fields (see summitry.core.bilingual)."""

from modeltranslation.translator import TranslationOptions, register

from .models import (
    Accreditation,
    Mailing,
    MailTemplate,
    PressRelease,
    ReleaseAttachment,
    ReleaseContact,
)


@register(PressRelease)
class PressReleaseTranslation(TranslationOptions):
    fields = ("headline", "summary", "body", "department")


@register(ReleaseContact)
class ReleaseContactTranslation(TranslationOptions):
    fields = ("title",)


@register(Accreditation)
class AccreditationTranslation(TranslationOptions):
    fields = ("reason",)


@register(MailTemplate)
class MailTemplateTranslation(TranslationOptions):
    fields = ("subject", "body")


@register(Mailing)
class MailingTranslation(TranslationOptions):
    fields = ("subject", "message")


@register(ReleaseAttachment)
class ReleaseAttachmentTranslation(TranslationOptions):
    fields = ("caption",)
