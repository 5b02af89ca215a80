"""Every figure derived from measure values, in one place: pure functions on Decimals.

- change vs an earlier value, absolute and as a percentage to one decimal place, rounded
  half-up (4746 → 5433 is +14.5%); a zero or missing earlier value gives ``None`` ("n/a");
- the 2-year trend (this period against the same period two years earlier);
- the status against a target (on track / at risk / off track), respecting polarity.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

ONE_PLACE = Decimal("0.1")
HUNDRED = Decimal(100)
NOT_AVAILABLE = "n/a"


class Direction(StrEnum):
    UP = "up"
    DOWN = "down"
    FLAT = "flat"

    @property
    def arrow(self) -> str:
        return {"up": "↑", "down": "↓", "flat": "→"}[self.value]

    @property
    def label(self) -> str:
        return {"up": "Rising", "down": "Falling", "flat": "No change"}[self.value]


class Status(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"

    @property
    def label(self) -> str:
        return {"on_track": "On track", "at_risk": "At risk", "off_track": "Off track"}[self.value]

    @property
    def tag_class(self) -> str:
        return {"on_track": "govuk-tag--green", "at_risk": "govuk-tag--yellow",
                "off_track": "govuk-tag--red"}[self.value]


def round_half_up(value: Decimal, places: Decimal = ONE_PLACE) -> Decimal:
    return value.quantize(places, rounding=ROUND_HALF_UP)


def absolute_change(current: Decimal | None, previous: Decimal | None) -> Decimal | None:
    if current is None or previous is None:
        return None
    return current - previous


def percent_change(current: Decimal | None, previous: Decimal | None) -> Decimal | None:
    """(current - previous) / previous * 100 to one decimal, half-up; None when not defined."""
    if current is None or previous is None or previous == 0:
        return None
    return round_half_up((current - previous) / previous * HUNDRED)


@dataclass(frozen=True)
class Change:
    absolute: Decimal | None
    percent: Decimal | None

    @property
    def direction(self) -> Direction | None:
        return direction(self.absolute)

    @property
    def percent_label(self) -> str:
        return format_percent(self.percent)


def change(current: Decimal | None, previous: Decimal | None) -> Change:
    return Change(absolute_change(current, previous), percent_change(current, previous))


def direction(delta: Decimal | None) -> Direction | None:
    if delta is None:
        return None
    if delta > 0:
        return Direction.UP
    if delta < 0:
        return Direction.DOWN
    return Direction.FLAT


def trend(current: Decimal | None, two_years_earlier: Decimal | None) -> Direction | None:
    """The 2-year trend: this period against the same period two years earlier."""
    return direction(absolute_change(current, two_years_earlier))


def is_improvement(delta: Decimal | None, *, higher_is_better: bool) -> bool | None:
    """Whether a change is good news for a measure of this polarity (None: no change known)."""
    if delta is None or delta == 0:
        return None
    return (delta > 0) == higher_is_better


def status(value: Decimal | None, target: Decimal | None, *, higher_is_better: bool,
           tolerance_pct: Decimal = Decimal(5)) -> Status | None:
    """On track when the target is met; at risk when short of it by no more than the
    tolerance (a % of the target); off track beyond that. None without a value or target."""
    if value is None or target is None:
        return None
    shortfall = (target - value) if higher_is_better else (value - target)
    if shortfall <= 0:
        return Status.ON_TRACK
    allowance = abs(target) * tolerance_pct / HUNDRED
    return Status.AT_RISK if shortfall <= allowance else Status.OFF_TRACK


def format_percent(value: Decimal | None) -> str:
    """+14.5%, -4.0%, 0.0% or n/a."""
    if value is None:
        return NOT_AVAILABLE
    sign = "+" if value > 0 else ""
    return f"{sign}{round_half_up(value)}%"


def format_number(value: Decimal | None) -> str:
    """A figure without needless decimals: 5433, 12.5, 1,324 → '1,324'."""
    if value is None:
        return NOT_AVAILABLE
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


@dataclass(frozen=True)
class Point:
    """One period's figures for a measure, as stored."""

    value: Decimal
    comparator: Decimal | None = None
    stated_comparator_change_pct: Decimal | None = None
    stated_trend: str = ""
    stated_comparator_trend: str = ""


@dataclass(frozen=True)
class Figures:
    """What the tables show for one measure in one period."""

    period_key: str
    current: Decimal | None
    previous: Decimal | None  # the period before (previous year for a year)
    same_period_last_year: Decimal | None
    change_vs_previous: Change
    change_vs_last_year: Change
    comparator_change_pct: Decimal | None
    trend: Direction | None
    comparator_trend: Direction | None
    status: Status | None
    improving: bool | None  # is the change vs the previous period good news?
    two_years_earlier: Decimal | None = None  # what the 2 year trend compares with

    @property
    def change_pct_label(self) -> str:
        return format_percent(self.change_vs_previous.percent)

    @property
    def comparator_change_pct_label(self) -> str:
        return format_percent(self.comparator_change_pct)


def _stated_direction(text: str) -> Direction | None:
    return Direction(text) if text in {d.value for d in Direction} else None


def figures(points: dict[str, Point], *, period_key: str, previous_key: str,
            last_year_key: str, two_years_key: str, higher_is_better: bool,
            target: Decimal | None = None, tolerance_pct: Decimal = Decimal(5)) -> Figures:
    """Figures for ``period_key`` from a measure's points keyed by period key.

    Computed values win; a report's stated comparator change or trend arrow is used only
    when the figures to compute it are not held (seed 004 publishes only those).
    """
    here = points.get(period_key)
    before = points.get(previous_key)
    last_year = points.get(last_year_key)
    two_years = points.get(two_years_key)
    current = here.value if here else None
    previous = before.value if before else None
    comparator_pct = percent_change(here.comparator if here else None,
                                    before.comparator if before else None)
    if comparator_pct is None and here is not None:
        comparator_pct = here.stated_comparator_change_pct
    computed_trend = trend(current, two_years.value if two_years else None)
    if computed_trend is None and here is not None:
        computed_trend = _stated_direction(here.stated_trend)
    comparator_trend = trend(here.comparator if here else None,
                             two_years.comparator if two_years else None)
    if comparator_trend is None and here is not None:
        comparator_trend = _stated_direction(here.stated_comparator_trend)
    vs_previous = change(current, previous)
    return Figures(
        period_key=period_key,
        current=current,
        previous=previous,
        same_period_last_year=last_year.value if last_year else None,
        change_vs_previous=vs_previous,
        change_vs_last_year=change(current, last_year.value if last_year else None),
        comparator_change_pct=comparator_pct,
        trend=computed_trend,
        comparator_trend=comparator_trend,
        status=status(current, target, higher_is_better=higher_is_better,
                      tolerance_pct=tolerance_pct),
        improving=is_improvement(vs_previous.absolute, higher_is_better=higher_is_better),
        two_years_earlier=two_years.value if two_years else None,
    )
