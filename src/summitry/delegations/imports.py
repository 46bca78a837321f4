"""The import of organisations and contacts (with invitations) as a background run
(core.runs): the request checks the file's shape and answers at once; the rows are checked
and imported by the task, which reports how many rows it has done; the page and the API
follow the run and show its result.

The file waits in the default storage (shared by every node) under its content's hash: the
same file uploaded again while its run is under way gets that run, and a task delivered twice
imports once (``runs.execute`` stores the import and the run's "done" together).
"""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from summitry.core import runs
from summitry.core.models import Run
from summitry.core.scoping import in_summit
from summitry.summits.models import Summit

from . import exchange, rules

IMPORT_RUN = "delegations.import"


def _path(subject: str) -> str:
    return f"imports/contacts/{subject.replace(':', '-')}.csv"


def start(*, actor, summit: Summit, data: bytes, invite: bool) -> Run:
    """Keep the file and queue its import (``tasks.import_contacts``); the run under way when
    the same file is being imported already. Check ``exchange.check_file`` first."""
    from .tasks import import_contacts

    rules.require_staff(actor, summit)
    digest = hashlib.sha256(data).hexdigest()
    subject = f"summit:{summit.pk}:{'invite' if invite else 'plain'}:{digest}"
    path = _path(subject)
    if not default_storage.exists(path):
        default_storage.save(path, ContentFile(data))
    return runs.start(
        kind=IMPORT_RUN, subject=subject, summit=summit, actor=actor, task=import_contacts
    )


def work(run: Run, report) -> dict:
    """The run's import: its result (counts, or the problems by row when nothing was
    imported)."""
    path = _path(run.subject)
    if not default_storage.exists(path):
        raise ValidationError(_("The uploaded file is no longer here; upload it again."))
    with default_storage.open(path, "rb") as handle:
        data = handle.read()
    result = exchange.import_contacts(
        actor=run.requested_by,
        summit=run.summit,
        data=data,
        invite=run.subject.split(":")[2] == "invite",
        report=report,
    )
    return {
        "organisations_created": result.organisations_created,
        "organisations_updated": result.organisations_updated,
        "invitations_sent": result.invitations_sent,
        "problems": [
            {"row": p.row, "column": p.column, "message": p.message} for p in result.problems
        ],
    }


def forget_file(run_id: int) -> None:
    """The file of a finished run is deleted (it holds contacts' addresses)."""
    run = Run.objects.filter(pk=run_id).first()
    if run is not None and run.finished and default_storage.exists(_path(run.subject)):
        default_storage.delete(_path(run.subject))


def import_run(summit: Summit, run_id: int) -> Run:
    """A run of the summit's import, or 404."""
    from django.http import Http404

    run = in_summit(Run, summit).filter(kind=IMPORT_RUN, pk=run_id).first()
    if run is None:
        raise Http404
    return run
