"""Progress updates: writing one, its evidence, the RAG override."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView, View

from partnership.downloads import protected_download
from partnership.viewmixins import (
    PartnershipMixin,
    ServiceFormMixin,
)

from .. import selectors, services
from ..access import access_update
from ..forms import (
    RagOverrideForm,
    UpdateForm,
)
from ..models import ActionUpdate, ReportingPeriod
from ..states import UPDATE_WORKFLOW
from .mixins import ActionObjectMixin, ActionPlansMixin


class UpdateFormView(ServiceFormMixin, ActionObjectMixin, FormView):
    """The lead officer's one-page update for the current reporting period."""

    permission_required = "actionplans.submit_update"
    template_name = "actionplans/update_form.html"
    form_class = UpdateForm

    def get_period(self) -> ReportingPeriod:
        if not hasattr(self, "period"):
            period = selectors.current_period(self.partnership)
            if period is None:
                raise Http404("No reporting period has been set up.")
            self.period = period
        return self.period

    def get_existing(self) -> ActionUpdate | None:
        return ActionUpdate.objects.filter(action=self.get_action(), period=self.get_period()).first()

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(),
                "submitting": self.request.method == "POST" and "save_draft" not in self.request.POST}

    def get_initial(self) -> dict[str, Any]:
        existing = self.get_existing()
        if existing is None:
            return {"percent_complete": self.get_action().percent_complete,
                    "proposed_status": "in_progress"}
        return {"progress": existing.progress, "percent_complete": existing.percent_complete,
                "proposed_rag": existing.proposed_rag, "proposed_status": existing.proposed_status}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        existing = self.get_existing()
        context.update(action=self.get_action(), period=self.get_period(), existing=existing,
                       previous=selectors.previous_update(action=self.get_action(),
                                                          period=self.get_period()),
                       extension=self.get_action().extensions.first(),
                       locked=existing is not None and not UPDATE_WORKFLOW.is_in(existing.state, "editable"))
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        existing = self.get_existing()
        if existing is not None and not UPDATE_WORKFLOW.is_in(existing.state, "editable"):
            messages.error(request, "This update has been submitted and can no longer be changed.")
            return redirect("actionplans:update", slug=self.partnership.slug, pk=self.get_action().pk)
        return super().post(request, *args, **kwargs)  # type: ignore[no-any-return]

    def perform(self, form: UpdateForm) -> HttpResponse:
        submit = "save_draft" not in self.request.POST
        data = form.cleaned_data
        services.update_save(action=self.get_action(), period=self.get_period(),
                             by=self.request.user, progress=data["progress"],  # type: ignore[arg-type]
                             percent_complete=data["percent_complete"],
                             proposed_rag=data["proposed_rag"],
                             proposed_status=data["proposed_status"],
                             evidence=data.get("evidence"), submit=submit)
        if not submit:
            messages.success(self.request, "Your draft has been saved.")
            return redirect(reverse("partnership:my_work", args=[self.partnership.slug])
                            + "#my-actions")
        # Land on the next action still due this period, not on the long list.
        following = selectors.actions_to_write(user=self.request.user,  # type: ignore[arg-type]
                                               partnership=self.partnership,
                                               period=self.get_period()).first()
        if following is None:
            messages.success(self.request, "Your update has been submitted. You have no more "
                                           "updates due for this period.")
            return redirect("partnership:my_work", slug=self.partnership.slug)
        messages.success(self.request, f"Your update has been submitted. Next due: "
                                       f"{following.reference}.")
        return redirect("actionplans:update", slug=self.partnership.slug, pk=following.pk)

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [*PartnershipMixin.get_breadcrumbs(self),
                ("My work", reverse("partnership:my_work", args=[self.partnership.slug])),
                (f"Update {self.get_action().reference}", None)]


class EvidenceDownloadView(ActionPlansMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> FileResponse:
        update = access_update(user=request.user, partnership=self.partnership, pk=kwargs["pk"])
        if not request.user.has_perm("actionplans.view_evidence", update):
            raise PermissionDenied
        return protected_download(update.evidence, filename=update.evidence_name or "evidence",
                                  content_type=update.evidence_content_type)


class RagOverrideView(ServiceFormMixin, ActionObjectMixin, FormView):
    permission_required = "actionplans.manage_actions"
    template_name = "actionplans/form_page.html"
    form_class = RagOverrideForm

    def get_permission_object(self) -> Any:
        return self.get_action().partnership

    def get_initial(self) -> dict[str, Any]:
        action = self.get_action()
        return {"rag": action.rag_override, "reason": action.rag_override_reason}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        action = self.get_action()
        context["page_title"] = f"RAG rating of {action.reference}"
        context["intro"] = ("The rating derived from its dates and progress is "
                            f"{action.get_derived_rag_display()}.")
        return context

    def perform(self, form: RagOverrideForm) -> HttpResponse:
        action = services.action_override_rag(action=self.get_action(), by=self.request.user,  # type: ignore[arg-type]
                                              rag=form.cleaned_data["rag"],
                                              reason=form.cleaned_data["reason"])
        messages.success(self.request, f"The RAG rating of {action.reference} has been saved.")
        return redirect("actionplans:action", slug=self.partnership.slug, pk=action.pk)
