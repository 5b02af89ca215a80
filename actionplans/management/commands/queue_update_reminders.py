"""Run the daily reminder job now: `manage.py queue_update_reminders [--date 2016-03-22] [--send]`."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from partnership.periods import FIRST_YEAR, LAST_YEAR


class Command(BaseCommand):
    help = "Queue update reminders, overdue notices and escalations (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="Pretend today is this date (YYYY-MM-DD).")
        parser.add_argument("--send", action="store_true", help="Send the digests now too.")

    def handle(self, *args: Any, **options: Any) -> None:
        from partnership.notifications import send_pending

        from ...reminders import queue_reminders

        try:
            day = (datetime.date.fromisoformat(options["date"]) if options["date"]
                   else timezone.localdate())
        except ValueError as error:
            raise CommandError(f"--date: {error}; use YYYY-MM-DD, e.g. 2016-03-22.") from error
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            # Deadlines are counted in working days from here: 9999-12-31 would leave the calendar.
            raise CommandError(f"--date: {day.isoformat()} is outside the years the portal records "
                               f"({FIRST_YEAR} to {LAST_YEAR}).")
        with transaction.atomic():
            count = queue_reminders(today=day)
        self.stdout.write(f"{count} notice(s) queued for {day:%d %B %Y} (already queued ones "
                          "are not repeated).")
        if options["send"]:
            report = send_pending()
            self.stdout.write(f"{report.sent} digest email(s) sent.")
