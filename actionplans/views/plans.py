"""Plans and actions: the overview, my actions, one action, the highlight report, adding and editing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView, RedirectView, TemplateView

from partnership.links import url_prefix
from partnership.periods import FinancialYear
from partnership.viewmixins import (
    PartnershipMixin,
    ServiceFormMixin,
)

from .. import selectors, services
from ..access import access_recommendation
from ..forms import (
    ActionForm,
    BulkChangeForm,
    PlanFilterForm,
    PlanForm,
    RecommendationActionForm,
    ReportingPeriodForm,
)
from ..models import ActionPlan, ReportingPeriod
from ..rag import Rag
from .mixins import ActionObjectMixin, ActionPlansMixin, PlanObjectMixin, _year


class PlanOverviewView(ActionPlansMixin, TemplateView):
    """The coordinator's page: the year's actions grouped by priority, RAG counts, filters."""

    template_name = "actionplans/plans.html"
    bulk_form: Any = None  # a refused bulk change, shown again with its errors and values

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return PartnershipMixin.get_breadcrumbs(self)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = _year(self.request, self.partnership)
        period = selectors.current_period(self.partnership)
        form = PlanFilterForm(self.request.GET or None, partnership=self.partnership, year=year)
        filters: dict[str, Any] = {}
        if form.is_valid():
            data = form.cleaned_data
            filters = {"plan": data["plan"], "lead": data["lead"],
                       "organisation": data["organisation"], "status": data["status"],
                       "rag": data["rag"], "overdue": data["overdue"],
                       "missing_in": period if data["missing"] else None}
        overview = selectors.plan_overview(partnership=self.partnership, year=year,
                                           filters=filters, period=period,
                                           page=self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(year=year, period=period, form=form, groups=overview.groups,
                       totals=overview.totals, rags=list(Rag),
                       shown=overview.page.paginator.count,
                       page_obj=overview.page, page_query=query.urlencode(),
                       # Row links from a prefix: no URL reversing per row.
                       action_url_prefix=url_prefix("actionplans:action", self.partnership.slug),
                       year_label=FinancialYear(year).label,
                       years=[FinancialYear(y) for y in
                              ActionPlan.objects.in_partnership(self.partnership).order_by(
                                  "-year").values_list("year", flat=True).distinct()])
        if context["can_manage"]:
            context["bulk_form"] = self.bulk_form or BulkChangeForm(partnership=self.partnership,
                                                                    auto_id="bulk-%s")
            context["next_url"] = self.request.get_full_path()
            # The same people as the filter's "Lead officer" choices: its queryset, read once
            # when the filter form (above the bulk change form) renders its select.
            context["lead_officers"] = form.fields["lead"].queryset  # type: ignore[attr-defined]
            if self.bulk_form is not None:
                context["selected"] = {str(pk) for pk in self.bulk_form.data.getlist("actions")}
                context["next_url"] = reverse("actionplans:plans", args=[self.partnership.slug]) \
                    + ("?" + self.request.GET.urlencode() if self.request.GET else "")
            context["recommendations"] = selectors.recommendations_to_act_on(
                partnership=self.partnership)
        return context


class MyActionsView(ActionPlansMixin, RedirectView):
    """The old "My actions" page: its content is on "My work" now (one page for one's work).
    Members only, as before: anyone else gets what they got then."""

    permission_required = "actionplans.view_my_actions"
    permanent = True

    def get_redirect_url(self, *args: Any, **kwargs: Any) -> str:
        return reverse("partnership:my_work", args=[kwargs["slug"]]) + "#my-actions"


class ActionDetailView(ActionObjectMixin, TemplateView):
    template_name = "actionplans/action_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        action = self.get_action()
        context["action"] = action
        context.update(selectors.action_detail(action=action))
        context["can_update"] = self.request.user.has_perm("actionplans.submit_update", action)
        return context

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [*ActionPlansMixin.get_breadcrumbs(self), (self.get_action().reference, None)]


class HighlightReportView(ActionPlansMixin, TemplateView):
    template_name = "actionplans/highlight.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["report"] = selectors.highlight_report(
            partnership=self.partnership, period=selectors.current_period(self.partnership))
        return context

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [*super().get_breadcrumbs(), ("Highlight report", None)]


class PlanCreateView(ServiceFormMixin, ActionPlansMixin, FormView):
    permission_required = "actionplans.manage_actions"
    template_name = "actionplans/form_page.html"
    form_class = PlanForm
    extra_context = {"page_title": "Add an action plan"}

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "partnership": self.partnership}

    def perform(self, form: PlanForm) -> HttpResponse:
        plan = services.action_plan_create(partnership=self.partnership, by=self.request.user,  # type: ignore[arg-type]
                                           **form.cleaned_data)
        messages.success(self.request, f"{plan.title} has been added.")
        return redirect(reverse("actionplans:plans", args=[self.partnership.slug]) + f"?year={plan.year}")


class ReportingPeriodsView(ServiceFormMixin, ActionPlansMixin, FormView):
    permission_required = "actionplans.manage_actions"
    template_name = "actionplans/periods.html"
    form_class = ReportingPeriodForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "partnership": self.partnership}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["periods"] = list(ReportingPeriod.objects.in_partnership(self.partnership)
                                  .select_related("meeting").order_by("-period"))
        return context

    def perform(self, form: ReportingPeriodForm) -> HttpResponse:
        period = services.reporting_period_set(partnership=self.partnership, by=self.request.user,  # type: ignore[arg-type]
                                               **form.cleaned_data)
        messages.success(self.request, f"{period.label}: updates are due by "
                                       f"{period.deadline:%-d %B %Y}.")
        return redirect("actionplans:periods", slug=self.partnership.slug)

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [*super().get_breadcrumbs(), ("Reporting periods", None)]


class RecommendationActionView(ServiceFormMixin, ActionPlansMixin, FormView):
    """Turn an accepted strategic-assessment recommendation into an action."""

    permission_required = "actionplans.manage_actions"
    template_name = "actionplans/form_page.html"
    form_class = RecommendationActionForm

    def get_recommendation(self) -> Any:
        if not hasattr(self, "recommendation"):
            self.recommendation = access_recommendation(
                user=self.request.user, partnership=self.partnership, pk=self.kwargs["pk"])
        return self.recommendation

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "partnership": self.partnership}

    def get_initial(self) -> dict[str, Any]:
        recommendation = self.get_recommendation()
        plan = (ActionPlan.objects.in_partnership(self.partnership)
                .filter(priority=recommendation.priority).order_by("-year").first()
                if recommendation.priority_id else None)
        return {"description": recommendation.text, "plan": plan}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        recommendation = self.get_recommendation()
        context["page_title"] = "Turn a recommendation into an action"
        context["intro"] = f"From {recommendation.assessment}: “{recommendation.text}”"
        return context

    def perform(self, form: RecommendationActionForm) -> HttpResponse:
        data = form.cleaned_data
        action = services.action_from_recommendation(
            recommendation=self.get_recommendation(), plan=data["plan"], by=self.request.user,  # type: ignore[arg-type]
            reference=data["reference"], lead_officer=data["lead_officer"],
            due_on=data["due_on"], description=data["description"])
        messages.success(self.request, f"Action {action.reference} has been added.")
        return redirect("actionplans:action", slug=self.partnership.slug, pk=action.pk)


class ActionCreateView(ServiceFormMixin, PlanObjectMixin, FormView):
    template_name = "actionplans/form_page.html"
    form_class = ActionForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "partnership": self.partnership}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["page_title"] = f"Add an action to {self.get_plan().title}"
        return context

    def perform(self, form: ActionForm) -> HttpResponse:
        action = services.action_create(plan=self.get_plan(), by=self.request.user,  # type: ignore[arg-type]
                                        **form.cleaned_data)
        messages.success(self.request, f"Action {action.reference} has been added.")
        return redirect("actionplans:action", slug=self.partnership.slug, pk=action.pk)


class ActionEditView(ServiceFormMixin, ActionObjectMixin, FormView):
    permission_required = "actionplans.manage_actions"
    template_name = "actionplans/form_page.html"
    form_class = ActionForm

    def get_permission_object(self) -> Any:
        return self.get_action().partnership

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "partnership": self.partnership, "editing": True}

    def get_initial(self) -> dict[str, Any]:
        action = self.get_action()
        return {"description": action.description, "lead_officer": action.lead_officer,
                "lead_organisation": action.lead_organisation, "start_on": action.start_on,
                "due_on": action.due_on, "status": action.status}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["page_title"] = f"Change {self.get_action().reference}"
        return context

    def perform(self, form: ActionForm) -> HttpResponse:
        action = services.action_update(action=self.get_action(), by=self.request.user,  # type: ignore[arg-type]
                                        **form.cleaned_data)
        messages.success(self.request, f"{action.reference} has been changed.")
        return redirect("actionplans:action", slug=self.partnership.slug, pk=action.pk)
