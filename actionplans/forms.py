"""Forms for action plan pages (GOV.UK markup through crispy-forms-gds)."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Size
from django import forms

from partnership.dates import DateField
from partnership.dates import date_field as shared_date_field
from partnership.forms import GdsForm, PartnershipFormMixin, limit_choices, members_of
from partnership.models import Meeting, Organisation, SubGroup, User
from partnership.periods import FIRST_YEAR, LAST_YEAR
from partnership.widgets import QuickSelect

from .models import Action, ActionPlan, ActionUpdate
from .rag import ActionStatus, Rag

RATINGS = [(Rag.GREEN, "Green: on track"), (Rag.AMBER, "Amber: at risk"),
           (Rag.RED, "Red: off track")]


def date_field(label: str, required: bool = True) -> forms.DateField:
    """The shared date field (partnership.dates): one pattern and hint on every form."""
    return shared_date_field(label, required=required)


class UpdateForm(GdsForm):
    """The lead officer's one-page update (works on a phone: one column, big targets)."""

    progress = forms.CharField(label="Progress this quarter", widget=forms.Textarea(attrs={"rows": 6}),
                               help_text="What has been done, what is next, any risks.",
                               error_messages={"required": "Enter the progress this quarter"})
    percent_complete = forms.IntegerField(
        label="How complete is the action (%)", min_value=0, max_value=100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric",
                                        "class": "govuk-input govuk-input--width-3"}),
        error_messages={"required": "Enter how complete the action is, from 0 to 100",
                        "min_value": "Enter a number from 0 to 100",
                        "max_value": "Enter a number from 0 to 100",
                        "invalid": "Enter a whole number from 0 to 100"})
    proposed_rag = forms.ChoiceField(label="Your RAG rating", choices=RATINGS, required=False,
                                     widget=forms.RadioSelect,
                                     help_text="Needed to submit; a draft can be saved without one.")
    proposed_status = forms.ChoiceField(label="Status", choices=ActionStatus.choices,
                                        initial=ActionStatus.IN_PROGRESS)
    evidence = forms.FileField(label="Evidence (optional)", required=False,
                               help_text="A document or photo, up to 20 MB.")

    def __init__(self, *args: Any, submitting: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.submitting = submitting  # "Save as draft" needs no RAG rating
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        # The buttons are in the template (two submit buttons, see update_form.html).

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.submitting and not data.get("proposed_rag") and "proposed_rag" not in self.errors:
            self.add_error("proposed_rag", "Choose a RAG rating")
        return data


class ReviewForm(GdsForm):
    comment = forms.CharField(label="Comment for the lead officer", required=False,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="Needed when you return the update.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False  # the buttons are in review_update.html


class BulkReviewForm(PartnershipFormMixin, forms.Form):
    updates = forms.ModelMultipleChoiceField(queryset=ActionUpdate.objects.none(),
                                             error_messages={"required": "Choose at least one update"})
    comment = forms.CharField(required=False, widget=forms.Textarea)
    decision = forms.ChoiceField(choices=[("accept", "Accept"), ("return", "Return")])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "updates", ActionUpdate.objects.in_partnership(self.partnership)
                      .awaiting_review().select_related("action", "period"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "return" and not (data.get("comment") or "").strip():
            self.add_error("comment", "Say what the lead officers need to change")
        return data


class PlanFilterForm(PartnershipFormMixin, forms.Form):
    plan = forms.ModelChoiceField(queryset=ActionPlan.objects.none(), required=False,
                                  label="Priority or group", empty_label="All",
                                  widget=QuickSelect)
    lead = forms.ModelChoiceField(queryset=User.objects.none(), required=False,
                                  label="Lead officer", empty_label="All",
                                  widget=QuickSelect)
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), required=False,
                                          empty_label="All", widget=QuickSelect)
    status = forms.ChoiceField(choices=[("", "All"), ("open", "Open (not started or in progress)"),
                                        *ActionStatus.choices], required=False,
                               widget=QuickSelect)
    rag = forms.ChoiceField(label="RAG", choices=[("", "All"), *Rag.choices], required=False,
                            widget=QuickSelect)
    overdue = forms.BooleanField(required=False, label="Overdue only")
    missing = forms.BooleanField(required=False, label="Update missing only")

    def __init__(self, *args: Any, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "plan", ActionPlan.objects.in_partnership(self.partnership).for_year(year))
        # A filter: the choices' names (and the chosen person's pk) are all it needs.
        limit_choices(self, "lead", members_of(self.partnership).only("full_name", "email"))
        limit_choices(self, "organisation", self.partnership.organisations.all())
        for name in ("plan", "lead", "organisation", "status", "rag"):
            self.fields[name].widget.attrs["class"] = "govuk-select"
        for name in ("overdue", "missing"):
            self.fields[name].widget.attrs["class"] = "govuk-checkboxes__input"


class BulkChangeForm(PartnershipFormMixin, forms.Form):
    actions = forms.ModelMultipleChoiceField(queryset=Action.objects.none(),
                                             error_messages={"required": "Choose at least one action"})
    operation = forms.ChoiceField(choices=[("reassign", "Reassign lead officer"),
                                           ("extend", "Extend due date")])
    lead_officer = forms.ModelChoiceField(queryset=User.objects.none(), required=False)
    due_on = DateField(required=False)
    reason = forms.CharField(max_length=500, error_messages={"required": "Give the reason for the change"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "actions", Action.objects.in_partnership(self.partnership))
        limit_choices(self, "lead_officer", members_of(self.partnership))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("operation") == "reassign" and not data.get("lead_officer"):
            self.add_error("lead_officer", "Choose the new lead officer")
        if data.get("operation") == "extend" and not data.get("due_on"):
            self.add_error("due_on", "Enter the new due date, for example 31 3 2026")
        return data


class RagOverrideForm(GdsForm):
    submit_label = "Save RAG rating"
    rag = forms.ChoiceField(label="RAG rating shown", widget=forms.RadioSelect,
                            choices=[("", "Use the derived rating"), *Rag.choices], required=False)
    reason = forms.CharField(label="Reason", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="Needed when you override the derived rating.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("rag") and not (data.get("reason") or "").strip():
            self.add_error("reason", "Give the reason for overriding the RAG rating")
        return data


class ImportForm(GdsForm):
    submit_label = "Check the spreadsheet"
    file = forms.FileField(label="Spreadsheet (Excel .xlsx or CSV)",
                           help_text="Export the plan, edit it in Excel, then upload it here.")
    reason = forms.CharField(
        label="Reason for due-date and lead officer changes (optional)", required=False,
        max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Recorded in the change log of every action whose due date or lead officer "
                  "the import changes. For example, “Agreed at the June Partnership meeting”.")

    def clean_file(self) -> Any:
        from django.conf import settings

        upload = self.cleaned_data["file"]
        size = upload.size or 0
        if size == 0:
            raise forms.ValidationError("The selected file is empty.")
        limit = settings.UPLOAD_MAX_BYTES
        if size > limit:
            raise forms.ValidationError(
                f"The selected file must be smaller than {limit // (1024 * 1024)} MB.")
        return upload


class RecommendationActionForm(PartnershipFormMixin, GdsForm):
    submit_label = "Add the action"
    plan = forms.ModelChoiceField(queryset=ActionPlan.objects.none(), label="Action plan")
    reference = forms.CharField(max_length=20, help_text="For example, P2.4")
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))
    lead_officer = forms.ModelChoiceField(queryset=User.objects.none(), required=False)
    due_on = date_field("Due date", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "plan", ActionPlan.objects.in_partnership(self.partnership))
        limit_choices(self, "lead_officer", members_of(self.partnership))


class ReportingPeriodForm(PartnershipFormMixin, GdsForm):
    submit_label = "Save reporting period"
    period = forms.CharField(label="Quarter", max_length=16, help_text="For example, 2015/16 Q3")
    meeting = forms.ModelChoiceField(queryset=Meeting.objects.none(), required=False,
                                     label="Partnership meeting")
    deadline = date_field("Deadline for updates (optional)", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "meeting", Meeting.objects.in_partnership(self.partnership)
                      .filter(group__isnull=True))
        self.fields["deadline"].help_text = ("Leave empty for ten working days before the "
                                             "meeting. For example, 31/03/2016")


class PlanForm(PartnershipFormMixin, GdsForm):
    submit_label = "Create the plan"
    year = forms.IntegerField(label="Financial year starting", min_value=FIRST_YEAR, max_value=LAST_YEAR,
                              help_text="For example, 2015 for 2015/16")
    title = forms.CharField(max_length=200)
    reference_prefix = forms.CharField(max_length=10, required=False, label="Reference prefix",
                                       help_text="For example, P2")
    priority: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, required=False)  # type: ignore[arg-type]
    group = forms.ModelChoiceField(queryset=SubGroup.objects.none(), required=False,
                                   label="Or a task and finish group")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from priorities.models import Priority

        super().__init__(*args, **kwargs)
        limit_choices(self, "priority", Priority.objects.filter(plan__partnership=self.partnership))
        limit_choices(self, "group", self.partnership.subgroups.all())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("priority")) == bool(data.get("group")):
            self.add_error("priority", "Choose either a priority or a task and finish group")
        return data


class ActionForm(PartnershipFormMixin, GdsForm):
    """Add an action to a plan, or change one (a new due date or lead needs a reason)."""

    reference = forms.CharField(max_length=20, help_text="For example, P2.4")
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))
    lead_officer = forms.ModelChoiceField(queryset=User.objects.none(), required=False)
    lead_organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), required=False)
    start_on = date_field("Start date", required=False)
    due_on = date_field("Due date", required=False)
    status = forms.ChoiceField(choices=ActionStatus.choices, initial=ActionStatus.NOT_STARTED)
    reason = forms.CharField(label="Reason for the change", required=False, max_length=500,
                             help_text="Needed when you change the due date or lead officer.")

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "lead_officer", members_of(self.partnership))
        limit_choices(self, "lead_organisation", self.partnership.organisations.all())
        if editing:
            del self.fields["reference"]
        else:
            del self.fields["reason"]


class ExtensionRequestForm(GdsForm):
    submit_label = "Ask for the extension"
    proposed_due_on = date_field("Proposed new due date")
    # Not required here: the service checks it, so a missing reason and a bad date show together.
    reason = forms.CharField(label="Why does the action need more time?", max_length=2000,
                             required=False, widget=forms.Textarea(attrs={"rows": 4}))


class ExtensionDecisionForm(GdsForm):
    submit_label = "Send decision"
    decision = forms.ChoiceField(label="Decision", widget=forms.RadioSelect,
                                 choices=[("approve", "Approve: move the due date"),
                                          ("decline", "Decline")],
                                 error_messages={"required": "Choose whether to approve or decline"})
    comment = forms.CharField(label="Comment for the lead officer", required=False,
                              max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="Needed when you decline")
