"""Changing several actions at once."""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView

from partnership.viewmixins import (
    add_service_errors,
    redirect_to_next,
)

from .. import services
from ..forms import (
    BulkChangeForm,
)
from .mixins import ActionPlansMixin


class BulkChangeView(ActionPlansMixin, FormView):
    """Bulk reassign lead officer or extend due date (with a reason), from the plan page."""

    permission_required = "actionplans.manage_actions"
    template_name = "actionplans/bulk_errors.html"
    form_class = BulkChangeForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "partnership": self.partnership, "auto_id": "bulk-%s"}

    def form_invalid(self, form: BulkChangeForm) -> HttpResponse:
        """Show the plans page again (same year and filters), the selection and the values kept,
        the errors on it: nothing to re-enter."""
        from urllib.parse import urlsplit

        from django.http import QueryDict

        from .plans import PlanOverviewView

        page = copy.copy(self.request)
        page.method = "GET"
        page.GET = QueryDict(urlsplit(self.request.POST.get("next", "")).query)
        response = PlanOverviewView.as_view(bulk_form=form)(page, slug=self.partnership.slug)
        response.status_code = 400
        return response

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return redirect("actionplans:plans", slug=self.partnership.slug)

    def form_valid(self, form: BulkChangeForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            if data["operation"] == "reassign":
                count = services.actions_bulk_reassign(
                    actions=list(data["actions"]), by=self.request.user,  # type: ignore[arg-type]
                    partnership=self.partnership, lead_officer=data["lead_officer"],
                    reason=data["reason"])
                done = f"reassigned to {data['lead_officer']}"
            else:
                count = services.actions_bulk_extend(
                    actions=list(data["actions"]), by=self.request.user,  # type: ignore[arg-type]
                    partnership=self.partnership, due_on=data["due_on"], reason=data["reason"])
                done = f"now due on {data['due_on']:%-d %B %Y}"
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"{count} action{'s' if count != 1 else ''} {done}.")
        return redirect_to_next(self.request, reverse("actionplans:plans", args=[self.partnership.slug]))

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [*super().get_breadcrumbs(), ("Change actions", None)]
