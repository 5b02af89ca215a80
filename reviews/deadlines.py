"""Deadline arithmetic for reviews, in calendar months and days (no business logic elsewhere).

- The decision whether to hold a review is due ``DHR_DECISION_MONTHS`` (default 1) after the
  notification.
- The review should be complete ``DHR_COMPLETION_MONTHS`` (default 6; the 2024 draft guidance
  proposes 12) after the decision, plus every day the review was paused.

A month after 31 January is the last day of February (28th, or 29th in a leap year): months are
added on the calendar and clamped to the month's end, never counted as 30 days.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable

from django.conf import settings


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved on by whole calendar months, clamped to the end of a shorter month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


def decision_due(notified_on: datetime.date) -> datetime.date:
    return add_months(notified_on, int(settings.DHR_DECISION_MONTHS))


def paused_days(pauses: Iterable[tuple[datetime.date, datetime.date | None]],
                today: datetime.date) -> int:
    """Days the clock stood still: each pause from its start up to (not including) the day it
    ended; a pause still running counts up to today. Overlapping pauses count once."""
    stopped: set[datetime.date] = set()
    for start, end in pauses:
        until = min(end, today) if end is not None else today
        day = start
        while day < until:
            stopped.add(day)
            day += datetime.timedelta(days=1)
    return len(stopped)


def completion_target(decided_on: datetime.date, paused: int = 0) -> datetime.date:
    """The date the review should be complete: the statutory months after the decision, plus
    the days it was paused."""
    return add_months(decided_on, int(settings.DHR_COMPLETION_MONTHS)) + datetime.timedelta(days=paused)


def days_left(due: datetime.date, today: datetime.date) -> int:
    """Positive: days left; zero: due today; negative: days overdue."""
    return (due - today).days
