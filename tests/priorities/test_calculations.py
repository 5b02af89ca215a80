"""The calculations module: change, percentages, rounding, trend, status and polarity."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from priorities import calculations as calc
from priorities.calculations import Direction, Point, Status


@pytest.mark.parametrize(("previous", "current", "expected"), [
    # Seed 004 Fig 1.1, Hinckley and Bosworth 2015/16 → 2016/17.
    (4746, 5433, "14.5"), (296, 354, "19.6"), (561, 673, "20.0"), (164, 193, "17.7"),
    (337, 459, "36.2"), (121, 182, "50.4"), (694, 716, "3.2"), (505, 485, "-4.0"),
    (1324, 1382, "4.4"),
])
def test_percent_change_reproduces_seed_figures(previous: int, current: int, expected: str) -> None:
    assert calc.percent_change(D(current), D(previous)) == D(expected)


def test_rounding_is_half_up_not_bankers() -> None:
    # Exact halves at the second decimal: 40 → 40.1 is +0.25%, which rounds half-up to 0.3.
    assert calc.percent_change(D("40.1"), D(40)) == D("0.3")  # banker's would give 0.2
    assert calc.percent_change(D("40.3"), D(40)) == D("0.8")  # 0.75 → 0.8
    assert calc.percent_change(D("39.9"), D(40)) == D("-0.3")  # -0.25 → -0.3 (away from 0)
    assert calc.round_half_up(D("2.45")) == D("2.5")


@pytest.mark.parametrize(("current", "previous"), [(D(5), D(0)), (D(5), None), (None, D(5)),
                                                   (None, None)])
def test_zero_or_missing_gives_na(current: D | None, previous: D | None) -> None:
    assert calc.percent_change(current, previous) is None
    assert calc.format_percent(calc.percent_change(current, previous)) == "n/a"


def test_absolute_change_with_zero_previous_is_still_known() -> None:
    result = calc.change(D(7), D(0))
    assert result.absolute == D(7)
    assert result.percent is None
    assert result.percent_label == "n/a"


def test_negative_change_and_formatting() -> None:
    result = calc.change(D(485), D(505))
    assert result.absolute == D(-20)
    assert result.percent == D("-4.0")
    assert result.percent_label == "-4.0%"
    assert result.direction is Direction.DOWN
    assert calc.format_percent(D("14.5")) == "+14.5%"
    assert calc.format_percent(D("0")) == "0.0%"


def test_trend_compares_with_two_years_earlier() -> None:
    assert calc.trend(D(10), D(8)) is Direction.UP
    assert calc.trend(D(8), D(10)) is Direction.DOWN
    assert calc.trend(D(8), D(8)) is Direction.FLAT
    assert calc.trend(D(8), None) is None
    assert Direction.UP.arrow == "↑"


@pytest.mark.parametrize(("value", "target", "higher", "expected"), [
    (D(100), D(100), True, Status.ON_TRACK),
    (D(120), D(100), True, Status.ON_TRACK),
    (D(96), D(100), True, Status.AT_RISK),     # 4% short, within 5% tolerance
    (D(95), D(100), True, Status.AT_RISK),     # exactly at the tolerance
    (D(90), D(100), True, Status.OFF_TRACK),
    (D(90), D(100), False, Status.ON_TRACK),   # lower is better: under target is good
    (D(104), D(100), False, Status.AT_RISK),
    (D(130), D(100), False, Status.OFF_TRACK),
])
def test_status_respects_polarity(value: D, target: D, higher: bool, expected: Status) -> None:
    assert calc.status(value, target, higher_is_better=higher) is expected


def test_status_needs_value_and_target_and_honours_tolerance() -> None:
    assert calc.status(None, D(1), higher_is_better=True) is None
    assert calc.status(D(1), None, higher_is_better=True) is None
    assert calc.status(D(90), D(100), higher_is_better=True,
                       tolerance_pct=D(10)) is Status.AT_RISK
    assert calc.status(D(1), D(0), higher_is_better=False) is Status.OFF_TRACK


def test_improvement_depends_on_polarity() -> None:
    assert calc.is_improvement(D(5), higher_is_better=True) is True
    assert calc.is_improvement(D(5), higher_is_better=False) is False
    assert calc.is_improvement(D(-5), higher_is_better=False) is True
    assert calc.is_improvement(D(0), higher_is_better=False) is None
    assert calc.is_improvement(None, higher_is_better=False) is None


def _figures(points: dict[str, Point], key: str = "2016/17", **kwargs: object) -> calc.Figures:
    return calc.figures(points, period_key=key, previous_key="2015/16", last_year_key="2015/16",
                        two_years_key="2014/15", higher_is_better=False, **kwargs)  # type: ignore[arg-type]


def test_figures_compute_comparator_and_trend_from_values() -> None:
    points = {"2014/15": Point(D(400), D(900)), "2015/16": Point(D(337), D(1000)),
              "2016/17": Point(D(459), D(1320))}
    result = _figures(points, target=D(350))
    assert result.change_vs_previous.percent == D("36.2")
    assert result.comparator_change_pct == D("32.0")
    assert result.trend is Direction.UP
    assert result.comparator_trend is Direction.UP
    assert result.status is Status.OFF_TRACK
    assert result.improving is False


def test_figures_fall_back_to_stated_values_only_when_not_computable() -> None:
    points = {"2015/16": Point(D(1324)),
              "2016/17": Point(D(1382), stated_comparator_change_pct=D("10.4"),
                               stated_trend="down", stated_comparator_trend="down")}
    result = _figures(points)
    assert result.comparator_change_pct == D("10.4")
    assert result.trend is Direction.DOWN
    assert result.comparator_trend is Direction.DOWN
    # With the two-years-earlier figure held, the computed trend wins over the stated one.
    points["2014/15"] = Point(D(1000))
    assert _figures(points).trend is Direction.UP


def test_figures_with_missing_period() -> None:
    result = _figures({"2015/16": Point(D(10))})
    assert result.current is None
    assert result.change_pct_label == "n/a"
    assert result.status is None


def test_format_number() -> None:
    assert calc.format_number(D("5433.00")) == "5,433"
    assert calc.format_number(D("12.50")) == "12.5"
    assert calc.format_number(None) == "n/a"
