import datetime
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from partnership import demo
from partnership.registry import registry


def _day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--today must be a date written YYYY-MM-DD, not {text!r}.") from None


class Command(BaseCommand):
    help = ("Create or refresh the demo partnerships, people and data (idempotent). The seed "
            "documents' history is kept as history; the current year is placed around --today.")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--today", default="",
                            help="The day the demo data lives in, YYYY-MM-DD (default: today). "
                                 "The same day always gives the same data.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.ALLOW_DEMO_DATA:
            raise CommandError("Demo data is disabled here (ALLOW_DEMO_DATA is off): its "
                               "passwords are published.")
        today = _day(options["today"]) if options["today"] else timezone.localdate()
        with transaction.atomic():
            demo.load(self.stdout, today)
            for loader in registry.demo_loaders:
                loader(self.stdout, today)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        self.stdout.write(f"Every demo account's password is: {demo.DEMO_PASSWORD}")
        for user in demo.DEMO_USERS:
            where = user.partnership or (f"OPCC {user.opcc}" if user.opcc else "all partnerships")
            roles = ", ".join(role.label for role in user.roles) or (
                "system admin" if user.superuser else "OPCC officer")
            self.stdout.write(f"  {user.email:42} {roles} ({where})")
