"""Template helpers for priorities pages: figures, statuses and error-summary anchors."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms, template

from priorities import calculations as calc

register = template.Library()


@register.filter
def figure(value: Decimal | None) -> str:
    return calc.format_number(value)


@register.filter
def percent(value: Decimal | None) -> str:
    return calc.format_percent(value)


@register.filter
def error_anchor(bound_field: Any) -> str:
    """The id the error summary should link to: radios and checkboxes start at _1 in
    crispy-forms-gds, so "#id_kind" would point nowhere."""
    if not isinstance(bound_field, forms.BoundField):
        # A form without visible fields (a confirm button) has no field to point at: its
        # error (e.g. "Only a draft can be adopted.") links to the page's main content.
        return "main-content"
    widget = bound_field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{bound_field.auto_id}_1"
    return str(bound_field.auto_id)
