"""Tests written to kill the mutants that survived the review's mutation run (issue 11).

Each test names the mutant it kills. Expectations are written out, never read from the code.
None of these needs the database, so ``make mutate`` runs them quickly.
"""

from __future__ import annotations

import datetime
from decimal import Decimal as D
from typing import Any

import pytest

from actionplans.rag import ActionStatus, Rag, derive_rag
from funding.money import money, total
from funding.variance import explanation_required, threshold_amount
from partnership.notifications import absolute_url, heading_for
from partnership.periods import FinancialYear, Period, PeriodError, current_quarter, year_validators
from priorities import calculations as calc
from priorities.calculations import Point, Status

# --- priorities/calculations.py ---------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [
    (D(-100), Status.ON_TRACK),   # at the target (higher is better: e.g. a net change)
    (D(-104), Status.AT_RISK),    # 4 short of -100 (5% of |-100| = 5)
    (D(-105), Status.AT_RISK),    # exactly the tolerance
    (D(-106), Status.OFF_TRACK),  # beyond it
])
def test_status_against_a_negative_target_uses_its_size(value: D, expected: Status) -> None:
    """Mutant: ``abs(target)`` → ``target`` (the allowance turns negative: everything short
    of a negative target would be off track)."""
    assert calc.status(value, D(-100), higher_is_better=True) is expected


def test_previous_period_and_same_period_last_year_are_not_swapped() -> None:
    """Mutant: swapping ``previous_key`` and ``last_year_key`` (quarterly figures, where the
    quarter before and the same quarter a year ago differ)."""
    points = {"2016/17 Q2": Point(D(80)), "2016/17 Q3": Point(D(100)),
              "2015/16 Q3": Point(D(125)), "2014/15 Q3": Point(D(110))}
    result = calc.figures(points, period_key="2016/17 Q3", previous_key="2016/17 Q2",
                          last_year_key="2015/16 Q3", two_years_key="2014/15 Q3",
                          higher_is_better=False)
    assert (result.previous, result.same_period_last_year) == (D(80), D(125))
    assert result.change_vs_previous.percent == D("25.0")
    assert result.change_vs_last_year.percent == D("-20.0")
    assert result.improving is False  # more crime than last quarter
    assert result.trend is calc.Direction.DOWN  # against 110 two years earlier
    # Mutants figures_70, _82, _103: the figure two years earlier dropped (None).
    assert result.two_years_earlier == D(110)


def test_figures_status_honours_higher_is_better() -> None:
    """Mutant figures_93: ``higher_is_better`` not passed on to ``status`` (None, read as
    "lower is better"): 120 against a target of 100 is on track only when higher is better."""
    points = {"2016/17": Point(D(120))}
    keys = {"period_key": "2016/17", "previous_key": "2015/16", "last_year_key": "2015/16",
            "two_years_key": "2014/15"}
    assert calc.figures(points, **keys, higher_is_better=True, target=D(100)).status \
        is Status.ON_TRACK
    assert calc.figures(points, **keys, higher_is_better=False, target=D(100)).status \
        is Status.OFF_TRACK


# --- actionplans/rag.py -----------------------------------------------------------------------

TODAY = datetime.date(2016, 5, 10)  # Q1 2016/17, ends 30 June


@pytest.mark.parametrize(("start_on", "expected"), [
    (TODAY - datetime.timedelta(days=1), Rag.AMBER),  # should have started yesterday
    (TODAY, Rag.GREEN),                               # starts today: not late yet
    (TODAY + datetime.timedelta(days=1), Rag.GREEN),
])
def test_an_action_starting_today_is_not_late(start_on: datetime.date, expected: Rag) -> None:
    """Mutant: ``start_on < today`` → ``<=``."""
    assert derive_rag(status=ActionStatus.NOT_STARTED, due_on=datetime.date(2017, 3, 31),
                      start_on=start_on, percent_complete=0, today=TODAY) is expected


@pytest.mark.parametrize(("due_on", "percent", "expected"), [
    (datetime.date(2016, 6, 30), 49, Rag.AMBER),  # due by the quarter's end, under half done
    (datetime.date(2016, 6, 30), 50, Rag.GREEN),  # half done is enough
    (datetime.date(2016, 7, 1), 0, Rag.GREEN),    # due next quarter
    (TODAY, 0, Rag.AMBER),                        # due today is not yet overdue
    (TODAY - datetime.timedelta(days=1), 100, Rag.RED),
])
def test_amber_and_red_boundaries(due_on: datetime.date, percent: int, expected: Rag) -> None:
    assert derive_rag(status=ActionStatus.IN_PROGRESS, due_on=due_on, start_on=None,
                      percent_complete=percent, today=TODAY) is expected


# --- funding/variance.py and money ------------------------------------------------------------


def test_a_threshold_between_pennies_rounds_half_up_to_the_penny() -> None:
    """Decided: 10% of £3,333.45 is £333.345, which rounds half-up to £333.35; a variance of
    £333.35 needs no explanation, £333.36 does. Mutants: rounding down, ``>`` → ``>=``."""
    assert threshold_amount(D("3333.45"), D("10")) == D("333.35")
    budget = D("3333.45")
    assert explanation_required(budget=budget, forecast=budget + D("333.35"),
                                threshold_percent=D("10")) is False
    assert explanation_required(budget=budget, forecast=budget - D("333.35"),
                                threshold_percent=D("10")) is False
    assert explanation_required(budget=budget, forecast=budget + D("333.36"),
                                threshold_percent=D("10")) is True
    assert explanation_required(budget=budget, forecast=budget - D("333.36"),
                                threshold_percent=D("10")) is True


def test_totals_of_money_are_exact_to_the_penny() -> None:
    """Replaces a test of Python floats: our total and money, on amounts floats get wrong."""
    assert total([D("0.10")] * 10 + [D("0.20")] * 5) == D("2.00")
    assert total([D("0.1")] * 3) == D("0.30")
    assert str(total([])) == "0.00"
    assert str(money(D("1.005"))) == "1.01"


# --- partnership/periods.py -------------------------------------------------------------------


@pytest.mark.parametrize("start", range(2000, 2009))
def test_zero_padded_labels_round_trip(start: int) -> None:
    """2000/01 … 2008/09: the end year keeps its leading zero (mutant: dropping ``:02d``)."""
    label = FinancialYear(start).label
    assert label == f"{start}/0{start - 1999}"
    assert Period.parse(label) == Period(FinancialYear(start))
    assert Period.parse(f"{label} Q2").label == f"{label} Q2"


@pytest.mark.parametrize("label", ["2016/17 H3", "2016/17 H4", "2016/17 Q5", "2016/17 Q0"])
def test_parts_that_do_not_exist_are_refused(label: str) -> None:
    with pytest.raises(PeriodError):
        Period.parse(label)


@pytest.mark.parametrize(("day", "label"), [
    (datetime.date(2016, 6, 30), "2016/17 Q1"),
    (datetime.date(2016, 7, 1), "2016/17 Q2"),
    (datetime.date(2016, 9, 30), "2016/17 Q2"),
    (datetime.date(2016, 12, 31), "2016/17 Q3"),
    (datetime.date(2017, 3, 31), "2016/17 Q4"),
    (datetime.date(2017, 4, 1), "2017/18 Q1"),
])
def test_the_last_day_of_a_quarter_is_in_it(day: datetime.date, label: str) -> None:
    """Mutant: ``day <= ends_on`` → ``<`` in ``contains``."""
    quarter = current_quarter(day)
    assert quarter.label == label
    assert quarter.contains(day)
    assert FinancialYear.containing(day).contains(day)


def test_a_year_contains_its_first_and_last_day_only() -> None:
    year = FinancialYear(2016)
    assert year.contains(datetime.date(2016, 4, 1)) and year.contains(datetime.date(2017, 3, 31))
    assert not year.contains(datetime.date(2016, 3, 31))
    assert not year.contains(datetime.date(2017, 4, 1))


# --- survivors of the first `make mutate` run (priorities/calculations.py) ----------------------


def test_changes_under_one_have_a_direction_and_a_sign() -> None:
    """Mutants: ``delta > 0`` → ``delta > 1`` in direction, is_improvement and format_percent."""
    assert calc.direction(D("0.5")) is calc.Direction.UP
    assert calc.direction(D("-0.5")) is calc.Direction.DOWN
    assert calc.is_improvement(D("0.5"), higher_is_better=True) is True
    assert calc.is_improvement(D("0.5"), higher_is_better=False) is False
    assert calc.format_percent(D("0.5")) == "+0.5%"
    assert calc.format_percent(D("-0.5")) == "-0.5%"


def test_figures_without_the_previous_period() -> None:
    """Mutants: ``before.value if before`` → ``if before or True`` (crashes when the period
    before is not held), and ``period_key`` dropped."""
    points = {"2016/17": Point(D(459), D(1320)), "2014/15": Point(D(400), D(900))}
    result = calc.figures(points, period_key="2016/17", previous_key="2015/16",
                          last_year_key="2015/16", two_years_key="2014/15",
                          higher_is_better=False)
    assert result.period_key == "2016/17"
    assert (result.current, result.previous) == (D(459), None)
    assert result.change_vs_previous.percent is None
    assert result.comparator_change_pct is None
    assert result.trend is calc.Direction.UP


@pytest.mark.parametrize(("label", "previous"), [
    ("2016/17", "2015/16"),
    ("2016/17 Q1", "2015/16 Q4"), ("2016/17 Q2", "2016/17 Q1"), ("2016/17 Q3", "2016/17 Q2"),
    ("2016/17 Q4", "2016/17 Q3"),
    ("2016/17 H1", "2015/16 H2"), ("2016/17 H2", "2016/17 H1"),
])
def test_the_period_before(label: str, previous: str) -> None:
    """Mutants in ``Period.previous`` (``number > 1`` → ``> 2``, the year dropped...)."""
    assert Period.parse(label).previous().label == previous
    assert Period.parse(label).same_period_last_year().label == label.replace("2016/17", "2015/16")


def test_figures_keep_every_input() -> None:
    """Mutants in ``figures``: current dropped, last year's value read when not held, the
    polarity or the tolerance not passed on."""
    points = {"2016/17": Point(D(104)), "2015/16": Point(D(110))}
    result = calc.figures(points, period_key="2016/17", previous_key="2015/16",
                          last_year_key="2015/16 Q9", two_years_key="2014/15",
                          higher_is_better=False, target=D(100), tolerance_pct=D(3))
    assert result.current == D(104)
    assert result.same_period_last_year is None
    assert result.change_vs_last_year.percent is None
    assert result.status is Status.OFF_TRACK  # 4 over a target of 100 with 3% tolerance
    assert result.improving is True  # fewer than before, and lower is better
    kinder = calc.figures(points, period_key="2016/17", previous_key="2015/16",
                          last_year_key="x", two_years_key="y", higher_is_better=False,
                          target=D(100), tolerance_pct=D(5))
    assert kinder.status is Status.AT_RISK


def test_financial_year_parse_takes_a_year_and_refuses_a_part() -> None:
    """Mutants FinancialYear.parse_1 to _4 (no test in the selection called it): the label not
    read, read as nothing, the test on the part inverted, the message dropped."""
    assert FinancialYear.parse("2016/17") == FinancialYear(2016)
    with pytest.raises(PeriodError) as refused:
        FinancialYear.parse("2016/17 Q3")
    assert str(refused.value) == \
        "“2016/17 Q3” is a part of a year; give a financial year like 2016/17."


def test_the_next_financial_year() -> None:
    """Mutants FinancialYear.next_1 to _3: no year, the year before, two years on."""
    assert FinancialYear(2016).next() == FinancialYear(2017)
    assert FinancialYear(2099).next().label == "2100/01"


def test_year_validators_name_the_first_and_last_years() -> None:
    """Mutants year_validators_1 to _5: the bounds and their messages."""
    low, high = year_validators()
    assert (low.limit_value, str(low.message)) == (1998, "Give a financial year from 1998/99.")
    assert (high.limit_value, str(high.message)) == (2098, "Give a financial year up to 2098/99.")


# --- survivors of the second `make mutate` run (partnership/) -----------------------------------


def test_something_that_is_not_a_period_is_refused_with_examples() -> None:
    """Mutant ``Period.parse`` 7: the second half of the message changed."""
    with pytest.raises(PeriodError) as refused:
        Period.parse("Spring 2016")
    assert str(refused.value) == ("“Spring 2016” is not a period: use a financial year like "
                                  "2016/17, a quarter like 2016/17 Q3 or a half like 2016/17 H1.")


@pytest.mark.parametrize(("url", "expected"), [
    ("/p/east/actions/3/", "https://portal.example/p/east/actions/3/"),
    ("https://elsewhere.example/a/", "https://elsewhere.example/a/"),
    ("http://elsewhere.example/a/", "http://elsewhere.example/a/"),
    ("", ""),
])
def test_digest_links_are_made_absolute_once(url: str, expected: str,
                                             settings: Any) -> None:
    """Mutant ``absolute_url`` 7 (``"https://"`` changed): an address that is already absolute
    is left as it is, a path gets the portal's address in front."""
    settings.PORTAL_BASE_URL = "https://portal.example/"
    assert absolute_url(url) == expected


@pytest.mark.parametrize(("kind", "heading"), [
    ("grants.return_due", "Grants: return due"),
    ("board_pack", "Board pack"),
])
def test_a_kind_without_a_registered_heading_reads_as_words(kind: str, heading: str) -> None:
    """Mutant ``heading_for`` 15: the dot no longer turned into a colon."""
    assert heading_for(kind) == heading


def test_a_financial_year_has_four_quarters_and_two_halves() -> None:
    """Mutant ``FinancialYear.quarters`` 10 (``range(1, 6)``: a fifth quarter)."""
    year = FinancialYear(2016)
    assert [q.label for q in year.quarters()] == ["2016/17 Q1", "2016/17 Q2", "2016/17 Q3",
                                                 "2016/17 Q4"]
    assert [h.label for h in year.halves()] == ["2016/17 H1", "2016/17 H2"]
