"""``fulcrum manage password_reset_code USERNAME``: a one-time code to set a new password.

Whoever runs the server hands the code to the person (no mail server is assumed); they
enter it at /password/reset/ within an hour.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from fulcrum.accounts.models import User
from fulcrum.accounts.services import RESET_CODE_LIFETIME, issue_reset_code


class Command(BaseCommand):
    help = "Print a one-time code with which USERNAME can set a new password."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist:
            raise CommandError(f"There is no user called {options['username']!r}.") from None
        code = issue_reset_code(user, now=timezone.now())
        minutes = int(RESET_CODE_LIFETIME.total_seconds() // 60)
        self.stdout.write(
            f"Reset code for {user.username}: {code}\n"
            f"It works once, for {minutes} minutes, at /password/reset/. "
            "Hand it over in person or by a channel you trust."
        )
