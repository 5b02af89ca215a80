"""python manage.py import_measures FILE --partnership SLUG [--create-measures] [--dry-run]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pghistory
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from priorities.services import ImportRefused, measure_values_import

from ._common import acting_user, partnership_from


class Command(BaseCommand):
    help = ("Import measure values from a CSV or XLSX file with columns "
            "measure,period,value,comparator_value. All rows apply or none do.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--partnership", required=True, help="The partnership's slug.")
        parser.add_argument("--create-measures", action="store_true",
                            help="Create measures whose names are not known yet.")
        parser.add_argument("--dry-run", action="store_true",
                            help="Check the file and report what would change; save nothing.")
        parser.add_argument("--as", dest="as_user", help="Email of the user doing the import "
                            "(default: the first administrator).")

    def handle(self, *args: Any, **options: Any) -> None:
        partnership = partnership_from(options["partnership"])
        user = acting_user(options["as_user"])
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        try:
            with path.open("rb") as handle, pghistory.context(user=user.pk,
                                                               reason="import_measures"):
                outcome = measure_values_import(
                    partnership=partnership, by=user, stream=handle, name=path.name,
                    create_measures=options["create_measures"], dry_run=options["dry_run"])
        except ImportRefused as refused:
            errors = refused.outcome.errors
            lines = [str(e) for e in errors[:50]]
            if len(errors) > 50:
                lines.append(f"… and {len(errors) - 50} more.")
            raise CommandError("Nothing was imported:\n  " + "\n  ".join(lines)) from None
        except ValidationError as error:
            raise CommandError("Nothing was imported: " + " ".join(error.messages)) from None
        except PermissionDenied:
            raise CommandError(f"{user.email} may not import measures for "
                               f"{partnership.name}.") from None
        if options["dry_run"] and not outcome.ok:
            raise CommandError("The file has errors:\n  " +
                               "\n  ".join(str(e) for e in outcome.errors[:50]))
        verb = "Would import" if options["dry_run"] else "Imported"
        self.stdout.write(f"{verb} {outcome.total_rows} rows: {outcome.new} new, "
                          f"{outcome.updated} updated, {outcome.unchanged} unchanged.")
        if outcome.created_measures:
            self.stdout.write(f"New measures: {', '.join(outcome.created_measures)}")
