"""Who may do what in assemblies: the chair's staff (permission "assembly" at the summit) run
the assembly; a voting delegate casts the votes of their member and of the members whose
proxy it holds."""

from __future__ import annotations

from summitry.summits.permissions import summit_permission

PERMISSION = "assembly"

# Staff of the summit's teams allowed to run its assemblies (roll call, polls, results).
runs_assembly = summit_permission(PERMISSION)


def is_staff_for(user, summit) -> bool:
    return runs_assembly.test(user, summit)
