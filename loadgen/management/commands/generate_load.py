import datetime
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from loadgen.generate import LoadError, generate


def _day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--today must be a date written YYYY-MM-DD, not {text!r}.") from None


def refuse_production() -> None:
    """Generated people and data have no place in a live portal."""
    module = getattr(settings, "SETTINGS_MODULE", "") or ""
    if module.endswith(".production") or not settings.ALLOW_DEMO_DATA:
        raise CommandError("generate_load refuses to run with production settings (or wherever "
                           "ALLOW_DEMO_DATA is off): it is for benchmark databases only.")


class Command(BaseCommand):
    help = ("Fill the database with a national-size dataset for benchmarks (deterministic: the "
            "same arguments give the same data). Refuses production settings.")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--partnerships", type=int, default=40)
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--today", default="",
                            help="The day the data lives in, YYYY-MM-DD (default: today); the "
                                 "last financial year generated is the one containing it.")

    def handle(self, *args: Any, **options: Any) -> None:
        refuse_production()
        today = _day(options["today"]) if options["today"] else timezone.localdate()
        started = time.perf_counter()
        try:
            counts = generate(partnerships=options["partnerships"], years=options["years"],
                              seed=options["seed"], today=today)
        except LoadError as error:
            raise CommandError(str(error)) from None
        for name, count in counts.made.items():
            self.stdout.write(f"  {name:34} {count:9,d}")
        self.stdout.write(self.style.SUCCESS(
            f"Generated {options['partnerships']} partnerships × {options['years']} years in "
            f"{time.perf_counter() - started:.1f} s."))
