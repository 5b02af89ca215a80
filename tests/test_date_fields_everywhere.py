"""Every date a form asks for uses the one date field (partnership.dates): the same text input,
the same hint ("For example, 31 3 2026") and the same parsing, in every app."""

from __future__ import annotations

import importlib
import inspect

import pytest
from django import forms

from partnership.dates import DATE_HINT, DateField

FORM_MODULES = ["partnership.forms", "priorities.forms", "actionplans.forms", "funding.forms",
                "reviews.forms"]


def date_fields() -> list[tuple[str, str, forms.Field]]:
    found = []
    for name in FORM_MODULES:
        module = importlib.import_module(name)
        for form_name, form in inspect.getmembers(module, inspect.isclass):
            if issubclass(form, forms.BaseForm) and form.__module__ == name:
                for field_name, field in form.base_fields.items():
                    if isinstance(field, forms.DateField | forms.DateTimeField):
                        found.append((f"{name}.{form_name}", field_name, field))
    return found


def test_there_are_date_fields_in_every_app_with_dates() -> None:
    apps = {where.split(".")[0] for where, _name, _field in date_fields()}
    assert apps == {"partnership", "priorities", "actionplans", "funding", "reviews"}


@pytest.mark.parametrize(("where", "name", "field"), date_fields(),
                         ids=lambda v: v if isinstance(v, str) else "")
def test_each_date_field_is_the_shared_one(where: str, name: str, field: forms.Field) -> None:
    assert isinstance(field, DateField), f"{where}.{name}"
    assert DATE_HINT in str(field.help_text), f"{where}.{name}: {field.help_text}"
    assert field.clean("31 3 2026").isoformat() == "2026-03-31"
