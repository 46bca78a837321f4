"""Staff exports (XLSX, CSV) of any size: small ones answered at once, large ones written by
the task queue to private storage, and downloaded from there by whoever asked for them.

A capability registers an ``Exporter`` (from its ``AppConfig.ready()``): who may export
(``allowed(user, summit)``), how many rows an export will have (``count``), its sheets
(``sheets``: ``(title, header, rows)``, rows any iterable, written through
``core.spreadsheets``), its file name, and how its parameters are checked (``params``: JSON
in, JSON out, or ``ValidationError``). ``request`` answers a ``Ready`` file when the export
has at most ``SUMMITRY_EXPORT_INLINE_ROWS`` rows, else starts a ``core.Run`` (``core.runs``)
of kind ``export:<name>`` on a subject of the summit, the person and the parameters: a second
click while it is under way gets the same run.

The task (``core.tasks.export``) writes the file to the default storage (private: there is
no public media URL; shared by every node, see docs/DEPLOY.md) at a path fixed by the run,
replacing what an earlier attempt left (a worker killed mid-way), so a run has one file; the
path and the run's "done" are committed together. Only the person who asked, while they may
still export it, downloads the file (``file_of``); after ``SUMMITRY_EXPORT_KEEP_HOURS`` the
scheduled ``remove_expired`` deletes it (the run stays, marked expired).
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from . import runs, spreadsheets
from .models import Run, RunStatus
from .scoping import in_summit

PREFIX = "export:"
API_PATH = "/summits/{slug}/exports"
CONTENT_TYPES = {"xlsx": spreadsheets.XLSX, "csv": "text/csv"}
Sheet = tuple[str, Sequence[str], Iterable[Sequence[object]]]


def _no_params(user, summit, raw: dict) -> dict:
    return {}


@dataclass(frozen=True)
class Exporter:
    """One export a capability offers its staff (see the module's docstring)."""

    name: str
    label: Any
    fmt: str
    allowed: Callable[[Any, Any], bool]
    count: Callable[[Any, Any, dict], int]
    sheets: Callable[[Any, Any, dict], list[Sheet]]
    filename: Callable[[Any, dict], str]
    params: Callable[[Any, Any, dict], dict] = _no_params
    # Made from a page that names what to export (an award's applications): not offered
    # on the console's Exports page, where there is nothing to choose.
    from_its_page: bool = False

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.fmt]


_exporters: dict[str, Exporter] = {}


def register(exporter: Exporter) -> None:
    if exporter.fmt not in CONTENT_TYPES:
        raise ValueError(f"{exporter.name}: unknown format {exporter.fmt!r}")
    if len(PREFIX + exporter.name) > Run._meta.get_field("kind").max_length:
        raise ValueError(f"{exporter.name}: name too long")
    _exporters[exporter.name] = exporter


def exporter(name: str) -> Exporter:
    """The registered export ``name``, or a ``ValidationError`` in the reader's language."""
    found = _exporters.get(name)
    if found is None:
        raise ValidationError({"export": _("There is no such export.")})
    return found


def available(user, summit) -> list[Exporter]:
    """The exports ``user`` may make at ``summit``, by name."""
    return [e for _n, e in sorted(_exporters.items()) if e.allowed(user, summit)]


def of_run(run: Run) -> Exporter | None:
    return _exporters.get(run.kind.removeprefix(PREFIX)) if run.kind.startswith(PREFIX) else None


def inline_rows() -> int:
    return settings.SUMMITRY_EXPORT_INLINE_ROWS


def keep_for() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.SUMMITRY_EXPORT_KEEP_HOURS)


@dataclass(frozen=True)
class Ready:
    """A small export, answered at once."""

    content: bytes
    filename: str
    content_type: str


def _checked(exporter_: Exporter, actor, summit, raw: dict | None) -> dict:
    if not exporter_.allowed(actor, summit):
        raise PermissionDenied(_("Your teams at this summit may not make this export."))
    if raw is not None and not isinstance(raw, dict):
        raise ValidationError({"params": _("The parameters must be an object.")})
    return exporter_.params(actor, summit, raw or {})


def request(
    *, actor, summit, name: str, params: dict | None = None, background: bool | None = None
) -> Ready | Run:
    """The export ``name`` of ``summit`` for ``actor``: at once (``Ready``) when it is small
    (or ``background=False``), else its run (``background=True`` always queues it)."""
    found = exporter(name)
    clean = _checked(found, actor, summit, params)
    if background is None:
        background = found.count(actor, summit, clean) > inline_rows()
    if background:
        return _start(found, actor, summit, clean)
    with timezone.override(summit.zone):
        content = render(found, actor, summit, clean)
    return Ready(content, found.filename(summit, clean), found.content_type)


def start(*, actor, summit, name: str, params: dict | None = None) -> Run:
    """The export's run (a new one, or the one under way for the same person and parameters)."""
    found = exporter(name)
    return _start(found, actor, summit, _checked(found, actor, summit, params))


def _start(found: Exporter, actor, summit, params: dict) -> Run:
    from .tasks import export

    digest = hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()[:20]
    return runs.start(
        kind=PREFIX + found.name,
        subject=f"summit:{summit.pk}:user:{actor.pk}:{digest}",
        summit=summit,
        actor=actor,
        task=export,
        params=params,
    )


def _no_report(**values) -> None:
    return None


def render(found: Exporter, actor, summit, params: dict, report=_no_report) -> bytes:
    """The file's bytes; ``report(stage="writing", done=…, total=…)`` is told every row."""
    total = found.count(actor, summit, params)
    done = 0

    def counted(rows):
        nonlocal done
        for row in rows:
            yield row
            done += 1
            report(stage="writing", done=done, total=max(total, done))

    report(stage="reading", done=0, total=total)
    sheets = found.sheets(actor, summit, params)
    if found.fmt == "csv":
        ((_title, header, rows),) = sheets
        content = spreadsheets.csv_bytes(header, counted(rows))
    else:
        content = spreadsheets.xlsx_bytes(
            [(title, header, counted(rows)) for title, header, rows in sheets]
        )
    report(stage="writing", done=done, total=done)
    return content


def path_of(run: Run, fmt: str) -> str:
    return f"exports/summit-{run.summit_id}/run-{run.pk}.{fmt}"


def work(run: Run, report) -> dict:
    """The run's export (core.runs): the file written to storage, and what the page shows."""
    found = of_run(run)
    if found is None:
        raise ValidationError(_("There is no such export."))
    actor, summit = run.requested_by, run.summit
    if actor is None or not found.allowed(actor, summit):
        raise PermissionDenied(_("Your teams at this summit may not make this export."))
    params = run.progress.get("params") or {}
    with timezone.override(summit.zone):
        content = render(found, actor, summit, params, report)
    path = path_of(run, found.fmt)
    if default_storage.exists(path):  # left by an attempt whose worker died
        default_storage.delete(path)
    saved = default_storage.save(path, ContentFile(content))
    return {
        "path": saved,
        "filename": found.filename(summit, params),
        "content_type": found.content_type,
        "rows": int(report.values.get("done") or 0),
        "bytes": len(content),
        "expires_at": (timezone.now() + keep_for()).isoformat(),
    }


def own_run(summit, user, run_id: int) -> Run:
    """An export run of ``user`` at ``summit``, or 404 (another person's run is not shown)."""
    run = (
        in_summit(Run, summit)
        .filter(kind__startswith=PREFIX, pk=run_id, requested_by=user)
        .select_related("requested_by")
        .first()
    )
    if run is None or of_run(run) is None:
        raise Http404(_("There is no such export."))
    return run


def own_runs(summit, user):
    """The exports ``user`` made at ``summit``, latest first."""
    return (
        in_summit(Run, summit)
        .filter(kind__startswith=PREFIX, requested_by=user)
        .select_related("requested_by")
        .order_by("-created_at", "-pk")
    )


def expired(run: Run) -> bool:
    return bool(run.result.get("expired"))


def expires_at(run: Run) -> datetime.datetime | None:
    value = run.result.get("expires_at")
    return datetime.datetime.fromisoformat(value) if value else None


class Gone(Exception):
    """The export's file was removed (it expired); make the export again."""


def file_of(run: Run, user):
    """``(open file, file name, content type)`` of a done export, for whoever asked for it
    while they may still make it; ``Gone`` once the file has expired."""
    found = of_run(run)
    if found is None or run.requested_by_id != getattr(user, "pk", None):
        raise Http404(_("There is no such export."))
    if not found.allowed(user, run.summit):
        raise PermissionDenied(_("Your teams at this summit may not make this export."))
    if run.status != RunStatus.DONE:
        raise Http404(_("This export is not ready."))
    path = run.result.get("path", "")
    if expired(run) or not path or not default_storage.exists(path):
        raise Gone
    return default_storage.open(path, "rb"), run.result["filename"], run.result["content_type"]


def label_of(run: Run):
    found = of_run(run)
    return found.label if found else run.kind


def remove_expired(now: datetime.datetime | None = None) -> int:
    """Delete the files of exports older than ``SUMMITRY_EXPORT_KEEP_HOURS`` (and any file a
    failed run left); returns how many runs were cleared. Run again, it does nothing more."""
    now = now or timezone.now()
    old = Run.objects.filter(
        kind__startswith=PREFIX,
        status__in=(RunStatus.DONE, RunStatus.FAILED),
        finished_at__lt=now - keep_for(),
    ).exclude(result__has_key="expired")
    cleared = 0
    for run in old.iterator():
        paths = {run.result.get("path")} | {path_of(run, fmt) for fmt in CONTENT_TYPES}
        for path in filter(None, paths):
            if default_storage.exists(path):
                default_storage.delete(path)
        Run.objects.filter(pk=run.pk).update(result={**run.result, "expired": True})
        cleared += 1
    return cleared


def api_out(request, slug: str, run: Run) -> dict:
    """The run as the API shows it (core.schemas.ExportRunOut), with its download address."""
    result = None
    if run.status == RunStatus.DONE:
        base = request.path[: request.path.index("/summits/")]
        path = f"{base}{API_PATH.format(slug=slug)}/runs/{run.pk}/file"
        result = {
            **{k: run.result[k] for k in ("filename", "content_type", "rows", "bytes")},
            "expires_at": expires_at(run),
            "download_url": None if expired(run) else request.build_absolute_uri(path),
        }
    return {**runs.described(run), "export": run.kind.removeprefix(PREFIX), "result": result}
