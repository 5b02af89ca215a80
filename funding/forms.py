"""Forms for grants, spend, virements and returns. Money fields read Decimal, never float."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from crispy_forms_gds.helper import FormHelper
from django import forms

from partnership.dates import DateField
from partnership.forms import GdsForm, PartnershipFormMixin, limit_choices
from partnership.models import Organisation
from priorities.models import Priority

from .models import BudgetLine, FundingStream, GrantAward, Kind, PeriodPart
from .money import MoneyError, parse_money
from .selectors import periods_without_return


class MoneyField(forms.CharField):
    """Pounds and pence typed as text ("£4,637.50", "4637.5"), cleaned to a 2-place Decimal."""

    def __init__(self, *args: Any, allow_zero: bool = False, **kwargs: Any) -> None:
        self.allow_zero = allow_zero
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "spellcheck": "false",
                                  "class": "govuk-input--width-10"})

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        if len(str(text)) > 20:
            raise forms.ValidationError("Enter an amount of no more than 20 characters.", code="long")
        try:
            amount = parse_money(str(text))
        except MoneyError as error:
            raise forms.ValidationError(str(error), code="invalid") from error
        if amount < 0:
            raise forms.ValidationError("The amount cannot be negative.", code="negative")
        if amount >= Decimal("10000000000"):
            raise forms.ValidationError("Enter an amount under £10,000,000,000.00.", code="large")
        if amount == 0 and not self.allow_zero:
            raise forms.ValidationError("The amount must be more than £0.00.", code="zero")
        return amount

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return f"{value:.2f}"
        return value


class YearField(forms.CharField):
    """A financial year typed like 2015/16; cleaned to its start year (2015)."""

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        from partnership.periods import FinancialYear, PeriodError

        text = super().to_python(value)
        if text in self.empty_values:
            return None
        if len(str(text)) > 12:
            raise forms.ValidationError("Enter a financial year like 2015/16.", code="long")
        try:
            return FinancialYear.parse(str(text)).start_year
        except PeriodError as error:
            raise forms.ValidationError(str(error), code="invalid") from error


class AwardForm(PartnershipFormMixin, GdsForm):
    submit_label = "Add award"
    stream = forms.ModelChoiceField(queryset=FundingStream.objects.all(), label="Funding stream",
                                    empty_label="Choose a funding stream")
    year_start = YearField(label="Financial year", help_text="For example, 2015/16")
    revenue_amount = MoneyField(label="Revenue (£)", allow_zero=True, required=False,
                                help_text="Leave empty if none")
    capital_amount = MoneyField(label="Capital (£)", allow_zero=True, required=False,
                                help_text="Leave empty if none")
    schedule = forms.ChoiceField(
        label="Returns", choices=[("six_monthly", "Six-monthly (H1 due 31 October, H2 due 30 April)"),
                                  ("quarterly", "Quarterly (due a month after each quarter)")],
        widget=forms.RadioSelect, initial="six_monthly")
    variance_threshold_percent = forms.DecimalField(
        label="Variance threshold (%)", initial=Decimal("10.00"), min_value=Decimal("0"),
        max_value=Decimal("100"), decimal_places=2, max_digits=5,
        help_text=GrantAward._meta.get_field("variance_threshold_percent").help_text)
    conditions = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False,
                                 label="Conditions of the grant")
    award_letter = forms.FileField(required=False, label="Award letter",
                                   help_text="PDF, Word or image; 20 MB at most")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        data["revenue_amount"] = data.get("revenue_amount") or Decimal("0.00")
        data["capital_amount"] = data.get("capital_amount") or Decimal("0.00")
        if not self.errors and not (data["revenue_amount"] + data["capital_amount"]):
            raise forms.ValidationError("Enter a revenue or capital amount above £0.00.")
        return data


class BudgetLineForm(PartnershipFormMixin, GdsForm):
    submit_label = "Add line"
    title = forms.CharField(max_length=200, help_text="For example, 2 x ASB case workers")
    kind = forms.ChoiceField(label="Capital or revenue", choices=Kind.choices, widget=forms.RadioSelect)
    budget = MoneyField(label="Budget (£)", allow_zero=True)
    lead_organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), required=False,
                                               label="Lead organisation")
    priority = forms.ModelChoiceField(queryset=Priority.objects.none(), required=False,
                                      label="Plan priority it serves (optional)")
    profile_h1 = MoneyField(label="H1 profile (£), optional", allow_zero=True, required=False,
                            help_text="Planned spend April to September")
    profile_h2 = MoneyField(label="H2 profile (£), optional", allow_zero=True, required=False,
                            help_text="Planned spend October to March")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "lead_organisation", self.partnership.organisations.all())
        limit_choices(self, "priority", Priority.objects.in_partnership(self.partnership)
                      .select_related("plan").order_by("-plan__start_year", "order"))


class AwardObjectFormMixin(PartnershipFormMixin):
    """Forms whose choices come from one award's lines."""

    def __init__(self, *args: Any, award: GrantAward, **kwargs: Any) -> None:
        self.award = award
        super().__init__(*args, partnership=award.partnership, **kwargs)


class SpendForm(AwardObjectFormMixin, GdsForm):
    submit_label = "Record spend"
    line = forms.ModelChoiceField(queryset=BudgetLine.objects.none(), label="Budget line",
                                  empty_label="Choose a line")
    spent_on = DateField(label="Date")
    amount = MoneyField(label="Amount (£)", help_text="For example, 1250.00")
    description = forms.CharField(max_length=300)
    reference = forms.CharField(max_length=100, required=False, label="Reference (optional)",
                                help_text="Invoice or purchase order number")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "line", BudgetLine.objects.filter(award=self.award))


class VirementForm(AwardObjectFormMixin, GdsForm):
    submit_label = "Ask for approval"
    from_line = forms.ModelChoiceField(queryset=BudgetLine.objects.none(), label="Move money from",
                                       empty_label="Choose a line")
    to_line = forms.ModelChoiceField(queryset=BudgetLine.objects.none(), label="Move money to",
                                     empty_label="Choose a line")
    amount = MoneyField(label="Amount (£)")
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lines = BudgetLine.objects.filter(award=self.award)
        limit_choices(self, "from_line", lines)
        limit_choices(self, "to_line", lines)


class VirementDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("reject", "Reject")])


class ReturnStartForm(AwardObjectFormMixin, GdsForm):
    submit_label = "Start return"
    part = forms.ChoiceField(label="Period", choices=PeriodPart.choices, widget=forms.RadioSelect)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parts = periods_without_return(award=self.award)
        self.fields["part"].choices = [(p, label) for p, label in PeriodPart.choices if p in parts]  # type: ignore[attr-defined]
        if not parts:  # every period already has its return
            self.fields["part"].help_text = ("Every period of this award already has a return: "
                                             "open it from the award's page.")
        self.fields["part"].error_messages["required"] = (
            "Choose the period" if parts else "Every period of this award already has a return")
        self.fields["part"].error_messages["invalid_choice"] = (
            "That period already has a return (or is not one of this award's periods): "
            "choose another, or open the return from the award's page")


class ReturnSummaryForm(forms.Form):
    summary = forms.CharField(label="Overall progress and achievements", required=False,
                              widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class ReturnLineForm(forms.Form):
    """One line of the return; prefixed with the line's id in the page."""

    forecast = MoneyField(label="Forecast outturn for the year (£)", allow_zero=True)
    variance_explanation = forms.CharField(label="Explanation of the variance", required=False,
                                           widget=forms.Textarea(attrs={"rows": 2}))
    outputs = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}),
                              help_text="What was delivered, e.g. 3 sessions, 40 calls handled")
    outcomes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}),
                               help_text="What changed as a result")
    measure_ids = forms.TypedMultipleChoiceField(
        label="Linked performance measures", required=False, coerce=int,
        widget=forms.CheckboxSelectMultiple, choices=[],
        help_text="The plan's measures this line contributes to")

    def __init__(self, *args: Any, measure_choices: list[tuple[int, str]] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if measure_choices:
            self.fields["measure_ids"].choices = measure_choices  # type: ignore[attr-defined]
        else:
            del self.fields["measure_ids"]
        self.helper = FormHelper()
        self.helper.form_tag = False


class ReturnSubmitForm(GdsForm):
    submit_label = "Submit to the OPCC"
    no_personal_data = forms.BooleanField(
        required=False,
        label="I confirm this return contains no personal data about service users")


class ReturnReviewForm(GdsForm):
    submit_label = "Send decision"
    decision = forms.ChoiceField(
        label="Decision", widget=forms.RadioSelect,
        choices=[("accept", "Accept the return"), ("return", "Return it for changes")],
        error_messages={"required": "Choose whether to accept the return or return it"})
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}),
                              label="Comments", help_text="Required when returning it for changes")


class ReturnReviseForm(GdsForm):
    submit_label = "Start a correction"
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}),
                             label="What needs correcting",
                             error_messages={"required": "Say what the correction is for"})


class OpccPeriodForm(forms.Form):
    period = forms.CharField(max_length=20, label="Period", help_text="For example, 2015/16-H1")

    def clean_period(self) -> Any:
        from partnership.periods import Period, PeriodError

        try:
            return Period.parse(self.cleaned_data["period"])
        except PeriodError as error:
            raise forms.ValidationError(str(error)) from error



class BudgetLineEditForm(BudgetLineForm):
    """Everything but the kind: capital stays capital and revenue stays revenue."""

    submit_label = "Save line"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["kind"]
