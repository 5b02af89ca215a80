"""Money is Decimal with two places end to end: parsing, rounding, totals and percentages."""

from __future__ import annotations

from decimal import Decimal

import pytest

from funding.forms import MoneyField
from funding.money import MoneyError, money, parse_money, percent, pounds, total


def test_money_rounds_half_up_to_the_penny() -> None:
    assert money("2.675") == Decimal("2.68")  # a float would give 2.67
    assert money("2.665") == Decimal("2.67")
    assert money("-2.675") == Decimal("-2.68")
    assert money(22990) == Decimal("22990.00")
    assert str(money("4637")) == "4637.00"


def test_money_refuses_floats() -> None:
    with pytest.raises(TypeError):
        money(0.1)  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "expected"), [
    ("£4,637", "4637.00"), ("57000", "57000.00"), (" 3418.5 ", "3418.50"), ("0.01", "0.01"),
    ("£ 12,080.00", "12080.00"), ("-5", "-5.00"),
])
def test_parse_money_reads_what_people_type(text: str, expected: str) -> None:
    assert parse_money(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["abc", "12.345", "1e3x", "NaN", "Infinity", "", "£"])
def test_parse_money_refuses_non_amounts(text: str) -> None:
    with pytest.raises(MoneyError):
        parse_money(text)


def test_totals_reconcile_to_the_penny_where_floats_do_not() -> None:
    amounts = [Decimal("0.10")] * 10 + [Decimal("0.20")] * 5
    assert total(amounts) == Decimal("2.00")
    assert str(total(amounts)) == "2.00"  # two places, whatever the sum's exponent
    assert total([Decimal("22990.00"), None, Decimal("-0.01")]) == Decimal("22989.99")


def test_three_way_split_reconciles() -> None:
    """£100 split in three: the parts are rounded, the last takes the remainder, the sum is exact."""
    whole = Decimal("100.00")
    parts = [money(whole / 3), money(whole / 3)]
    parts.append(whole - total(parts))
    assert parts == [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]
    assert total(parts) == whole


def test_percent_one_decimal_and_zero_whole() -> None:
    assert percent(Decimal("15993.45"), Decimal("22990.00")) == Decimal("69.6")
    assert percent(Decimal("1"), Decimal("0")) is None
    assert pounds(Decimal("-1250")) == "-£1,250.00"
    assert pounds(Decimal("22990")) == "£22,990.00"


def test_money_form_field_gives_decimals_and_clear_errors() -> None:
    field = MoneyField()
    value = field.clean("£1,250.5")
    assert isinstance(value, Decimal) and value == Decimal("1250.50")
    for bad, message in [("-10", "cannot be negative"), ("0", "more than £0.00"),
                         ("ten pounds", "is not an amount"), ("1.234", "two decimal places")]:
        with pytest.raises(Exception) as error:
            field.clean(bad)
        assert message in str(error.value), bad
    assert MoneyField(allow_zero=True).clean("0") == Decimal("0.00")
