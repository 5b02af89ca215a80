"""Template helpers for priorities pages: figures and statuses."""

from __future__ import annotations

from decimal import Decimal

from django import template

from priorities import calculations as calc

register = template.Library()


@register.filter
def figure(value: Decimal | None) -> str:
    return calc.format_number(value)


@register.filter
def percent(value: Decimal | None) -> str:
    return calc.format_percent(value)
