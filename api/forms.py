from __future__ import annotations

from django import forms

from partnership.forms import GdsForm


class ApiTokenForm(GdsForm):
    submit_label = "Create token"

    name = forms.CharField(
        label="Name of the token", max_length=100,
        help_text="What it is for, so you can tell your tokens apart, e.g. “Quarterly "
                  "performance workbook”",
        error_messages={"required": "Enter a name for the token",
                        "max_length": "The name must be 100 characters or fewer"})

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Enter a name for the token")
        if not name.isprintable():
            raise forms.ValidationError("The name must not contain control characters")
        return name
