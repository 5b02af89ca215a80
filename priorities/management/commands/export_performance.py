"""python manage.py export_performance --partnership SLUG --year 2016/17 [--format csv|xlsx]
[--output FILE]"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partnership.exports import csv_text, xlsx_bytes
from partnership.periods import FinancialYear, PeriodError
from priorities.exports import performance_sheet

from ._common import partnership_from


class Command(BaseCommand):
    help = ("Write the performance table (measure, previous, current, change_pct, "
            "comparator_change_pct, trend) for a financial year.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--partnership", required=True, help="The partnership's slug.")
        parser.add_argument("--year", required=True, help="A financial year, e.g. 2016/17.")
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("--output", help="Write to this file instead of standard output.")

    def handle(self, *args: Any, **options: Any) -> None:
        partnership = partnership_from(options["partnership"])
        try:
            year = FinancialYear.parse(options["year"])
        except PeriodError as error:
            raise CommandError(str(error)) from None
        sheet = performance_sheet(partnership=partnership, year=year)
        if options["format"] == "xlsx":
            content = xlsx_bytes([sheet])
            if options["output"]:
                self.write_file(options["output"], content)
            else:
                if sys.stdout.isatty():
                    raise CommandError("XLSX is binary: pass --output FILE or redirect it.")
                sys.stdout.buffer.write(content)
                sys.stdout.flush()
            return
        text = csv_text(sheet)
        if options["output"]:
            self.write_file(options["output"], text.encode("utf-8"))
        else:
            self.stdout.write(text, ending="")

    def write_file(self, output: str, content: bytes) -> None:
        try:
            Path(output).write_bytes(content)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
