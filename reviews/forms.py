"""Forms for review pages (GOV.UK markup through crispy-forms-gds). Checks that need the review
(stages, dates against the notification) are the services'; these only read the input."""

from __future__ import annotations

from django import forms

from actionplans.forms import date_field
from partnership.forms import GdsForm

from .models import AbuseTheme, AccessKind, Decision, PauseReason, ReviewKind
from .stages import DhrStage


class NotifyForm(GdsForm):
    submit_label = "Record the notification"

    pseudonym = forms.CharField(
        label="Pseudonym of the person who died", max_length=60,
        help_text='For example, "Adult A". Never enter a real name.',
        error_messages={"required": "Enter a pseudonym, such as Adult A"})
    kind = forms.ChoiceField(label="Type of review", choices=ReviewKind.choices,
                             widget=forms.RadioSelect, initial=ReviewKind.DHR,
                             error_messages={"required": "Choose the type of review"})
    died_on = date_field("Date of death")
    notified_on = date_field("Date of the written notification")
    notifying_body = forms.CharField(label="Notified by", max_length=200,
                                     help_text="For example, Cambridgeshire Constabulary.",
                                     error_messages={"required": "Enter who notified the partnership"})
    themes = forms.MultipleChoiceField(label="Abuse themes (optional)", choices=AbuseTheme.choices,
                                       widget=forms.CheckboxSelectMultiple, required=False)


class MoveForm(forms.Form):
    to_stage = forms.ChoiceField(choices=DhrStage.choices,
                                 error_messages={"required": "Choose a stage",
                                                 "invalid_choice": "Choose a stage"})
    reason = forms.CharField(label="Why (optional)", required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(GdsForm):
    submit_label = "Record the decision"

    decision = forms.ChoiceField(label="The CSP chair's decision", choices=Decision.choices,
                                 widget=forms.RadioSelect,
                                 error_messages={"required": "Choose whether to hold a review"})
    rationale = forms.CharField(label="Reasons", required=False, max_length=5000,
                                widget=forms.Textarea(attrs={"rows": 5}),
                                help_text="Required when no review is held: they go to the "
                                          "Home Office.")
    decided_on = date_field("Date of the decision")


class PauseForm(GdsForm):
    submit_label = "Pause the review"

    reason = forms.ChoiceField(label="Why is the review paused", choices=PauseReason.choices,
                               widget=forms.RadioSelect,
                               error_messages={"required": "Choose why the review is paused"})
    started_on = date_field("Paused from")
    expected_resume_on = date_field("Expected to resume (optional)", required=False)
    note = forms.CharField(label="Note (optional)", required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))


class ResumeForm(GdsForm):
    submit_label = "Resume the review"

    ended_on = date_field("Resumed on")


class AccessLogFilterForm(forms.Form):
    """The access log's filters (GET): all optional, junk is ignored field by field."""

    user = forms.CharField(label="Person (name or email contains)", required=False, max_length=100)
    kind = forms.ChoiceField(label="What", required=False,
                             choices=[("", "Everything"), *AccessKind.choices])
    since = forms.DateField(label="From", required=False,
                            input_formats=["%d/%m/%Y", "%Y-%m-%d"],
                            help_text="For example, 31/03/2026")
