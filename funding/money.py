"""Money: pounds and pence as ``Decimal`` with two places, never float.

Every amount in this app is a ``Decimal`` quantised to the penny with half-up rounding (the
way a finance officer rounds on paper). Percentages are one decimal place.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

PENNY = Decimal("0.01")
ZERO = Decimal("0.00")
MAX_DIGITS = 12  # up to £9,999,999,999.99


class MoneyError(ValueError):
    """Text that is not an amount of money; the message says what is expected."""


def money(value: Decimal | int | str) -> Decimal:
    """A Decimal rounded half-up to the penny. Floats are refused: they are not exact."""
    if isinstance(value, float):
        raise TypeError("Money must never be a float; pass a Decimal, int or str.")
    try:
        return Decimal(value).quantize(PENNY, rounding=ROUND_HALF_UP)
    except InvalidOperation as error:
        raise MoneyError(f"“{value}” is not an amount of money.") from error


def parse_money(text: str) -> Decimal:
    """Read what people type: "£4,637", "4637.00", " 57000 ". At most two decimal places."""
    cleaned = (text or "").strip().replace(",", "").replace("£", "").replace(" ", "")
    if not cleaned:
        raise MoneyError("Enter an amount.")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation as error:
        raise MoneyError(f"“{text}” is not an amount: enter pounds and pence, like 4637.50.") from error
    if not amount.is_finite():
        raise MoneyError(f"“{text}” is not an amount: enter pounds and pence, like 4637.50.")
    if amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise MoneyError("Enter an amount in pounds and pence: no more than two decimal places.")
    return money(amount)


def total(values: Iterable[Decimal | None]) -> Decimal:
    """The exact sum of some amounts (None counts as nothing)."""
    return money(sum((v for v in values if v is not None), ZERO))


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part`` as a percentage of ``whole`` to one decimal place; None when whole is zero."""
    if not whole:
        return None
    return (part * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def pounds(value: Decimal | None) -> str:
    """£22,990.00; negative as -£1,250.00; None as an en dash."""
    if value is None:
        return "\u2013"
    sign = "-" if value < 0 else ""
    return f"{sign}£{abs(money(value)):,.2f}"
