"""Reviewing submitted updates: the queue and one update."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView

from partnership.viewmixins import (
    ServiceFormMixin,
    add_service_errors,
)

from .. import selectors, services
from ..access import access_update
from ..forms import (
    BulkReviewForm,
    ReviewForm,
)
from ..models import ActionUpdate
from ..states import UPDATE_WORKFLOW
from .mixins import ActionPlansMixin


class ReviewQueueView(ActionPlansMixin, TemplateView):
    permission_required = "actionplans.review_update"
    template_name = "actionplans/review_queue.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["updates"] = list(selectors.review_queue(partnership=self.partnership))
        context["extensions"] = list(selectors.pending_extensions(partnership=self.partnership))
        context.setdefault("form", BulkReviewForm(partnership=self.partnership))
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = BulkReviewForm(request.POST, partnership=self.partnership)
        if form.is_valid():
            accept = form.cleaned_data["decision"] == "accept"
            try:
                count = services.updates_bulk_review(
                    updates=list(form.cleaned_data["updates"]), by=request.user,  # type: ignore[arg-type]
                    partnership=self.partnership, accept=accept,
                    comment=form.cleaned_data["comment"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"{count} update{'s' if count != 1 else ''} "
                                          f"{'accepted' if accept else 'returned'}.")
                return redirect("actionplans:review", slug=self.partnership.slug)
        return self.render_to_response(self.get_context_data(form=form))

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [*super().get_breadcrumbs(), ("Review updates", None)]


class ReviewUpdateView(ServiceFormMixin, ActionPlansMixin, FormView):
    permission_required = "actionplans.review_update"
    template_name = "actionplans/review_update.html"
    form_class = ReviewForm

    def get_update(self) -> ActionUpdate:
        if not hasattr(self, "update"):
            self.update = access_update(user=self.request.user, partnership=self.partnership,
                                        pk=self.kwargs["pk"])
        return self.update

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        update = self.get_update()
        context["update"] = update
        context["previous"] = selectors.previous_update(action=update.action, period=update.period)
        context["steps"] = list(update.steps.select_related("by"))
        context["reviewable"] = UPDATE_WORKFLOW.is_in(update.state, "awaiting_review")
        return context

    def perform(self, form: ReviewForm) -> HttpResponse:
        update = self.get_update()
        comment = form.cleaned_data["comment"]
        if "return" in self.request.POST:
            if not comment.strip():
                raise ValidationError({"comment": "Say what the lead officer needs to change"})
            services.update_return(update=update, by=self.request.user, comment=comment)  # type: ignore[arg-type]
            messages.success(self.request, f"The update on {update.action.reference} was returned.")
        else:
            services.update_accept(update=update, by=self.request.user, comment=comment)  # type: ignore[arg-type]
            messages.success(self.request, f"The update on {update.action.reference} was accepted.")
        return redirect("actionplans:review", slug=self.partnership.slug)

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [*super().get_breadcrumbs(),
                ("Review updates", reverse("actionplans:review", args=[self.partnership.slug])),
                (self.get_update().action.reference, None)]
