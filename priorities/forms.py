"""Forms for the plan, measures, imports and strategic assessments (GOV.UK markup)."""

from __future__ import annotations

from typing import Any

from django import forms

from partnership.dates import DATE_HINT, DateField
from partnership.forms import GdsForm, PartnershipFormMixin, limit_choices
from partnership.models import Organisation
from partnership.periods import FinancialYear, Period, PeriodError

from .models import (
    AssessmentPeriod,
    Frequency,
    Polarity,
    Priority,
    PriorityKind,
    RiskLevel,
)


class FinancialYearField(forms.CharField):
    """A financial year typed as 2016/17; cleaned to its start year (2016)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 9)
        kwargs.setdefault("help_text", "For example, 2016/17")
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int):
            return FinancialYear(value).label
        return value

    def clean(self, value: Any) -> Any:
        text = super().clean(value)
        if not text:
            return None
        try:
            return FinancialYear.parse(text).start_year
        except PeriodError as error:
            raise forms.ValidationError(str(error)) from error


class PeriodField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 16)
        kwargs.setdefault("help_text", "A financial year like 2016/17 or a quarter like 2016/17 Q3")
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Any:
        text = super().clean(value)
        if not text:
            return None
        try:
            period = Period.parse(text)
        except PeriodError as error:
            raise forms.ValidationError(str(error)) from error
        if period.is_half:
            raise forms.ValidationError("Give a financial year or a quarter, not a half.")
        return period


class PlanForm(GdsForm):
    title = forms.CharField(max_length=200, help_text="For example, Community Safety Plan 2014 to 2017")
    start_year = FinancialYearField(label="First financial year")
    end_year = FinancialYearField(label="Last financial year")
    introduction = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start_year") and data.get("end_year") and data["end_year"] < data["start_year"]:
            self.add_error("end_year", "The last year must not be before the first year")
        return data


class RefreshForm(GdsForm):
    submit_label = "Start the refresh"
    refreshed_on = DateField(label="Date of the refresh")
    note = forms.CharField(label="What the refresh changes",
                           widget=forms.Textarea(attrs={"rows": 4}))


class AdoptForm(GdsForm):
    submit_label = "Adopt this version"


class PriorityForm(PartnershipFormMixin, GdsForm):
    title = forms.CharField(max_length=250)
    kind = forms.ChoiceField(label="Type of priority", choices=PriorityKind.choices,
                             widget=forms.RadioSelect, initial=PriorityKind.THEMATIC)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), required=False)
    lead_organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(),
                                               required=False, label="Lead organisation")
    risk_level = forms.ChoiceField(label="Risk level", choices=RiskLevel.choices, required=False,
                                   help_text="Where the plan splits victims by risk")
    order = forms.IntegerField(min_value=0, max_value=999, required=False,
                               help_text="Leave empty to add it at the end")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "lead_organisation", self.partnership.organisations.all())


class AimForm(GdsForm):
    text = forms.CharField(label="Aim", widget=forms.Textarea(attrs={"rows": 3}))
    order = forms.IntegerField(min_value=0, max_value=999, required=False,
                               help_text="Leave empty to add it at the end")


class MeasureForm(PartnershipFormMixin, GdsForm):
    name = forms.CharField(max_length=200)
    priority = forms.ModelChoiceField(queryset=Priority.objects.none(), required=False,
                                      help_text="Leave empty for a partnership-wide measure")
    unit = forms.CharField(max_length=60, required=False,
                           help_text="For example, recorded offences, incidents or %")
    polarity = forms.ChoiceField(label="Which direction is good?", choices=Polarity.choices,
                                 widget=forms.RadioSelect, initial=Polarity.LOWER_IS_BETTER)
    frequency = forms.ChoiceField(choices=Frequency.choices, widget=forms.RadioSelect,
                                  initial=Frequency.ANNUAL)
    data_source = forms.CharField(max_length=200, required=False, label="Data source")
    baseline = forms.DecimalField(max_digits=14, decimal_places=2, required=False)
    baseline_period = forms.CharField(max_length=16, required=False, label="Baseline period",
                                      help_text="For example, 2014/15")
    target = forms.DecimalField(max_digits=14, decimal_places=2, required=False)
    tolerance_pct = forms.DecimalField(max_digits=5, decimal_places=1, min_value=0,
                                       initial=5, label="At-risk tolerance (%)",
                                       help_text="How far short of the target still counts as "
                                                 "at risk rather than off track")
    comparator_area = forms.CharField(max_length=120, required=False,
                                      label="Comparator area", help_text="For example, LLR")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "priority", Priority.objects.in_partnership(self.partnership)
                      .exclude(plan__status="superseded").select_related("plan"))


class MeasureValueForm(GdsForm):
    submit_label = "Save figure"
    period = PeriodField()
    value = forms.DecimalField(max_digits=14, decimal_places=2, label="Figure")
    comparator_value = forms.DecimalField(max_digits=14, decimal_places=2, required=False,
                                          label="Comparator area figure")


class ImportForm(GdsForm):
    submit_label = "Preview the import"
    file = forms.FileField(label="Spreadsheet (CSV or Excel .xlsx)",
                           help_text="Columns: measure, period, value and optionally "
                                     "comparator_value. 5 MB at most")
    create_measures = forms.BooleanField(
        required=False, label="Create measures that do not exist yet",
        help_text="Otherwise an unknown measure name is an error")


class ConfirmImportForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)


class AssessmentForm(PartnershipFormMixin, GdsForm):
    title = forms.CharField(max_length=200)
    year = FinancialYearField(label="Financial year")
    part = forms.ChoiceField(label="Period", choices=AssessmentPeriod.choices,
                             initial=AssessmentPeriod.ANNUAL)
    theme = forms.CharField(max_length=120, required=False, help_text="For example, Violence")
    author_organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(),
                                                 required=False, label="Author organisation")
    due_on = DateField(label="Due date", required=False)
    published_on = DateField(label="Published date", required=False,
                             help_text=f"{DATE_HINT}. Leave empty while it is still to come")
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    key_findings = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}), required=False,
                                   label="Key findings",
                                   help_text="Leave a blank line between findings")
    document = forms.FileField(required=False, help_text="PDF, Word or OpenDocument; 20 MB at most")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "author_organisation", self.partnership.organisations.all())


class RecommendationForm(PartnershipFormMixin, GdsForm):
    submit_label = "Add recommendation"
    text = forms.CharField(label="Recommendation", widget=forms.Textarea(attrs={"rows": 4}))
    priority = forms.ModelChoiceField(queryset=Priority.objects.none(), required=False,
                                      help_text="The plan priority it relates to, if any")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "priority", Priority.objects.in_partnership(self.partnership)
                      .exclude(plan__status="superseded"))


class AcceptForm(GdsForm):
    submit_label = "Accept recommendation"


class DeclineForm(GdsForm):
    submit_label = "Decline recommendation"
    reason = forms.CharField(label="Why is it declined?", widget=forms.Textarea(attrs={"rows": 4}))
