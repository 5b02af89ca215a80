"""Strategic assessments, their schedule, findings and recommendations."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.views.generic import TemplateView, View

from partnership.downloads import protected_download

from .. import selectors, services
from ..access import access_assessment, access_recommendation
from ..forms import AcceptForm, AssessmentForm, DeclineForm, RecommendationForm
from .base import FormPage, ObjectMixin, PartnershipFormKwargs, PrioritiesMixin

# The actionplans app registers this URL (recommendation → action); we never import it.
TURN_INTO_ACTION_URL = "actionplans:action_from_recommendation"


class AssessmentsCrumbs(PrioritiesMixin):
    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [*super().get_breadcrumbs(), ("Strategic assessments", self.url("assessments"))]


class AssessmentListView(PrioritiesMixin, TemplateView):
    permission_required = "priorities.view_assessment"
    template_name = "priorities/assessments.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        assessments = list(selectors.assessments_of(partnership=self.partnership,
                                                    user=self.request.user))  # type: ignore[arg-type]
        context["published"] = [a for a in assessments if a.is_published]
        context["schedule"] = sorted((a for a in assessments if not a.is_published),
                                     key=lambda a: (a.due_on is None, a.due_on, a.pk))
        return context


class AssessmentView(ObjectMixin, AssessmentsCrumbs, TemplateView):
    access = staticmethod(access_assessment)
    permission_required = "priorities.view_assessment"
    template_name = "priorities/assessment.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        assessment = selectors.assessment_detail(assessment=self.get_target())
        context["assessment"] = assessment
        context["recommendations"] = list(assessment.recommendations.all())
        context["can_decide"] = self.request.user.has_perm("priorities.decide_recommendation",
                                                           self.partnership)
        return context


class AssessmentCreateView(PartnershipFormKwargs, AssessmentsCrumbs, FormPage):
    permission_required = "priorities.manage_assessment"
    form_class = AssessmentForm
    page_title = "Add a strategic assessment"
    extra_context = {"multipart": True}

    def perform(self, form: AssessmentForm) -> HttpResponse:
        assessment = services.assessment_create(partnership=self.partnership,
                                                by=self.request.user,  # type: ignore[arg-type]
                                                **form.cleaned_data)
        messages.success(self.request, "The strategic assessment has been added.")
        return redirect(self.url("assessment", assessment.pk))


class AssessmentEditView(PartnershipFormKwargs, ObjectMixin, AssessmentsCrumbs, FormPage):
    access = staticmethod(access_assessment)
    permission_required = "priorities.manage_assessment"
    form_class = AssessmentForm
    page_title = "Edit strategic assessment"
    extra_context = {"multipart": True}

    def get_initial(self) -> dict[str, Any]:
        a = self.get_target()
        return {f: getattr(a, f) for f in ("title", "year", "part", "theme",
                                            "author_organisation", "due_on", "published_on",
                                            "summary", "key_findings")}

    def perform(self, form: AssessmentForm) -> HttpResponse:
        services.assessment_update(assessment=self.get_target(), by=self.request.user,  # type: ignore[arg-type]
                                   **form.cleaned_data)
        messages.success(self.request, "The strategic assessment has been updated.")
        return redirect(self.url("assessment", self.get_target().pk))


class AssessmentDocumentView(ObjectMixin, View):
    access = staticmethod(access_assessment)
    permission_required = "priorities.view_assessment"

    def get(self, request: HttpRequest, **kwargs: Any) -> FileResponse:
        assessment = self.get_target()
        return protected_download(assessment.document, filename=assessment.document_name,
                                  content_type=assessment.document_content_type)


class RecommendationAddView(PartnershipFormKwargs, ObjectMixin, AssessmentsCrumbs, FormPage):
    access = staticmethod(access_assessment)
    permission_required = "priorities.manage_assessment"
    form_class = RecommendationForm
    page_title = "Add a recommendation"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(caption=self.get_target().title, **kwargs)

    def perform(self, form: RecommendationForm) -> HttpResponse:
        services.recommendation_add(assessment=self.get_target(), by=self.request.user,  # type: ignore[arg-type]
                                    **form.cleaned_data)
        messages.success(self.request, "The recommendation has been added.")
        return redirect(self.url("assessment", self.get_target().pk))


class RecommendationMixin(ObjectMixin, AssessmentsCrumbs):
    access = staticmethod(access_recommendation)

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        assessment = self.get_target().assessment
        return [*super().get_breadcrumbs(), (assessment.title,
                                             self.url("assessment", assessment.pk))]


class RecommendationView(RecommendationMixin, TemplateView):
    permission_required = "priorities.view_assessment"
    template_name = "priorities/recommendation.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        recommendation = self.get_target()
        context["recommendation"] = recommendation
        context["actions"] = selectors.linked_actions(recommendation)
        context["can_decide"] = self.request.user.has_perm("priorities.decide_recommendation",
                                                           self.partnership)
        try:
            context["turn_into_action_url"] = reverse(
                TURN_INTO_ACTION_URL, args=[self.partnership.slug, recommendation.pk])
        except NoReverseMatch:
            context["turn_into_action_url"] = None
        return context


class RecommendationAcceptView(RecommendationMixin, FormPage):
    permission_required = "priorities.decide_recommendation"
    form_class = AcceptForm
    page_title = "Accept this recommendation"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(intro=self.get_target().text, **kwargs)

    def perform(self, form: AcceptForm) -> HttpResponse:
        services.recommendation_accept(recommendation=self.get_target(), by=self.request.user)  # type: ignore[arg-type]
        messages.success(self.request, "The recommendation has been accepted. Turn it into "
                                       "an action in an action plan.")
        return redirect(self.url("recommendation", self.get_target().pk))


class RecommendationDeclineView(RecommendationMixin, FormPage):
    permission_required = "priorities.decide_recommendation"
    form_class = DeclineForm
    page_title = "Decline this recommendation"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(intro=self.get_target().text, **kwargs)

    def perform(self, form: DeclineForm) -> HttpResponse:
        services.recommendation_decline(recommendation=self.get_target(), by=self.request.user,  # type: ignore[arg-type]
                                        reason=form.cleaned_data["reason"])
        messages.success(self.request, "The recommendation has been declined.")
        return redirect(self.url("recommendation", self.get_target().pk))
