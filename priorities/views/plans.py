"""The plan, its versions, priorities and aims."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.generic import TemplateView

from .. import selectors, services
from ..access import access_aim, access_plan, access_priority
from ..calculations import Status
from ..forms import AdoptForm, AimForm, PlanForm, PriorityForm, RefreshForm
from ..models import CommunitySafetyPlan
from .base import FormPage, ObjectMixin, PartnershipFormKwargs, PrioritiesMixin


def _plan_context(plan: CommunitySafetyPlan | None, partnership: Any) -> dict[str, Any]:
    if plan is None:
        return {"plan": None}
    plan = selectors.plan_detail(plan=plan)
    priorities = [
        {"priority": p, "aims": list(p.aims.all()),
         "measures": [selectors.summarise(m) for m in p.measures.all()]}
        for p in plan.priorities.all()
    ]
    wide = [selectors.summarise(m)
            for m in selectors.partnership_wide_measures(partnership=partnership)]
    return {"plan": plan, "priorities": priorities, "wide_measures": wide}


class PlanView(PrioritiesMixin, TemplateView):
    """The current plan: priorities, aims and measures with their latest figures."""

    template_name = "priorities/plan.html"

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [*super().get_breadcrumbs()[:-1], ("Priorities", None)]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        plan = selectors.current_plan(partnership=self.partnership, user=self.request.user)  # type: ignore[arg-type]
        context.update(_plan_context(plan, self.partnership))
        context["versions"] = list(selectors.plans_of(partnership=self.partnership,
                                                      user=self.request.user))  # type: ignore[arg-type]
        return context


class PlanVersionView(ObjectMixin, TemplateView):
    """Any version of the plan, including superseded ones (kept readable)."""

    access = staticmethod(access_plan)
    permission_required = "priorities.view_plan"
    template_name = "priorities/plan.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(_plan_context(self.get_target(), self.partnership))
        context["versions"] = list(selectors.plans_of(partnership=self.partnership,
                                                      user=self.request.user))  # type: ignore[arg-type]
        context["viewing_version"] = True
        return context


class PlanCreateView(PrioritiesMixin, FormPage):
    permission_required = "priorities.manage_plan"
    form_class = PlanForm
    page_title = "Add a Community Safety Plan"

    def perform(self, form: PlanForm) -> HttpResponse:
        plan = services.plan_create(partnership=self.partnership, by=self.request.user,  # type: ignore[arg-type]
                                    **form.cleaned_data)
        messages.success(self.request, "The plan has been added as a draft.")
        return redirect(self.url("plan_version", plan.pk))


class PlanEditView(ObjectMixin, FormPage):
    access = staticmethod(access_plan)
    permission_required = "priorities.manage_plan"
    form_class = PlanForm
    page_title = "Edit the plan"

    def get_initial(self) -> dict[str, Any]:
        plan = self.get_target()
        return {"title": plan.title, "start_year": plan.start_year, "end_year": plan.end_year,
                "introduction": plan.introduction}

    def perform(self, form: PlanForm) -> HttpResponse:
        plan = services.plan_update(plan=self.get_target(), by=self.request.user,  # type: ignore[arg-type]
                                    **form.cleaned_data)
        messages.success(self.request, "The plan has been updated.")
        return redirect(self.url("plan_version", plan.pk))


class PlanRefreshView(ObjectMixin, FormPage):
    access = staticmethod(access_plan)
    permission_required = "priorities.manage_plan"
    form_class = RefreshForm
    page_title = "Refresh the plan"
    extra_context = {"intro": "A refresh starts a new draft version with the same priorities "
                              "and aims. The current version stays in force, and readable, "
                              "until the refresh is adopted."}

    def perform(self, form: RefreshForm) -> HttpResponse:
        plan = services.plan_refresh(plan=self.get_target(), by=self.request.user,  # type: ignore[arg-type]
                                     **form.cleaned_data)
        messages.success(self.request, "A draft refresh has been started.")
        return redirect(self.url("plan_version", plan.pk))


class PlanAdoptView(ObjectMixin, FormPage):
    access = staticmethod(access_plan)
    permission_required = "priorities.manage_plan"
    form_class = AdoptForm
    page_title = "Adopt this version of the plan"
    extra_context = {"intro": "Adopting it supersedes the version in force, which stays "
                              "readable. Measures move to this version's priorities."}

    def perform(self, form: AdoptForm) -> HttpResponse:
        plan = services.plan_adopt(plan=self.get_target(), by=self.request.user)  # type: ignore[arg-type]
        messages.success(self.request, "This version of the plan has been adopted.")
        return redirect(self.url("plan_version", plan.pk))


STATUS_FILTERS = {**{status.value: status.label for status in Status},
                  "none": "Without a target or figure"}


class PriorityView(ObjectMixin, TemplateView):
    access = staticmethod(access_priority)
    template_name = "priorities/priority.html"

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        plan = self.get_target().plan
        return [*super().get_breadcrumbs(), (plan.title, self.url("plan_version", plan.pk))]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        priority = selectors.priority_detail(priority=self.get_target())
        context["priority"] = priority
        measures = [selectors.summarise(m) for m in priority.measures.all()]
        # The dashboard links each status count here: ?status=on_track (or "none": no target
        # or no figure yet).
        status = self.request.GET.get("status", "")
        if status in STATUS_FILTERS:
            measures = [s for s in measures if selectors.status_key(s) == status]
        context["measures"] = measures
        context["status_filter"] = STATUS_FILTERS.get(status, "")
        context["editable"] = priority.plan.status != "superseded"
        return context


class PriorityCreateView(PartnershipFormKwargs, ObjectMixin, FormPage):
    access = staticmethod(access_plan)
    permission_required = "priorities.manage_plan"
    form_class = PriorityForm
    page_title = "Add a priority"

    def perform(self, form: PriorityForm) -> HttpResponse:
        data = form.cleaned_data
        priority = services.priority_create(plan=self.get_target(), by=self.request.user,  # type: ignore[arg-type]
                                            title=data["title"], kind=data["kind"],
                                            description=data["description"],
                                            lead_organisation=data["lead_organisation"],
                                            risk_level=data["risk_level"], order=data["order"])
        messages.success(self.request, "The priority has been added.")
        return redirect(self.url("priority", priority.pk))


class PriorityEditView(PartnershipFormKwargs, ObjectMixin, FormPage):
    access = staticmethod(access_priority)
    permission_required = "priorities.manage_plan"
    form_class = PriorityForm
    page_title = "Edit priority"

    def get_initial(self) -> dict[str, Any]:
        p = self.get_target()
        return {"title": p.title, "kind": p.kind, "description": p.description,
                "lead_organisation": p.lead_organisation, "risk_level": p.risk_level,
                "order": p.order}

    def perform(self, form: PriorityForm) -> HttpResponse:
        services.priority_update(priority=self.get_target(), by=self.request.user,  # type: ignore[arg-type]
                                 **form.cleaned_data)
        messages.success(self.request, "The priority has been updated.")
        return redirect(self.url("priority", self.get_target().pk))


class AimCreateView(ObjectMixin, FormPage):
    access = staticmethod(access_priority)
    permission_required = "priorities.manage_plan"
    form_class = AimForm
    page_title = "Add an aim"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(caption=self.get_target().title, **kwargs)

    def perform(self, form: AimForm) -> HttpResponse:
        services.aim_create(priority=self.get_target(), by=self.request.user,  # type: ignore[arg-type]
                            **form.cleaned_data)
        messages.success(self.request, "The aim has been added.")
        return redirect(self.url("priority", self.get_target().pk))


class AimEditView(ObjectMixin, FormPage):
    access = staticmethod(access_aim)
    permission_required = "priorities.manage_plan"
    form_class = AimForm
    page_title = "Edit aim"

    def get_initial(self) -> dict[str, Any]:
        return {"text": self.get_target().text, "order": self.get_target().order}

    def perform(self, form: AimForm) -> HttpResponse:
        aim = services.aim_update(aim=self.get_target(), by=self.request.user,  # type: ignore[arg-type]
                                  **form.cleaned_data)
        messages.success(self.request, "The aim has been updated.")
        return redirect(self.url("priority", aim.priority_id))
