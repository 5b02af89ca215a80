"""The UK financial year (1 April – 31 March), its quarters and halves.

Shared by every app so "2016/17", "2016/17 Q3" and "2015/16-H1" mean one thing everywhere.
Q1 Apr–Jun, Q2 Jul–Sep, Q3 Oct–Dec, Q4 Jan–Mar; H1 Apr–Sep, H2 Oct–Mar.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.core.validators import MaxValueValidator, MinValueValidator

_YEAR = r"(?P<start>\d{4})\s*[/\-–]\s*(?P<end>\d{2}|\d{4})"
# The one range of financial years the portal records (models, forms, URLs, imports all use
# it): from 1998/99 (the Crime and Disorder Act 1998 created the partnerships) to 2098/99.
# Anything else is a typing mistake (0000/01, 9999/00).
FIRST_YEAR, LAST_YEAR = 1998, 2098
_PERIOD = re.compile(rf"^\s*{_YEAR}(?:\s*[\s\-]\s*(?P<part>[QqHh][1-4]))?\s*$")


def year_validators() -> list[MinValueValidator | MaxValueValidator]:
    """For a model or form field holding a financial year's start (2016 for 2016/17)."""
    return [MinValueValidator(FIRST_YEAR, f"Give a financial year from "
                              f"{FinancialYear(FIRST_YEAR).label}."),
            MaxValueValidator(LAST_YEAR, f"Give a financial year up to "
                              f"{FinancialYear(LAST_YEAR).label}.")]


def is_recordable_year(start_year: int) -> bool:
    return FIRST_YEAR <= start_year <= LAST_YEAR


class PeriodError(ValueError):
    """A period label that cannot be read; the message says what is expected."""


@dataclass(frozen=True, order=True)
class FinancialYear:
    start_year: int  # 2016 for 2016/17

    @classmethod
    def containing(cls, day: datetime.date) -> FinancialYear:
        return cls(day.year if day.month >= 4 else day.year - 1)

    @classmethod
    def parse(cls, label: str) -> FinancialYear:
        period = Period.parse(label)
        if period.part is not None:
            raise PeriodError(f"“{label}” is a part of a year; give a financial year like 2016/17.")
        return period.year

    @property
    def label(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"

    @property
    def starts_on(self) -> datetime.date:
        return datetime.date(self.start_year, 4, 1)

    @property
    def ends_on(self) -> datetime.date:
        return datetime.date(self.start_year + 1, 3, 31)

    def previous(self) -> FinancialYear:
        return FinancialYear(self.start_year - 1)

    def next(self) -> FinancialYear:
        return FinancialYear(self.start_year + 1)

    def contains(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on

    def quarters(self) -> list[Period]:
        return [Period(self, f"Q{n}") for n in range(1, 5)]

    def halves(self) -> list[Period]:
        return [Period(self, "H1"), Period(self, "H2")]

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True, order=True)
class Period:
    """A financial year, or one of its quarters (Q1–Q4) or halves (H1, H2)."""

    year: FinancialYear
    part: str | None = None  # "Q1".."Q4", "H1", "H2" or None for the whole year

    @classmethod
    def parse(cls, label: str) -> Period:
        match = _PERIOD.match(label or "")
        if not match:
            raise PeriodError(f"“{label}” is not a period: use a financial year like 2016/17, "
                              "a quarter like 2016/17 Q3 or a half like 2016/17 H1.")
        start = int(match["start"])
        end = int(match["end"])
        if not is_recordable_year(start):
            raise PeriodError(f"“{label}” is not a year the portal can record: give a financial "
                              f"year from {FinancialYear(FIRST_YEAR).label} to "
                              f"{FinancialYear(LAST_YEAR).label}.")
        if (end % 100) != (start + 1) % 100 or (end >= 1000 and end != start + 1):
            raise PeriodError(f"“{label}”: a financial year runs from one year into the next, "
                              f"like {start}/{(start + 1) % 100:02d}.")
        part = match["part"].upper() if match["part"] else None
        if part in ("H3", "H4"):
            raise PeriodError(f"“{label}”: a year has two halves, H1 and H2.")
        return cls(FinancialYear(start), part)

    @property
    def is_quarter(self) -> bool:
        return bool(self.part and self.part.startswith("Q"))

    @property
    def is_half(self) -> bool:
        return bool(self.part and self.part.startswith("H"))

    @property
    def label(self) -> str:
        return f"{self.year.label} {self.part}" if self.part else self.year.label

    @property
    def key(self) -> str:
        """A compact, sortable key: 2016/17, 2016/17-Q3, 2015/16-H1."""
        return f"{self.year.label}-{self.part}" if self.part else self.year.label

    @property
    def starts_on(self) -> datetime.date:
        if self.part is None:
            return self.year.starts_on
        months = 3 if self.is_quarter else 6
        index = int(self.part[1]) - 1
        return _add_months(self.year.starts_on, months * index)

    @property
    def ends_on(self) -> datetime.date:
        if self.part is None:
            return self.year.ends_on
        months = 3 if self.is_quarter else 6
        return _add_months(self.starts_on, months) - datetime.timedelta(days=1)

    def previous(self) -> Period:
        """The period before: the previous quarter/half (across years) or year."""
        if self.part is None:
            return Period(self.year.previous())
        kind, number = self.part[0], int(self.part[1])
        if number > 1:
            return Period(self.year, f"{kind}{number - 1}")
        return Period(self.year.previous(), f"{kind}{4 if kind == 'Q' else 2}")

    def same_period_last_year(self) -> Period:
        return Period(self.year.previous(), self.part)

    def contains(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on

    def __str__(self) -> str:
        return self.label


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    return datetime.date(day.year + month_index // 12, month_index % 12 + 1, 1)


def current_quarter(today: datetime.date) -> Period:
    year = FinancialYear.containing(today)
    return next(q for q in year.quarters() if q.contains(today))
