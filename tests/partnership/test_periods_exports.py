from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from partnership.exports import Sheet, csv_text, neutralise, xlsx_bytes
from partnership.periods import FinancialYear, Period, PeriodError, current_quarter


@pytest.mark.parametrize(("label", "start", "end"), [
    ("2016/17", datetime.date(2016, 4, 1), datetime.date(2017, 3, 31)),
    ("2016/17 Q1", datetime.date(2016, 4, 1), datetime.date(2016, 6, 30)),
    ("2016/17 Q3", datetime.date(2016, 10, 1), datetime.date(2016, 12, 31)),
    ("2016/17 Q4", datetime.date(2017, 1, 1), datetime.date(2017, 3, 31)),
    ("2015/16-H1", datetime.date(2015, 4, 1), datetime.date(2015, 9, 30)),
    ("2015/16 H2", datetime.date(2015, 10, 1), datetime.date(2016, 3, 31)),
    ("2015-2016", datetime.date(2015, 4, 1), datetime.date(2016, 3, 31)),
])
def test_periods_parse_to_their_dates(label: str, start: datetime.date, end: datetime.date) -> None:
    period = Period.parse(label)
    assert (period.starts_on, period.ends_on) == (start, end)


@pytest.mark.parametrize("label", ["2016", "2016/18", "2016/17 Q5", "2016/17 H3", "Q3", ""])
def test_bad_periods_say_what_is_expected(label: str) -> None:
    with pytest.raises(PeriodError):
        Period.parse(label)


def test_previous_periods_cross_year_boundaries() -> None:
    assert Period.parse("2016/17 Q1").previous().label == "2015/16 Q4"
    assert Period.parse("2016/17 H1").previous().label == "2015/16 H2"
    assert Period.parse("2016/17 Q3").same_period_last_year().label == "2015/16 Q3"
    assert FinancialYear.containing(datetime.date(2017, 3, 31)).label == "2016/17"
    assert FinancialYear.containing(datetime.date(2017, 4, 1)).label == "2017/18"
    assert current_quarter(datetime.date(2026, 11, 26)).label == "2026/27 Q3"


@pytest.mark.parametrize("text", ["=HYPERLINK(\"x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_formula_text_is_made_inert(text: str) -> None:
    assert neutralise(text) == "'" + text
    assert csv_text(Sheet("s", ["h"], [[text]])).splitlines()[1].startswith(("'", "\"'"))


def test_numbers_stay_numbers_in_xlsx() -> None:
    data = xlsx_bytes([Sheet("Sheet", ["name", "amount"],
                             [["=cmd|' /C calc'!A0", Decimal("-12.50")]], money_columns=[1])])
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert ws["A2"].value == "'=cmd|' /C calc'!A0"
    assert ws["A2"].data_type == "s"
    assert ws["B2"].value == -12.5
    assert ws["B2"].number_format == "#,##0.00"


def test_the_one_financial_year_range() -> None:
    """1998/99 (the Crime and Disorder Act 1998) to 2098/99, everywhere: periods, models, forms."""
    from django.core.exceptions import ValidationError

    from actionplans.models import ActionPlan
    from funding.models import GrantAward
    from partnership.periods import FIRST_YEAR, LAST_YEAR, Period, PeriodError

    assert (FIRST_YEAR, LAST_YEAR) == (1998, 2098)
    assert Period.parse("1998/99").year.start_year == 1998
    assert Period.parse("2098/99").year.start_year == 2098
    for label in ("1997/98", "2099/00"):
        with pytest.raises(PeriodError, match="from 1998/99 to 2098/99"):
            Period.parse(label)
    for model, name in ((ActionPlan, "year"), (GrantAward, "year_start")):
        field = model._meta.get_field(name)
        for good in (1998, 2098):
            for validator in field.validators:
                validator(good)
        for bad in (1997, 2099):
            with pytest.raises(ValidationError):
                for validator in field.validators:
                    validator(bad)


def test_priorities_learns_of_actions_through_the_registry() -> None:
    from partnership.registry import registry

    assert registry.related("priorities.Recommendation") == ["actions"]
