"""Template helpers for priorities pages: figures and statuses."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.html import format_html

from priorities import calculations as calc

register = template.Library()


@register.filter
def figure(value: Decimal | None) -> str:
    return calc.format_number(value)


@register.filter
def percent(value: Decimal | None) -> str:
    return calc.format_percent(value)


@register.filter
def status_tag(status: calc.Status | None) -> str:
    """A measure's status as a GOV.UK tag ("No target" without one): a filter, not an include,
    because the performance table shows one per row."""
    if not status:
        return format_html('<span class="govuk-body-s">{}</span>', "No target")
    return format_html('<strong class="govuk-tag {}">{}</strong>', status.tag_class, status.label)
