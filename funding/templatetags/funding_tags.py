"""``error_anchor``: where an error summary link should point for a field."""

from __future__ import annotations

from typing import Any

from django import forms, template

register = template.Library()


@register.filter
def error_anchor(bound_field: Any) -> str:
    """crispy-forms-gds numbers radios and checkboxes from _1, so "#id_kind" would point nowhere."""
    if not isinstance(bound_field, forms.BoundField):
        # A form without visible fields (a confirm button) has no field to point at: its
        # error (e.g. "Only a draft can be adopted.") links to the page's main content.
        return "main-content"
    widget = bound_field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{bound_field.auto_id}_1"
    return str(bound_field.auto_id)
