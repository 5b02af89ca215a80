"""Forms for review pages (GOV.UK markup through crispy-forms-gds). Checks that need the review
(stages, dates against the notification) are the services'; these only read the input."""

from __future__ import annotations

from typing import Any

from django import forms

from actionplans.forms import date_field
from partnership.dates import DateField
from partnership.forms import GdsForm, PartnershipFormMixin, limit_choices, members_of
from partnership.models import Organisation, User
from partnership.uploads import DOCUMENT_TYPES, check_upload

from .models import (
    AbuseTheme,
    AccessKind,
    ContactMethod,
    Decision,
    DocumentKind,
    InformationRequest,
    Involvement,
    PanelRole,
    PauseReason,
    RequestKind,
    Review,
    ReviewKind,
)
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
    since = DateField(label="From", required=False)
    until = DateField(label="To", required=False)


class PanelMemberForm(PartnershipFormMixin, GdsForm):
    submit_label = "Add to the panel"

    user = forms.ModelChoiceField(label="Person", queryset=User.objects.none(),
                                  help_text="People with an account in this partnership.",
                                  error_messages={"required": "Choose a person",
                                                  "invalid_choice": "Choose a person from the list"})
    organisation = forms.CharField(label="Organisation (optional)", max_length=200, required=False)
    role = forms.ChoiceField(label="Role on the panel", choices=PanelRole.choices,
                             widget=forms.RadioSelect, initial=PanelRole.MEMBER,
                             error_messages={"required": "Choose a role"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "user", members_of(self.partnership))


class InformationRequestForm(PartnershipFormMixin, GdsForm):
    submit_label = "Record the request"

    organisation = forms.ModelChoiceField(
        label="Agency", queryset=Organisation.objects.none(),
        error_messages={"required": "Choose the agency",
                        "invalid_choice": "Choose an agency from the list"})
    kind = forms.ChoiceField(label="Asked for", choices=RequestKind.choices,
                             widget=forms.RadioSelect,
                             error_messages={"required": "Choose what the agency is asked for"})
    contact_name = forms.CharField(label="Contact at the agency", max_length=120,
                                   error_messages={"required": "Enter the contact's name"})
    contact_email = forms.EmailField(label="Contact's email address",
                                     error_messages={"required": "Enter the contact's email address",
                                                     "invalid": "Enter an email address like "
                                                                "name@example.org"})
    requested_on = date_field("Requested on")
    due_on = date_field("Due by")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "organisation", Organisation.objects.filter(partnership=self.partnership))


class ReceivedForm(GdsForm):
    submit_label = "Record as received"

    received_on = date_field("Received on")


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ChronologyEntryForm(PartnershipFormMixin, GdsForm):
    submit_label = "Save the entry"

    happened_on = date_field("Date of the event")
    organisation = forms.ModelChoiceField(
        label="Agency", queryset=Organisation.objects.none(),
        error_messages={"required": "Choose the agency",
                        "invalid_choice": "Choose an agency from the list"})
    event = forms.CharField(label="Event", max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
                            help_text="What happened. Pseudonyms only: never a real name.",
                            error_messages={"required": "Describe the event"})
    source_detail = forms.CharField(label="Source (optional)", max_length=200, required=False,
                                    help_text="The record it comes from, such as GP notes.")
    significance = forms.CharField(label="Significance (optional)", max_length=5000,
                                   required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "organisation",
                      Organisation.objects.filter(partnership=self.partnership).order_by("name"))


def _xlsx_upload(upload: Any) -> Any:
    check_upload(upload, types={XLSX: DOCUMENT_TYPES[XLSX]})
    return upload


class ChronologyUploadForm(GdsForm):
    """An agency contributor's chronology (their request is the page's)."""

    submit_label = "Check the spreadsheet"
    file = forms.FileField(label="Chronology spreadsheet (.xlsx)",
                           help_text="Download the template, fill it in, then upload it here.",
                           error_messages={"required": "Choose the spreadsheet to upload"})

    def clean_file(self) -> Any:
        return _xlsx_upload(self.cleaned_data["file"])


class ChronologyImportForm(ChronologyUploadForm):
    """The DHR coordinator imports an agency's chronology against one of the review's requests."""

    request = forms.ModelChoiceField(
        label="From which agency's return", queryset=InformationRequest.objects.none(),
        error_messages={"required": "Choose the agency's request",
                        "invalid_choice": "Choose a request from the list"})
    field_order = ["request", "file"]

    def __init__(self, *args: Any, review: Review, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "request", review.requests.select_related("organisation")
                      .order_by("organisation__name", "pk"))
        field = self.fields["request"]
        assert isinstance(field, forms.ModelChoiceField)
        field.label_from_instance = (  # type: ignore[method-assign,assignment]
            lambda obj: f"{obj.organisation.name}: {obj.get_kind_display()}")


class FamilyContactForm(GdsForm):
    submit_label = "Record the contact"

    contacted_on = date_field("Date of the contact")
    who = forms.CharField(label="Who", max_length=120,
                          help_text="By relationship or pseudonym (\"the victim's sister\"), "
                                    "never a name.",
                          error_messages={"required": "Say who was contacted"})
    method = forms.ChoiceField(label="How", choices=ContactMethod.choices, widget=forms.RadioSelect,
                               error_messages={"required": "Choose how the contact was made"})
    summary = forms.CharField(label="Summary", max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 4}),
                              error_messages={"required": "Summarise the contact"})
    involvement = forms.ChoiceField(label="Consent and involvement", choices=Involvement.choices,
                                    widget=forms.RadioSelect, initial=Involvement.AWAITING,
                                    error_messages={"required": "Choose whether the family agreed "
                                                                "to take part"})
    leaflet_sent = forms.BooleanField(label="Home Office leaflet for families sent",
                                      required=False)
    advocacy_offered = forms.BooleanField(label="Specialist advocacy offered", required=False)


def _document_upload(upload: Any) -> Any:
    return check_upload(upload)


class DocumentUploadForm(GdsForm):
    submit_label = "Upload the document"

    kind = forms.ChoiceField(label="Type of document", choices=DocumentKind.choices,
                             widget=forms.RadioSelect,
                             error_messages={"required": "Choose the type of document"})
    title = forms.CharField(label="Title", max_length=200,
                            help_text="Use the reference, never a real name.",
                            error_messages={"required": "Enter a title"})
    file = forms.FileField(label="File", error_messages={"required": "Choose the file to upload"})

    def clean_file(self) -> Any:
        return _document_upload(self.cleaned_data["file"])


class VersionUploadForm(GdsForm):
    submit_label = "Upload the new version"

    file = forms.FileField(label="File", help_text="The earlier versions are kept.",
                           error_messages={"required": "Choose the file to upload"})

    def clean_file(self) -> Any:
        return _document_upload(self.cleaned_data["file"])


class ReturnUploadForm(VersionUploadForm):
    submit_label = "Upload"


class GiveAccessForm(GdsForm):
    submit_label = "Give access and send the link"
