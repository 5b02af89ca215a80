"""Working days in England and Wales: weekends and bank holidays (the `holidays` package)."""

from __future__ import annotations

import datetime
from functools import lru_cache

import holidays

DEFAULT_WORKING_DAYS_BEFORE_MEETING = 10


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[datetime.date]:
    calendar = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return frozenset(calendar.keys())


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def working_days_before(day: datetime.date, count: int) -> datetime.date:
    """The date ``count`` working days before ``day`` (``day`` itself not counted)."""
    current = day
    remaining = count
    while remaining > 0:
        current -= datetime.timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_after(day: datetime.date, count: int) -> datetime.date:
    current = day
    remaining = count
    while remaining > 0:
        current += datetime.timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def update_deadline(meeting_day: datetime.date,
                    working_days: int = DEFAULT_WORKING_DAYS_BEFORE_MEETING) -> datetime.date:
    """Updates are due ten working days before the quarter's Partnership meeting."""
    return working_days_before(meeting_day, working_days)
