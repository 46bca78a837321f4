"""Slow work a person starts and watches (a solver, a bulk PDF), as a ``core.Run``.

``start`` records the run and queues its task after the transaction commits; the request
answers at once with the run, and the page polls the run's progress (``core.live``: the topic
``topic(run)``). The task calls ``execute(run_id, work)``: ``work(run, report)`` does the job
in the language of whoever started it, calling ``report(seconds=…, gaps=…, …)`` as it goes
(kept in the shared cache, at most a few times a second, so any node shows it), and returns
the result to keep. A run is idempotent: a second click while one is queued or running gets
that one; a task delivered again (a retry, a worker killed mid-way whose task went to another)
runs the work again only while the run is not finished, and the work and the run's "done"
are committed together, so the result is stored once.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import live
from .models import Run, RunStatus

logger = logging.getLogger(__name__)

ACTIVE = (RunStatus.QUEUED, RunStatus.RUNNING)
# How often at most a run's progress is written to the cache and its watchers told.
REPORT_EVERY = 0.5
PROGRESS_TIMEOUT = 60 * 60 * 24


def topic(run: Run | int) -> str:
    return f"run:{run if isinstance(run, int) else run.pk}"


def _progress_key(run_id: int) -> str:
    return f"run-progress:{run_id}"


def start(*, kind: str, subject: str, summit, actor, task, params: dict | None = None) -> Run:
    """The run of ``kind`` on ``subject`` under way, or a new one whose ``task(run.pk)`` is
    queued once the current transaction commits; ``params`` (JSON) are kept for its work
    (``run.progress["params"]``)."""
    with transaction.atomic():
        found = Run.objects.filter(kind=kind, subject=subject, status__in=ACTIVE).first()
        if found is not None:
            return found
        try:
            with transaction.atomic():
                run = Run.objects.create(
                    summit=summit,
                    kind=kind,
                    subject=subject,
                    requested_by=actor if getattr(actor, "pk", None) else None,
                    progress={
                        "language": translation.get_language() or "ko",
                        **({"params": params} if params else {}),
                    },
                )
        except IntegrityError:  # another request started it a moment ago
            return Run.objects.get(kind=kind, subject=subject, status__in=ACTIVE)
    from .tasks import run_after_commit

    run_after_commit(task, run.pk)
    run.refresh_from_db()
    return run


def latest(*, kind: str, subject: str) -> Run | None:
    return Run.objects.filter(kind=kind, subject=subject).order_by("-created_at", "-pk").first()


def described(run: Run) -> dict:
    """The run as the API shows it (core.schemas.RunOut); the caller adds its result."""
    return {
        "id": run.pk,
        "status": run.status,
        "attempts": run.attempts,
        "created_at": run.created_at,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "progress": {k: v for k, v in progress_of(run).items() if k not in ("language", "params")},
        "errors": run.errors,
    }


def progress_of(run: Run) -> dict:
    """What the run has reported so far (the final figures once it is finished)."""
    if run.finished:
        return run.progress
    return cache.get(_progress_key(run.pk)) or run.progress


class Reporter:
    """``report(**values)``: the work's latest figures, merged, written to the cache and told
    to watchers at most every REPORT_EVERY seconds (``flush`` writes the last ones)."""

    def __init__(self, run: Run) -> None:
        self.run_id = run.pk
        self.values: dict = dict(run.progress)
        self._lock = threading.Lock()
        self._written = 0.0

    def __call__(self, **values) -> None:
        with self._lock:
            self.values.update(values)
            if time.monotonic() - self._written < REPORT_EVERY:
                return
            self._write()

    def _write(self) -> None:
        self._written = time.monotonic()
        cache.set(_progress_key(self.run_id), dict(self.values), PROGRESS_TIMEOUT)
        live.bump(topic(self.run_id))

    def flush(self) -> dict:
        with self._lock:
            self._write()
            return dict(self.values)


def execute(run_id: int, work: Callable[[Run, Reporter], dict]) -> str:
    """Run ``work`` for the run unless it is finished; see the module's docstring."""
    with transaction.atomic():
        run = Run.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.finished:
            return "already finished"
        run.status = RunStatus.RUNNING
        run.attempts += 1
        run.started_at = timezone.now()
        run.save(update_fields=["status", "attempts", "started_at"])
    report = Reporter(run)
    report.flush()
    language = run.progress.get("language") or "ko"
    try:
        with translation.override(language), transaction.atomic():
            locked = Run.objects.select_for_update().get(pk=run_id)
            if locked.finished:
                return "already finished"
            result = work(locked, report)
            locked.status = RunStatus.DONE
            locked.result = result or {}
            locked.progress = report.flush()
            locked.finished_at = timezone.now()
            locked.save(update_fields=["status", "result", "progress", "finished_at"])
    except ValidationError as error:
        with translation.override(language):
            reasons = [str(m) for m in error.messages]
        _fail(run_id, reasons, report)
        return "failed"
    except PermissionDenied as error:  # whoever started it lost the right meanwhile
        with translation.override(language):
            reasons = [str(error) or _("You may no longer do this.")]
        _fail(run_id, reasons, report)
        return "failed"
    except Exception:
        logger.exception("Run %s (%s) failed", run_id, run.kind)
        with translation.override(language):
            reasons = [_("The work stopped with an unexpected error; start it again.")]
        _fail(run_id, reasons, report)
        return "failed"
    finally:
        live.bump(topic(run_id))
    return "done"


def _fail(run_id: int, reasons: list[str], report: Reporter) -> None:
    Run.objects.filter(pk=run_id).update(
        status=RunStatus.FAILED,
        errors=reasons,
        progress=report.flush(),
        finished_at=timezone.now(),
    )
