"""Deadline arithmetic, with the dates written out."""

from __future__ import annotations

import datetime as dt

import pytest

from reviews import deadlines

D = dt.date


@pytest.mark.parametrize(("start", "months", "expected"), [
    (D(2026, 1, 15), 1, D(2026, 2, 15)),
    (D(2026, 1, 31), 1, D(2026, 2, 28)),   # short month: its last day
    (D(2024, 1, 31), 1, D(2024, 2, 29)),   # leap year
    (D(2024, 2, 29), 12, D(2025, 2, 28)),  # leap day a year on
    (D(2026, 8, 31), 6, D(2027, 2, 28)),
    (D(2026, 3, 31), 1, D(2026, 4, 30)),
    (D(2026, 12, 10), 1, D(2027, 1, 10)),  # across the year end
    (D(2026, 7, 1), 6, D(2027, 1, 1)),
    (D(2026, 5, 31), -3, D(2026, 2, 28)),
])
def test_add_months(start: dt.date, months: int, expected: dt.date) -> None:
    assert deadlines.add_months(start, months) == expected


def test_decision_is_due_one_month_after_notification() -> None:
    assert deadlines.decision_due(D(2026, 1, 31)) == D(2026, 2, 28)
    assert deadlines.decision_due(D(2028, 1, 30)) == D(2028, 2, 29)


def test_completion_target_six_months_after_decision_plus_paused_days() -> None:
    assert deadlines.completion_target(D(2026, 2, 28)) == D(2026, 8, 28)
    assert deadlines.completion_target(D(2026, 8, 31)) == D(2027, 2, 28)
    assert deadlines.completion_target(D(2026, 2, 28), paused=10) == D(2026, 9, 7)


def test_the_twelve_month_option_is_a_setting(settings: object) -> None:
    settings.DHR_COMPLETION_MONTHS = 12  # type: ignore[attr-defined]
    assert deadlines.completion_target(D(2026, 2, 28)) == D(2027, 2, 28)
    settings.DHR_DECISION_MONTHS = 2  # type: ignore[attr-defined]
    assert deadlines.decision_due(D(2026, 12, 31)) == D(2027, 2, 28)


def test_paused_days() -> None:
    today = D(2026, 6, 30)
    # A closed pause: 1 March up to (not including) 11 March: 10 days.
    assert deadlines.paused_days([(D(2026, 3, 1), D(2026, 3, 11))], today) == 10
    # A running pause counts up to today: 20 June to 30 June, 10 days.
    assert deadlines.paused_days([(D(2026, 6, 20), None)], today) == 10
    # Two pauses add; overlapping days count once.
    assert deadlines.paused_days([(D(2026, 3, 1), D(2026, 3, 11)),
                                  (D(2026, 3, 6), D(2026, 3, 16))], today) == 15
    # Over a leap day: 28 Feb to 1 March 2028 is 2 days.
    assert deadlines.paused_days([(D(2028, 2, 28), D(2028, 3, 1))], D(2028, 6, 1)) == 2
    # A pause whose recorded end is after today counts only up to today.
    assert deadlines.paused_days([(D(2026, 6, 25), D(2026, 7, 25))], today) == 5
    assert deadlines.paused_days([], today) == 0


def test_days_left() -> None:
    assert deadlines.days_left(D(2026, 3, 1), D(2026, 2, 27)) == 2   # 27 Feb, 28 Feb, then 1 March
    assert deadlines.days_left(D(2026, 3, 1), D(2026, 3, 1)) == 0
    assert deadlines.days_left(D(2026, 3, 1), D(2026, 3, 4)) == -3
