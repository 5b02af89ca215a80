from __future__ import annotations

import datetime
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Size, Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.utils import timezone

from .dates import DateField
from .models import (
    AgendaItem,
    AgendaItemPurpose,
    GroupMemberRole,
    MeetingActionStatus,
    Organisation,
    Partnership,
    Role,
    SubGroup,
    User,
)


class GdsForm(forms.Form):
    """A form rendered with GOV.UK Design System markup by crispy-forms-gds."""

    submit_label = "Save"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.add_input(Submit("submit", self.submit_label))


class OneQueryChoices(forms.models.ModelChoiceIterator):
    """A select's choices read with one plain query. Django's iterator reads them with
    ``QuerySet.iterator()``, which on PostgreSQL opens a server-side cursor (DECLARE, FETCH and
    CLOSE: three round trips, and a cursor WITH HOLD outside a transaction) for a few dozen
    rows; and a second reading of the choices reuses the rows read the first time."""

    def __iter__(self) -> Any:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


def limit_choices(form: forms.BaseForm, name: str, queryset: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    if not isinstance(field, forms.ModelMultipleChoiceField):
        field.iterator = OneQueryChoices  # before the queryset: that hands the widget its choices
    field.queryset = queryset


class PartnershipFormMixin:
    """Forms whose choices come from one partnership."""

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        self.partnership = partnership
        super().__init__(*args, **kwargs)


def members_of(partnership: Partnership) -> Any:
    return User.objects.filter(memberships__partnership=partnership, is_active=True).order_by(
        "full_name")


class MembershipEditForm(PartnershipFormMixin, GdsForm):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), required=False)
    roles = forms.MultipleChoiceField(choices=Role.choices, widget=forms.CheckboxSelectMultiple,
                                      error_messages={"required": "Choose at least one role"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "organisation", self.partnership.organisations.all())


class MembershipAddForm(MembershipEditForm):
    submit_label = "Add person"
    full_name = forms.CharField(label="Full name", max_length=150)
    email = forms.EmailField(label="Work email address")
    field_order = ["full_name", "email", "organisation", "roles"]


class MeetingForm(PartnershipFormMixin, GdsForm):
    """The meeting's date uses the shared date field; the start time is a field of its own.
    ``cleaned_data`` carries ``starts_at`` (an aware datetime) instead of the two."""

    title = forms.CharField(max_length=200, help_text="For example, Partnership board – Q2")
    date = DateField(label="Date")
    time = forms.TimeField(
        label="Start time", help_text="For example, 14:00",
        input_formats=["%H:%M", "%H.%M", "%I:%M%p", "%I%p", "%I.%M%p"],
        widget=forms.TimeInput(format="%H:%M", attrs={"class": "govuk-input govuk-input--width-5"}),
        error_messages={"invalid": "Enter the start time as hours and minutes, for example, 14:00"})
    location = forms.CharField(max_length=200, required=False)
    group = forms.ModelChoiceField(queryset=SubGroup.objects.none(), required=False,
                                   label="Group", help_text="Leave empty for the Partnership itself")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "group", self.partnership.subgroups.all())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, time = data.pop("date", None), data.pop("time", None)
        if day is not None and time is not None:
            data["starts_at"] = timezone.make_aware(datetime.datetime.combine(day, time))
        return data


class MinutesForm(GdsForm):
    submit_label = "Save minutes"
    minutes = forms.CharField(
        label="General minutes", widget=forms.Textarea(attrs={"rows": 8}), required=False,
        help_text="Attendance, apologies and any other business. Record each agenda item's "
                  "minutes and decisions from the meeting page.")
    approved = forms.BooleanField(label="These minutes have been approved", required=False)


class AgendaItemForm(PartnershipFormMixin, GdsForm):
    """Add or edit an item. Its place on the agenda is changed with the move buttons."""

    title = forms.CharField(max_length=200)
    purpose = forms.ChoiceField(choices=AgendaItemPurpose.choices, widget=forms.RadioSelect,
                                initial=AgendaItemPurpose.INFORMATION, label="Purpose",
                                error_messages={"required": "Choose the purpose of the item",
                                                "invalid_choice": "Choose the purpose of the item"})
    duration_minutes = forms.IntegerField(
        label="Time allowed (minutes)", required=False, min_value=1, max_value=480,
        help_text="For example, 15",
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-3",
                                        "inputmode": "numeric"}),
        error_messages={"invalid": "Enter the time allowed as a whole number of minutes",
                        "min_value": "The time allowed must be at least 1 minute",
                        "max_value": "The time allowed must be 480 minutes (8 hours) or less"})
    presenter = forms.CharField(max_length=200, required=False, label="Presenter",
                                help_text="Who presents the item; a guest's name is fine")
    owner = forms.ModelChoiceField(queryset=User.objects.none(), required=False,
                                   label="Owner", help_text="The member responsible for the item")
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    confidential = forms.BooleanField(
        required=False, label="Confidential",
        help_text=AgendaItem._meta.get_field("confidential").help_text)
    report_from = forms.ModelChoiceField(
        queryset=SubGroup.objects.none(), required=False,
        label="Report from a task and finish group (optional)",
        help_text="For example, the CSE group reporting back to the Partnership",
        error_messages={"invalid_choice": "Choose a group from the list"})

    def __init__(self, *args: Any, add_another: bool = False, board_meeting: bool = True,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "owner", members_of(self.partnership))
        if board_meeting:
            limit_choices(self, "report_from",
                          SubGroup.objects.in_partnership(self.partnership).task_and_finish())
        else:  # a group's own meeting: reports go to the Partnership's meetings
            del self.fields["report_from"]
        if add_another:
            self.helper.add_input(Submit("add_another", "Save and add another",
                                         css_class="govuk-button--secondary"))


class AgendaItemMinutesForm(PartnershipFormMixin, GdsForm):
    """One item's minutes and decisions, and an action agreed under it (optional)."""

    submit_label = "Save minutes"
    minutes = forms.CharField(label="Minutes", widget=forms.Textarea(attrs={"rows": 6}),
                              required=False, help_text="What was discussed")
    decisions = forms.CharField(label="Decisions", widget=forms.Textarea(attrs={"rows": 4}),
                                required=False, help_text="One decision a line")
    action_description = forms.CharField(
        label="New action (optional)", widget=forms.Textarea(attrs={"rows": 2}), required=False,
        max_length=2000, help_text="It goes to the meeting's action log")
    action_owner = forms.ModelChoiceField(queryset=User.objects.none(), required=False,
                                          label="Action owner")
    action_due_on = DateField(label="Action due date", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "action_owner", members_of(self.partnership))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("action_description") or "").strip():
            if not data.get("action_owner") and "action_owner" not in self.errors:
                self.add_error("action_owner", "Choose who owns the action")
            if not data.get("action_due_on") and "action_due_on" not in self.errors:
                self.add_error("action_due_on", "Enter the date the action is due")
        return data


class PaperUploadForm(GdsForm):
    submit_label = "Upload paper"
    title = forms.CharField(max_length=200)
    file = forms.FileField(label="File",
                           help_text="PDF, Word, Excel, PowerPoint, OpenDocument or image; 20 MB at most")


class PaperReplaceForm(GdsForm):
    submit_label = "Replace paper"
    title = forms.CharField(max_length=200, required=False,
                            help_text="Leave empty to keep the current title")
    file = forms.FileField(label="New version",
                           help_text="PDF, Word, Excel, PowerPoint, OpenDocument or image; 20 MB at most")


class AgendaItemMoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "Up"), ("down", "Down")])


class MeetingActionForm(PartnershipFormMixin, GdsForm):
    submit_label = "Add action"
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.ModelChoiceField(queryset=User.objects.none(), required=False)
    due_on = DateField(required=False, label="Due date")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "owner", members_of(self.partnership))


class MeetingActionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=MeetingActionStatus.choices)


class LoginForm(AuthenticationForm):
    """Sign in with a work email address; GOV.UK markup."""

    username = forms.EmailField(label="Email address",
                                widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password = forms.CharField(label="Password", strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    error_messages = {
        "invalid_login": "Enter a correct email address and password. Both are case-sensitive "
                         "except the email address.",
        "inactive": "This account is inactive.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", "Sign in"))

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).strip().lower()


class GdsHelperMixin:
    """Add a crispy-forms-gds helper to one of Django's own auth forms."""

    submit_label = "Continue"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", self.submit_label))


class PasswordResetRequestForm(GdsHelperMixin, PasswordResetForm):
    submit_label = "Send the link"
    email = forms.EmailField(label="Email address", max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))

    def get_users(self, email: str) -> Any:
        """Active accounts with this email, including people added who never set a password."""
        return User.objects.filter(email__iexact=email.strip(), is_active=True)

    def send_mail(self, subject_template_name: str, email_template_name: str,
                  context: dict[str, Any], from_email: str | None, to_email: str,
                  html_email_template_name: str | None = None) -> None:
        """Queue the email for Celery (after the commit) instead of sending it in the request.

        At most PASSWORD_RESET_PER_EMAIL_PER_HOUR emails an hour to one address: more requests
        are answered the same way (so they reveal nothing) but send nothing."""
        from django.conf import settings
        from django.db import transaction

        from .ratelimit import allow
        from .tasks import send_password_reset

        if not allow("password-reset-email", to_email,
                     limit=settings.PASSWORD_RESET_PER_EMAIL_PER_HOUR, window_seconds=3600):
            return
        user_id = context["user"].pk
        domain, protocol = context["domain"], context["protocol"]
        transaction.on_commit(lambda: send_password_reset.delay(user_id, domain, protocol))


class NewPasswordForm(GdsHelperMixin, SetPasswordForm):  # type: ignore[type-arg]
    submit_label = "Set password"


class TwoFactorCodeForm(GdsForm):
    """A code from the authenticator app (or, when signing in, a recovery code)."""

    submit_label = "Continue"
    code = forms.CharField(
        label="Code", max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false",
                                      "inputmode": "text"}))

    def __init__(self, *args: Any, help_text: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = help_text

    def clean_code(self) -> str:
        code = "".join(str(self.cleaned_data["code"]).split()).replace("-", "")
        if not code:
            raise forms.ValidationError("Enter the code")
        if not code.isalnum():
            raise forms.ValidationError("The code must be letters and numbers only")
        return code


class GroupForm(PartnershipFormMixin, GdsForm):
    """Setting up a task-and-finish group (and re-forming one: the name is then kept)."""

    submit_label = "Set up the group"

    name = forms.CharField(label="Name", max_length=200,
                           error_messages={"required": "Enter the group's name"})
    remit = forms.CharField(label="Terms of reference", max_length=10000,
                            widget=forms.Textarea(attrs={"rows": 6}),
                            error_messages={"required": "Enter the terms of reference"})
    chair = forms.ModelChoiceField(label="Lead (optional)", queryset=User.objects.none(),
                                   required=False,
                                   error_messages={"invalid_choice": "Choose a person from the list"})
    reports_to = forms.CharField(label="Also reports to (optional)", max_length=200,
                                 required=False,
                                 help_text="Another board besides the Partnership, for example "
                                           "the children's safeguarding partnership.")
    formed_on = DateField(label="Starts on (optional)", required=False)
    report_back_on = DateField(label="Reports back by (optional)", required=False)

    def __init__(self, *args: Any, reform: bool = False, edit: bool = False,
                 **kwargs: Any) -> None:
        if edit:
            self.submit_label = "Save the details"
        super().__init__(*args, **kwargs)
        limit_choices(self, "chair", members_of(self.partnership))
        if reform:
            del self.fields["name"]


class GroupMeetingForm(MeetingForm):
    """Scheduling a meeting of a task-and-finish group: the group is the one whose page it is."""

    submit_label = "Schedule the meeting"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["group"]


class GroupMoveForm(GdsForm):
    submit_label = "Save"

    to_status = forms.ChoiceField(label="What happens to the group", widget=forms.RadioSelect,
                                  choices=[],
                                  error_messages={"required": "Choose what happens to the group",
                                                  "invalid_choice": "Choose what happens to the "
                                                                    "group"})
    on = DateField(label="On", error_messages={"required": "Enter the date"})
    reason = forms.CharField(label="Why (required to close the group)", required=False,
                             max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices


class GroupMemberForm(PartnershipFormMixin, GdsForm):
    submit_label = "Add the member"

    user = forms.ModelChoiceField(label="Person (optional)", queryset=User.objects.none(),
                                  required=False,
                                  error_messages={"invalid_choice": "Choose a person from the list"})
    organisation = forms.ModelChoiceField(
        label="Organisation (optional)", queryset=Organisation.objects.none(), required=False,
        help_text="A person, an organisation, or a person for their organisation.",
        error_messages={"invalid_choice": "Choose an organisation from the list"})
    role = forms.ChoiceField(label="Role", widget=forms.RadioSelect,
                             choices=GroupMemberRole.choices, initial=GroupMemberRole.MEMBER,
                             error_messages={"required": "Choose a role"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "user", members_of(self.partnership))
        limit_choices(self, "organisation", self.partnership.organisations.order_by("name"))


class GroupReportForm(GdsForm):
    submit_label = "Upload the report"

    upload = forms.FileField(label="Final report (PDF or Word)",
                             error_messages={"required": "Choose the report to upload"})
    reported_on = DateField(label="Reported to the Partnership on",
                            error_messages={"required": "Enter the date"})
