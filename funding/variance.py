"""The variance rule: when a return must explain a line's forecast against its budget."""

from __future__ import annotations

from decimal import Decimal

from .money import money


def threshold_amount(budget: Decimal, threshold_percent: Decimal) -> Decimal:
    """The largest variance that needs no explanation, to the penny."""
    return money(budget * threshold_percent / 100)


def explanation_required(*, budget: Decimal, forecast: Decimal, threshold_percent: Decimal) -> bool:
    """True when |forecast - budget| is more than the threshold percentage of the budget.

    Exactly on the threshold needs no explanation; any variance on a £0.00 budget does.
    """
    variance = forecast - budget
    if not variance:
        return False
    return abs(variance) > threshold_amount(budget, threshold_percent)
