"""`summitry demo load NAME`: load (or refresh) a demo summit built from the seeds."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from summitry.demo import DEMO_MODULES, demo
from summitry.demo.loader import ORGANISER_PASSWORD, ORGANISER_USERNAME, ensure_organiser


class Command(BaseCommand):
    help = "Load a demo summit (summitry demo load wcsmf2023) or list them (summitry demo list)."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        load = actions.add_parser("load", help="Load or refresh a demo summit.")
        load.add_argument("name", help="The demo's name, e.g. wcsmf2023.")
        actions.add_parser("list", help="List the demo summits.")

    def handle(self, *args, **options):
        if options["action"] == "list":
            for name in DEMO_MODULES:
                self.stdout.write(f"{name}\t{demo(name).TITLE}")
            return
        name = options["name"]
        if name not in DEMO_MODULES:
            raise CommandError(f"Unknown demo “{name}”. Known: {', '.join(DEMO_MODULES)}.")
        with transaction.atomic():
            # The organiser first: demo records (frozen counts) name who made them.
            _user, created = ensure_organiser()
            summary = demo(name).load()
        self.stdout.write(self.style.SUCCESS(f"Demo “{name}” loaded: {summary}."))
        if created:
            self.stdout.write(
                f"Demo organiser created: {ORGANISER_USERNAME} / {ORGANISER_PASSWORD}"
            )
