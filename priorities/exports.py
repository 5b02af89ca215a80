"""The performance table as a spreadsheet (through partnership.exports, which neutralises
formula injection). Used by the page's button and ``export_performance``."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from partnership.exports import Sheet
from partnership.periods import FinancialYear

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
