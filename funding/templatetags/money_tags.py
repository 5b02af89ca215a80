"""Template filters for money: ``{{ amount|pounds }}`` → £22,990.00; ``|pct`` → 45.2%."""

from __future__ import annotations

from decimal import Decimal

from django import template

from ..money import pounds as format_pounds

register = template.Library()


@register.filter
def pounds(value: Decimal | None) -> str:
    return format_pounds(value)


@register.filter
def pct(value: Decimal | None) -> str:
    return "\u2013" if value is None else f"{value}%"
