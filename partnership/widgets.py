"""Widgets rendered in Python where Django's template-per-option rendering costs a page.

Django renders a ``<select>`` through a template and one included template per option: a filter
form of a few selects with a few dozen people or organisations each took ~15% of the action
plan page's time. ``QuickSelect`` gives the same markup (the same attributes, the same selected
option) from a few string joins."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


class QuickSelect(forms.Select):
    """A single ``<select>`` (no option groups: those fall back to Django's rendering)."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None,
               renderer: Any = None) -> SafeString:
        # Not list(): that asks a model choice iterator its len(), a COUNT query.
        choices = [choice for choice in self.choices]  # noqa: C416
        if self.allow_multiple_selected or any(
                isinstance(label, (list, tuple)) for _, label in choices):
            return super().render(name, value, attrs, renderer)
        wanted = set(self.format_value(value))
        options = []
        chosen = False
        for option_value, label in choices:
            option = "" if option_value is None else str(option_value)
            selected = not chosen and option in wanted
            chosen = chosen or selected
            options.append((option, " selected" if selected else "", label))  # escaping keeps it
        return format_html('<select name="{}"{}>{}</select>', name,
                           flatatt(self.build_attrs(self.attrs, attrs)),
                           format_html_join("", '<option value="{}"{}>{}</option>', options))
