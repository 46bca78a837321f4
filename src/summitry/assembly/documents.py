"""Documents of the agenda (issue 16, item 2): the assembly's staff attach a report or a
motion's annex to an agenda item or a motion, in Korean, English or both. The file is checked
by its content (a PDF, an office document of Word, Excel, PowerPoint, Hangul or OpenDocument
text; no macros), stored outside the web root and served only by ``views.document``: to staff
always, to the members once a circulation of the agenda has carried it."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from summitry.core import audit
from summitry.core import services as core
from summitry.core.bilingual import translated_originals

from . import access
from .models import AgendaDocument, DocumentLanguage

MAX_MB = 20
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound file of HWP 5 documents
# Office files are zip archives: the part each one must hold.
ZIPPED = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}
OPEN_MIME = {
    "hwpx": b"application/hwp+zip",
    "odt": b"application/vnd.oasis.opendocument.text",
}
TYPES = ("pdf", "docx", "xlsx", "pptx", "hwp", "hwpx", "odt")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "hwp": "application/x-hwp",
    "hwpx": "application/hwp+zip",
    "odt": "application/vnd.oasis.opendocument.text",
}


def _not_a(extension: str) -> ValidationError:
    return ValidationError(
        {"file": [_("This file is not a %(type)s document.") % {"type": extension.upper()}]}
    )


def check(upload) -> str:
    """The file's type (its extension, lower case) when its content is what the name says,
    else a ValidationError saying what is wrong."""
    if upload is None:
        raise ValidationError({"file": [_("Choose a file.")]})
    extension = PurePath(upload.name or "").suffix.lower().lstrip(".")
    if extension not in TYPES:
        raise ValidationError(
            {
                "file": [
                    _("Attach a document of type %(types)s.")
                    % {"types": ", ".join(t.upper() for t in TYPES)}
                ]
            }
        )
    if not upload.size:
        raise ValidationError({"file": [_("The file is empty.")]})
    if upload.size > MAX_MB * 1024 * 1024:
        raise ValidationError({"file": [_("The file is larger than %(mb)s MB.") % {"mb": MAX_MB}]})
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if extension == "pdf":
        if not head.startswith(b"%PDF-"):
            raise _not_a(extension)
        return extension
    if extension == "hwp":
        if head != OLE:
            raise _not_a(extension)
        return extension
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if extension in ZIPPED:
                ok = "[Content_Types].xml" in names and ZIPPED[extension] in names
                # Macros are refused whatever the name says (vbaProject.bin).
                ok = ok and not any(n.lower().endswith("vbaproject.bin") for n in names)
            else:
                ok = "mimetype" in names and (
                    archive.read("mimetype").strip() == OPEN_MIME[extension]
                )
    except (zipfile.BadZipFile, KeyError, OSError):
        ok = False
    upload.seek(0)
    if not ok:
        raise _not_a(extension)
    return extension


def _require_staff(actor, summit) -> None:
    if not access.is_staff_for(actor, summit):
        raise PermissionDenied(_("Only the assembly's staff may do this."))


def _digest(upload) -> str:
    upload.seek(0)
    found = hashlib.sha256()
    for chunk in upload.chunks():
        found.update(chunk)
    upload.seek(0)
    return found.hexdigest()


@transaction.atomic
def attach(
    *, actor, assembly, upload, title: dict, language: str, agenda_item=None, motion=None
) -> AgendaDocument:
    """Attach ``upload`` to an agenda item or a motion of ``assembly`` (one of them)."""
    _require_staff(actor, assembly.summit)
    if (agenda_item is None) == (motion is None):
        raise ValidationError(
            {"target": [_("Attach the document to an agenda item or to a motion.")]}
        )
    target = agenda_item or motion
    if target.assembly_id != assembly.pk:
        raise ValidationError({"target": [_("Choose an item or a motion of this assembly.")]})
    if language not in DocumentLanguage.values:
        raise ValidationError({"language": [_("Choose the language of the document.")]})
    extension = check(upload)
    document = AgendaDocument(
        assembly=assembly,
        agenda_item=agenda_item,
        motion=motion,
        language=language,
        file_name=PurePath(upload.name or "").name[:200],
        size=upload.size,
        sha256=_digest(upload),
        added_by=actor,
        **core.flatten_bilingual({"title": title}),
    )
    try:
        document.full_clean(
            exclude=[*translated_originals(AgendaDocument), "file", "added_by", "circulated_in"]
        )
    except ValidationError as error:
        raise ValidationError(error.message_dict) from None
    document.save()
    document.file.save(f"{document.pk}.{extension}", upload, save=True)
    audit.record(actor=actor, obj=document, action="added")
    return document


@transaction.atomic
def remove(*, actor, document: AgendaDocument) -> None:
    """Remove a document (and its file, once the removal is committed)."""
    _require_staff(actor, document.assembly.summit)
    stored = document.file.name
    storage = document.file.storage
    core.delete(actor=actor, instance=document)
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))


def content_type(document: AgendaDocument) -> str:
    extension = PurePath(document.file.name).suffix.lower().lstrip(".")
    return CONTENT_TYPES.get(extension, "application/octet-stream")


def download(document: AgendaDocument):
    """The document's file as a download that no shared cache keeps (the caller has checked
    who may read it)."""
    response = FileResponse(
        document.file.open("rb"),
        content_type=content_type(document),
        as_attachment=True,
        filename=document.file_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response
