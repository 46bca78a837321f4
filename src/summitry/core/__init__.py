"""Shared foundations: bilingual fields, summit scoping, API tokens, time zones, page chrome."""
