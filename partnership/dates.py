"""The one date field every form uses: a text input with the same hint everywhere.

People type a date as day, month and year ("31 3 2026"; slashes, dots and dashes work too, as
does the ISO form "2026-03-31" that the browser tests and older bookmarks use). An impossible
date (31 February, month 13) gets its own error, not the generic "enter a date"."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.core.validators import EMPTY_VALUES

DATE_HINT = "For example, 31 3 2026"
FIRST_YEAR, LAST_YEAR = 1900, 2100

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})\s*[\s/.\-]\s*(\d{1,2}|[A-Za-z]{3,9})\s*[\s/.\-]\s*(\d{2}|\d{4})$")
MONTHS = {name: number for number, name in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}


class DateTextInput(forms.TextInput):
    """Shows a date as "31 3 2026" (what the hint asks for); anything else as typed."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"class": "govuk-input govuk-input--width-10", "autocomplete": "off",
                          "spellcheck": "false", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, datetime.date):
            return f"{value.day} {value.month} {value.year}"
        return super().format_value(value)  # type: ignore[no-any-return]


def parse_date(text: str) -> datetime.date:
    """Day month year (or ISO) to a date; ValueError with the message to show, if it is not one."""
    value = " ".join(str(text).split())
    iso, dmy = _ISO.match(value), _DMY.match(value)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
    elif dmy:
        day, year = int(dmy.group(1)), int(dmy.group(3))
        month_text = dmy.group(2).lower()
        if month_text.isascii() and month_text.isdigit():
            month = int(month_text)
        else:  # "31 March 2026", "31 Mar 2026"
            month = next((number for name, number in MONTHS.items()
                          if name.startswith(month_text) and len(month_text) >= 3), 0)
            if not month:
                raise ValueError(f"“{dmy.group(2)}” is not a month: enter the month as a "
                                 "number, for example, 31 3 2026")
        if year < 100:
            year += 2000
    else:
        raise ValueError("Enter the date as day, month and year, for example, 31 3 2026")
    if not 1 <= month <= 12:
        raise ValueError("The month must be a number from 1 to 12")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"The year must be between {FIRST_YEAR} and {LAST_YEAR}")
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValueError(f"That date does not exist: {datetime.date(year, month, 1):%B %Y} "
                         f"has no day {day}") from None


class DateField(forms.DateField):
    """A date typed as day, month and year, with the shared hint and clear errors."""

    widget = DateTextInput

    def __init__(self, *, help_text: str = DATE_HINT, **kwargs: Any) -> None:
        kwargs.pop("input_formats", None)
        super().__init__(help_text=help_text, **kwargs)

    def to_python(self, value: Any) -> datetime.date | None:
        if value in EMPTY_VALUES:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return parse_date(str(value))
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from None


def date_field(label: str, required: bool = True, **kwargs: Any) -> DateField:
    return DateField(label=label, required=required, **kwargs)
