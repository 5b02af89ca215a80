"""A review's recommendations (each an action of the review's action plan) and the export of
every recommendation with its action's status."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views import View
from django.views.generic import FormView

from partnership.access import access_object
from partnership.exports import Sheet, xlsx_download

from .. import services
from ..forms import OutcomeForm, RecommendationForm
from ..models import AccessKind, AccessLog, Recommendation
from ..selectors import recommendations_export
from .base import ReviewMixin, client_ip
from .reviews import ReviewFormMixin


class RecommendationAddView(ReviewFormMixin, FormView):  # type: ignore[misc]
    form_class = RecommendationForm
    page_title = "Add a recommendation"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "partnership": self.partnership}

    def perform(self, form: RecommendationForm) -> HttpResponse:
        recommendation = services.recommendation_add(review=self.get_review(), by=self.user,
                                                     **form.cleaned_data)
        return self.done(f"Added recommendation {recommendation.reference}",
                         f"Recommendation {recommendation.reference} is recorded and is action "
                         f"{recommendation.reference} of the review's action plan.")


class RecommendationOutcomeView(ReviewFormMixin, FormView):  # type: ignore[misc]
    form_class = OutcomeForm
    page_title = "Record the outcome of a recommendation"

    def check_need_to_know(self) -> None:
        super().check_need_to_know()
        self.recommendation = access_object(
            Recommendation.objects.filter(review=self.get_review()), pk=self.kwargs["pk"])

    def get_initial(self) -> dict[str, Any]:
        return {"outcome": self.recommendation.outcome}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            intro=f"Recommendation {self.recommendation.reference}: {self.recommendation.text}",
            **kwargs)

    def perform(self, form: OutcomeForm) -> HttpResponse:
        recommendation = services.recommendation_outcome(
            review=self.get_review(), by=self.user, pk=self.recommendation.pk, **form.cleaned_data)
        return self.done(f"Recorded the outcome of recommendation {recommendation.reference}",
                         f"The outcome of recommendation {recommendation.reference} is recorded.")


HEADER = ["Review", "Recommendation", "Text", "Single or multi-agency", "Scope",
          "Agency responsible", "Other agencies", "Target date", "Action", "Action status",
          "Per cent complete", "RAG", "Outcome"]


class RecommendationExportView(ReviewMixin, View):  # type: ignore[misc]
    """Every recommendation of every review of the partnership with its action's status, as
    XLSX (what the Home Office, the PCC or the Domestic Abuse Commissioner ask for). The DHR
    coordinators only; each review exported gets a line in its access log."""

    permission_required = "reviews.export_recommendations"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        recommendations = list(recommendations_export(partnership=self.partnership))
        rows = []
        for r in recommendations:
            action = r.action
            rows.append([
                r.review.reference, r.reference, r.text, r.get_reach_display(),
                r.get_scope_display(), r.lead_agency.name if r.lead_agency else "",
                ", ".join(o.name for o in r.supporting_agencies.all()), r.target_on,
                action.reference if action else "", action.get_status_display() if action else
                "No action", action.percent_complete if action else None,
                action.get_rag_display() if action else "", r.outcome])
        AccessLog.objects.bulk_create(
            AccessLog(review_id=review_id, user=self.user, kind=AccessKind.DOWNLOAD,
                      what="Exported the recommendations", ip=client_ip(request))
            for review_id in sorted({r.review_id for r in recommendations}))
        return xlsx_download(f"{self.partnership.slug}-dhr-recommendations.xlsx",
                             [Sheet("Recommendations", HEADER, rows)])
