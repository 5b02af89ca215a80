"""The panel and the information requests of one review (DHR coordinators)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.views.generic import FormView

from .. import services
from ..access import access_request
from ..forms import GiveAccessForm, InformationRequestForm, PanelMemberForm, ReceivedForm
from .reviews import ReviewFormMixin


class PanelMemberAddView(ReviewFormMixin, FormView):  # type: ignore[misc]
    form_class = PanelMemberForm
    page_title = "Add someone to the panel"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "partnership": self.partnership}

    def perform(self, form: PanelMemberForm) -> HttpResponse:
        member = services.panel_member_add(review=self.get_review(), by=self.user,
                                           **form.cleaned_data)
        return self.done(f"Added {member.user.full_name} to the panel",
                         f"{member.user.full_name} is on the panel and can now open the review.")


class RequestAddView(ReviewFormMixin, FormView):  # type: ignore[misc]
    form_class = InformationRequestForm
    page_title = "Record an information request"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "partnership": self.partnership}

    def perform(self, form: InformationRequestForm) -> HttpResponse:
        request = services.request_add(review=self.get_review(), by=self.user, **form.cleaned_data)
        return self.done(f"Requested information from {request.organisation.name}",
                         f"The request to {request.organisation.name} is recorded, due by "
                         f"{request.due_on:%-d %B %Y}.")


class RequestReceivedView(ReviewFormMixin, FormView):  # type: ignore[misc]
    form_class = ReceivedForm
    page_title = "Record information as received"

    def check_need_to_know(self) -> None:
        super().check_need_to_know()
        self.info_request = access_request(review=self.get_review(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        request = self.info_request
        return super().get_context_data(
            intro=f"{request.get_kind_display()} from {request.organisation.name}, due "
                  f"{request.due_on:%-d %B %Y}.", **kwargs)

    def perform(self, form: ReceivedForm) -> HttpResponse:
        request = services.request_received(review=self.get_review(), by=self.user,
                                            request_pk=self.info_request.pk, **form.cleaned_data)
        return self.done(f"Received information from {request.organisation.name}",
                         f"The information from {request.organisation.name} is recorded as "
                         "received.")


class RequestGiveAccessView(ReviewFormMixin, FormView):  # type: ignore[misc]
    """Give the agency's contact an account that opens this request only."""

    form_class = GiveAccessForm
    page_title = "Give the agency's contact access to this request"

    def check_need_to_know(self) -> None:
        super().check_need_to_know()
        self.info_request = access_request(review=self.get_review(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        request = self.info_request
        return super().get_context_data(
            intro=f"{request.contact_name} ({request.contact_email}) of "
                  f"{request.organisation.name} will be able to see this request (the review's "
                  "reference, what is asked and by when), upload their return and their "
                  "chronology: nothing else of the review or the partnership. They will need "
                  "two-factor authentication.", **kwargs)

    def perform(self, form: GiveAccessForm) -> HttpResponse:
        user = services.request_give_access(review=self.get_review(), by=self.user,
                                            request_pk=self.info_request.pk)
        return self.done(f"Gave {self.info_request.organisation.name}'s contact access to "
                         "their request",
                         f"{user.email} has been sent a link to their request.")
