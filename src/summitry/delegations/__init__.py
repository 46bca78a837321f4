"""Delegations and registration (C2, C3): invitations, members, places, counts."""
