"""`summitry api_token USERNAME [--name NAME]`: issue an API token and print it once."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from summitry.core.tokens import issue_token


class Command(BaseCommand):
    help = "Issue an API token for a user and print it (it is not shown again)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="command line")

    def handle(self, *args, username, name, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"There is no active user “{username}”.")
        _token, secret = issue_token(user=user, name=name)
        if not user.is_staff:
            self.stderr.write("Note: this user is not staff; the token can read but not write.")
        self.stdout.write(secret)
