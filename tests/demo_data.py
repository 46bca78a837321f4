"""The demo loaded once for a whole test module instead of once per test (a load takes
seconds): in a transaction that each test's own transaction nests in as a savepoint, rolled
back after the module's last test. Each test sees the demo as loaded, never what another
test changed; the next module starts from an empty database."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import translation


def demo_for_the_module(*names: str):
    """A module-scoped fixture that loads the named demos (as `summitry demo load NAME`)."""

    @pytest.fixture(scope="module")
    def demo_loaded(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock(), transaction.atomic(), translation.override("en"):
            for name in names:
                call_command("demo", "load", name, verbosity=0)
            yield
            transaction.set_rollback(True)

    return demo_loaded
