"""Export every submitted return of a period as XLSX or CSV (what the OPCC page downloads).

    python manage.py export_returns --period 2015/16-H1 [--partnership SLUG] --format xlsx [--output FILE]

Without --output the file goes to standard output (binary for XLSX).
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partnership.exports import csv_text, xlsx_bytes
from partnership.models import Partnership
from partnership.periods import Period, PeriodError

from ...exports import opcc_lines_sheet, opcc_sheets
from ...selectors import sent_returns


class Command(BaseCommand):
    help = "Export the returns of a period (all partnerships, or one) as XLSX or CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", required=True,
                            help="A half like 2015/16-H1, a quarter like 2017/18-Q2 or a year like 2015/16.")
        parser.add_argument("--partnership", help="The partnership's slug, e.g. huntingdonshire.")
        parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
        parser.add_argument("--output", help="File to write; standard output when left out.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = Period.parse(options["period"])
        except PeriodError as error:
            raise CommandError(str(error)) from error
        slug = options.get("partnership")
        if slug and not Partnership.objects.filter(slug=slug).exists():
            raise CommandError(f"There is no partnership with the slug “{slug}”.")
        chosen = list(sent_returns(period=period, partnership_slug=slug))
        if options["format"] == "csv":
            content: bytes = csv_text(opcc_lines_sheet(chosen)).encode("utf-8")
        else:
            content = xlsx_bytes(opcc_sheets(chosen))
        output = options.get("output")
        if output:
            try:
                with open(output, "wb") as handle:
                    handle.write(content)
            except OSError as error:
                raise CommandError(f"Cannot write {output}: {error.strerror}.") from error
            self.stderr.write(f"{len(chosen)} return(s) for {period.label} written to {output}.")
        else:
            stream = getattr(self.stdout, "_out", sys.stdout)
            target: Any = getattr(stream, "buffer", stream)
            try:
                target.write(content)
            except TypeError as error:  # a text stream: fine for CSV, not for XLSX
                if options["format"] != "csv":
                    raise CommandError("XLSX is binary: give --output FILE or redirect standard "
                                       "output to a file.") from error
                target.write(content.decode("utf-8"))
            if hasattr(target, "flush"):
                target.flush()
