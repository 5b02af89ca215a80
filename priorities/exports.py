"""The performance table as a spreadsheet (through partnership.exports, which neutralises
formula injection). Used by the page's button and ``export_performance``."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from partnership.exports import DATE_FORMAT, Column, Sheet, TypedSheet, typed_xlsx_bytes
from partnership.periods import FinancialYear, Period

from .imports import READ_ONLY_NOTES
from .models import MeasureValue, PerformanceMeasure
from .selectors import performance_table

if TYPE_CHECKING:
    from partnership.models import Partnership

HEADER = ("measure", "previous", "current", "change_pct", "comparator_change_pct", "trend")


def performance_sheet(*, partnership: Partnership, year: FinancialYear) -> Sheet:
    """Machine headers (CSV and the ``export_performance`` command)."""
    rows = []
    for row in performance_table(partnership=partnership, year=year):
        f = row.figures
        rows.append((row.measure.name, plain(f.previous), plain(f.current),
                     f.change_vs_previous.percent,
                     f.comparator_change_pct, f.trend.value if f.trend else ""))
    return Sheet(title=f"Performance {year.label.replace('/', '-')}", header=HEADER, rows=rows)


def performance_xlsx_sheet(*, partnership: Partnership, year: FinancialYear) -> Sheet:
    """The table as people read it in Excel: headers with the years, the figure the 2 year
    trend compares with, and the status against target."""
    previous, two_back = year.previous(), year.previous().previous()
    table = performance_table(partnership=partnership, year=year)
    areas = {row.measure.comparator_area for row in table} - {""}
    comparator = areas.pop() if len(areas) == 1 else "Comparator area"
    header = ["Performance measure", previous.label, year.label,
              f"Change {previous.label} to {year.label} (%)", f"{comparator} change (%)",
              two_back.label, f"2 year trend ({two_back.label} to {year.label})",
              f"{comparator} 2 year trend", "Status against target"]
    rows = []
    for row in table:
        f = row.figures
        rows.append((row.measure.name, plain(f.previous), plain(f.current),
                     f.change_vs_previous.percent, f.comparator_change_pct,
                     plain(f.two_years_earlier), f.trend.label if f.trend else "n/a",
                     f.comparator_trend.label if f.comparator_trend else "n/a",
                     f.status.label if f.status else "No target"))
    return Sheet(title=f"Performance {year.label.replace('/', '-')}", header=header, rows=rows)


def plain(value: Decimal | None) -> Decimal | None:
    """5433.00 → 5433; 12.5 stays 12.50 (never scientific notation)."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.quantize(Decimal("0.01"))


def measure_values_xlsx(*, partnership: Partnership) -> bytes:
    """Every figure held, typed for Excel, to edit and import again: the partnership's full name
    in the title row, real numbers and dates, a dropdown of the measures (a new name is allowed
    with a warning: the import can create it), and the columns the import ignores read-only
    (grey, a note, locked). Two queries whatever the number of figures."""
    measures = list(PerformanceMeasure.objects.filter(partnership=partnership)
                    .order_by("order", "name"))
    values = (MeasureValue.objects.filter(measure__partnership=partnership)
              .select_related("measure").order_by("measure__order", "measure__name",
                                                   "period_start", "period"))
    rows = [[v.measure.name, Period.parse(v.period).label, plain(v.value),
             plain(v.comparator_value), v.period_start, v.measure.unit or None,
             v.measure.comparator_area or None, timezone.localdate(v.recorded_at)]
            for v in values]
    columns = [
        Column("Measure", width=48, choices=[m.name for m in measures],
               choices_label="a measure", choices_strict=False),
        Column("Period", width=14),
        Column("Value", width=12),
        Column("Comparator value", width=14),
        Column("Period starts", width=13, number_format=DATE_FORMAT,
               read_only=READ_ONLY_NOTES["period starts"].capitalize()),
        Column("Unit", width=22, read_only=READ_ONLY_NOTES["unit"].capitalize()),
        Column("Comparator area", width=22,
               read_only=READ_ONLY_NOTES["comparator area"].capitalize()),
        Column("Recorded on", width=13, number_format=DATE_FORMAT,
               read_only=READ_ONLY_NOTES["recorded on"].capitalize()),
    ]
    return typed_xlsx_bytes(TypedSheet(
        name="Figures", heading=f"{partnership.name}: performance measure figures",
        columns=columns, rows=rows))
