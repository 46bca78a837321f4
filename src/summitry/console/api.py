"""REST API of a summit's e-mail templates: every automatic e-mail, the summit's own text of
it per language (read, set, deleted to go back to the default), for a token of staff holding
the ``mail_templates`` permission at the summit."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from summitry.core import exports, mailtemplates
from summitry.core.api import TokenAuth
from summitry.core.schemas import ExportRunOut, Problem, UtcDateTime
from summitry.summits import permissions
from summitry.summits import queries as summit_queries
from summitry.summits.permissions import summit_permission

router = Router(tags=["summits"], auth=TokenAuth())
ERRORS = {400: Problem, 401: Problem, 403: Problem, 404: Problem}
BASE = "/summits/{slug}/mail-templates"


class PlaceholderOut(Schema):
    name: str = Field(..., description="Used as {{ name }} in the subject and body.")
    help: str


class MailTemplateOut(Schema):
    key: str = Field(..., description="The e-mail's name, e.g. delegations.email.invitation.")
    template: str
    title: str
    description: str
    placeholders: list[PlaceholderOut]
    customised: list[str] = Field(..., description="Languages with the summit's own text.")


class MailTextOut(Schema):
    language: str
    customised: bool
    subject: str = Field(..., description="The text in use (the summit's own or the default).")
    body: str
    default_subject: str
    default_body: str
    updated_at: UtcDateTime | None


class MailTemplateDetailOut(MailTemplateOut):
    texts: list[MailTextOut]


class MailTextIn(Schema):
    subject: str = Field(..., max_length=300)
    body: str


def _summit(request: HttpRequest, slug: str):
    summit = summit_queries.in_its_zone(request, slug)
    permissions.require(
        summit_permission("mail_templates"),
        request.user,
        summit,
        _("You may not change this summit's e-mail templates."),
    )
    return summit


def _mail(key: str):
    mail = mailtemplates.by_key(key)
    if mail is None:
        raise Http404(_("There is no such e-mail."))
    return mail


def _out(mail, own_languages) -> dict:
    return {
        "key": mail.key,
        "template": mail.template,
        "title": str(mail.title),
        "description": str(mail.description),
        "placeholders": [{"name": p.name, "help": str(p.help)} for p in mail.placeholders],
        "customised": sorted(own_languages),
    }


def _detail(summit, mail) -> dict:
    texts = []
    for language in mailtemplates.LANGUAGES:
        own = mailtemplates.override(summit, mail.template, language)
        default_subject = mailtemplates.default_text(mail, mailtemplates.SUBJECT, language)
        default_body = mailtemplates.default_text(mail, mailtemplates.BODY, language)
        texts.append(
            {
                "language": language,
                "customised": own is not None,
                "subject": own.subject if own else default_subject,
                "body": own.body if own else default_body,
                "default_subject": default_subject,
                "default_body": default_body,
                "updated_at": own.updated_at if own else None,
            }
        )
    own_languages = [text["language"] for text in texts if text["customised"]]
    return {**_out(mail, own_languages), "texts": texts}


@router.get(BASE, response={200: list[MailTemplateOut], **ERRORS})
def list_mail_templates(request: HttpRequest, slug: str, q: str = ""):
    """Every automatic e-mail of the summit (``q`` searches titles, descriptions and names),
    with the languages the summit has worded itself."""
    summit = _summit(request, slug)
    return [_out(mail, own) for mail, own in mailtemplates.search(summit, q)]


@router.get(f"{BASE}/{{key}}", response={200: MailTemplateDetailOut, **ERRORS})
def get_mail_template(request: HttpRequest, slug: str, key: str):
    """One automatic e-mail: its text in use and its default text, per language."""
    summit = _summit(request, slug)
    return _detail(summit, _mail(key))


@router.put(f"{BASE}/{{key}}/{{language}}", response={200: MailTemplateDetailOut, **ERRORS})
def update_mail_template(
    request: HttpRequest, slug: str, key: str, language: str, payload: MailTextIn
):
    """The summit's own text of the e-mail in ``language`` (ko or en): a Django template
    using the listed placeholders and the tags if, elif, else, firstof, with; refused with
    400 otherwise, nothing saved."""
    summit = _summit(request, slug)
    mail = _mail(key)
    mailtemplates.save(
        actor=request.user,
        summit=summit,
        mail=mail,
        language=language,
        subject=payload.subject,
        body=payload.body,
    )
    return _detail(summit, mail)


@router.delete(f"{BASE}/{{key}}/{{language}}", response={204: None, **ERRORS})
def reset_mail_template(request: HttpRequest, slug: str, key: str, language: str):
    """Back to the default text in ``language``: the summit's own text is deleted."""
    summit = _summit(request, slug)
    mailtemplates.reset(actor=request.user, summit=summit, mail=_mail(key), language=language)
    return Status(204, None)


# --- exports (core.exports) -------------------------------------------------------------------

EXPORTS = exports.API_PATH


class ExportOut(Schema):
    name: str = Field(..., description="Give it to POST …/exports as `export`.")
    label: str
    format: str


class ExportIn(Schema):
    export: str = Field(..., description="One of GET …/exports, e.g. delegations.workbook.")
    params: dict = Field(
        default_factory=dict,
        description='What to export, by export: delegations.workbook {"delegations": [ids]}, '
        'delegations.people {"members": [ids]}, awards.applications {"award": "slug"}; '
        "left out: everything.",
    )


def _console(request: HttpRequest, slug: str):
    summit = summit_queries.in_its_zone(request, slug)
    permissions.require_console(request.user, summit)
    return summit


@router.get(EXPORTS, response={200: list[ExportOut], **ERRORS})
def list_exports(request: HttpRequest, slug: str):
    """The exports this token may make at the summit."""
    summit = _console(request, slug)
    return [
        {"name": e.name, "label": str(e.label), "format": e.fmt}
        for e in exports.available(request.user, summit)
    ]


@router.post(EXPORTS, response={202: ExportRunOut, **ERRORS})
def start_export(request: HttpRequest, slug: str, payload: ExportIn):
    """Start an export in the background, whatever its size (202 with the run; the same run
    while one with the same parameters is under way). Follow it at …/exports/runs/{id}."""
    summit = _console(request, slug)
    run = exports.start(
        actor=request.user, summit=summit, name=payload.export, params=payload.params
    )
    return Status(202, exports.api_out(request, slug, run))


@router.get(f"{EXPORTS}/runs/{{run_id}}", response={200: ExportRunOut, **ERRORS})
def get_export(request: HttpRequest, slug: str, run_id: int):
    """One export started with this token's account: queued, running, done (with its download
    address) or failed (with the reasons)."""
    summit = _console(request, slug)
    return exports.api_out(request, slug, exports.own_run(summit, request.user, run_id))


@router.get(f"{EXPORTS}/runs/{{run_id}}/file", response={200: None, **ERRORS, 410: Problem})
def download_export(request: HttpRequest, slug: str, run_id: int):
    """The export's file (XLSX or CSV); 404 until it is done, 410 once it has expired."""
    summit = _console(request, slug)
    run = exports.own_run(summit, request.user, run_id)
    try:
        handle, filename, content_type = exports.file_of(run, request.user)
    except exports.Gone:
        return Status(
            410, {"detail": _("This file has expired and was deleted; make the export again.")}
        )
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
