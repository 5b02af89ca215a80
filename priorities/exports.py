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
    rows = []
    for row in performance_table(partnership=partnership, year=year):
        f = row.figures
        rows.append((row.measure.name, plain(f.previous), plain(f.current),
                     f.change_vs_previous.percent,
                     f.comparator_change_pct, f.trend.value if f.trend else ""))
    return Sheet(title=f"Performance {year.label.replace('/', '-')}", header=HEADER, rows=rows)


def plain(value: Decimal | None) -> Decimal | None:
    """5433.00 → 5433; 12.5 stays 12.50 (never scientific notation)."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.quantize(Decimal("0.01"))
