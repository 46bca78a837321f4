"""The assembly's event for other systems (webhooks, core.events): a vote is closed."""

from __future__ import annotations

from typing import Any

from summitry.core.bilingual import values

VOTE_CLOSED = "assembly.vote_closed"


def vote_closed(poll, codes: frozenset[str]) -> dict[str, Any]:
    """The result as the projector shows it (public at the close: counts and the rule, never
    who voted what)."""
    return {
        "id": poll.pk,
        "assembly": {"id": poll.assembly_id, "title": values(poll.assembly, "title")},
        "question": values(poll, "title"),
        "kind": poll.kind,
        "closed_at": None if poll.closed_at is None else poll.closed_at.isoformat(),
        "result": poll.result,
    }
