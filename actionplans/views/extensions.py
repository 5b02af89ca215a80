"""Extensions: the lead officer asks for more time on an action, the coordinator decides."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView

from partnership.viewmixins import ServiceFormMixin

from .. import services
from ..access import access_extension
from ..forms import ExtensionDecisionForm, ExtensionRequestForm
from ..models import ExtensionRequest, ExtensionState
from .mixins import ActionObjectMixin, ActionPlansMixin


class ExtensionRequestView(ServiceFormMixin, ActionObjectMixin, FormView):
    """The action's lead officer proposes a new due date and says why."""

    permission_required = "actionplans.submit_update"
    template_name = "actionplans/extension_request.html"
    form_class = ExtensionRequestForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        action = self.get_action()
        return super().get_context_data(
            action=action, page_title=f"Ask for more time on {action.reference}",
            pending=ExtensionRequest.objects.filter(action=action,
                                                    state=ExtensionState.PENDING).first(),
            **kwargs)

    def perform(self, form: ExtensionRequestForm) -> HttpResponse:
        action = self.get_action()
        services.extension_request(action=action, by=self.request.user,  # type: ignore[arg-type]
                                   proposed_due_on=form.cleaned_data["proposed_due_on"],
                                   reason=form.cleaned_data["reason"])
        messages.success(self.request, f"Your request to extend {action.reference} has been sent "
                                       "to the coordinator.")
        return redirect("actionplans:update", slug=self.partnership.slug, pk=action.pk)


class ExtensionDecisionView(ServiceFormMixin, ActionPlansMixin, FormView):
    """The coordinator approves (the due date moves) or declines a request."""

    permission_required = "actionplans.manage_actions"
    template_name = "actionplans/extension_decision.html"
    form_class = ExtensionDecisionForm

    def get_extension(self) -> ExtensionRequest:
        if not hasattr(self, "extension"):
            self.extension = access_extension(user=self.request.user,
                                              partnership=self.partnership, pk=self.kwargs["pk"])
        return self.extension  # type: ignore[no-any-return]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        extension = self.get_extension()
        return super().get_context_data(
            extension=extension, action=extension.action,
            page_title=f"Extension of {extension.action.reference}",
            pending=extension.state == ExtensionState.PENDING, **kwargs)

    def perform(self, form: ExtensionDecisionForm) -> HttpResponse:
        extension = services.extension_decide(
            extension=self.get_extension(), by=self.request.user,  # type: ignore[arg-type]
            approve=form.cleaned_data["decision"] == "approve",
            comment=form.cleaned_data["comment"])
        ref = extension.action.reference
        messages.success(self.request, f"The extension of {ref} has been "
                                       f"{'approved' if extension.state == 'approved' else 'declined'}.")
        return redirect("actionplans:review", slug=self.partnership.slug)

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [*super().get_breadcrumbs(),
                ("Review updates", reverse("actionplans:review", args=[self.partnership.slug])),
                (f"Extension of {self.get_extension().action.reference}", None)]
