"""The GOV.UK error summary for any form, with links that reach their fields.

crispy-forms-gds gives radios and checkboxes the ids ``id_<name>_1``, ``id_<name>_2``…, so its
own summary's ``#id_<name>`` links point nowhere; :func:`error_anchor` gives the right id.
Use ``{% load portal_forms %}{% form_error_summary form %}`` on every page with a form.
"""

from __future__ import annotations

from typing import Any

from django import forms, template

register = template.Library()

MULTIPLE_CHOICE_WIDGETS = (forms.RadioSelect, forms.CheckboxSelectMultiple)


@register.filter
def error_anchor(bound_field: Any) -> str:
    """The id an error summary link should point at for this field."""
    if isinstance(bound_field.field.widget, MULTIPLE_CHOICE_WIDGETS):
        return f"{bound_field.auto_id}_1"
    return str(bound_field.auto_id)


def error_items(form: forms.BaseForm) -> list[tuple[str, str]]:
    """(href, message) for each error: form-wide ones link to the first field."""
    if not form.is_bound or not form.errors:
        return []
    visible = form.visible_fields()
    first = f"#{error_anchor(visible[0])}" if visible else ""
    items = [(first, str(message)) for message in form.non_field_errors()]
    for bound_field in visible:
        items += [(f"#{error_anchor(bound_field)}", str(message)) for message in bound_field.errors]
    for bound_field in form.hidden_fields():
        items += [("", f"{bound_field.label}: {message}") for message in bound_field.errors]
    return items


@register.inclusion_tag("includes/error_summary.html")
def form_error_summary(form: forms.BaseForm | None) -> dict[str, Any]:
    return {"items": error_items(form) if form is not None else []}
