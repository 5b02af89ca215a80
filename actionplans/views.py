"""Action plan pages: thin views over selectors (reads) and services (writes)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView, View

from partnership.downloads import protected_download
from partnership.exports import xlsx_download
from partnership.viewmixins import (
    PartnershipMixin,
    ServiceFormMixin,
    add_service_errors,
    redirect_to_next,
)

from . import resources, selectors, services
from .forms import (
    ActionForm,
    BulkChangeForm,
    BulkReviewForm,
    ImportForm,
    PlanFilterForm,
    PlanForm,
    RagOverrideForm,
    RecommendationActionForm,
    ReportingPeriodForm,
    ReviewForm,
    UpdateForm,
)
from .models import Action, ActionPlan, ActionUpdate, ReportingPeriod
from .rag import Rag
from .states import EDITABLE


class ActionPlansMixin(PartnershipMixin):
    permission_required = "actionplans.view_actions"

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [*super().get_breadcrumbs(),
                ("Action plans", reverse("actionplans:plans", args=[self.partnership.slug]))]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        user = self.request.user
        context["can_manage"] = user.has_perm("actionplans.manage_actions", self.partnership)
        return context  # type: ignore[no-any-return]


class ActionObjectMixin(ActionPlansMixin):
    """Views of one action: found in this partnership (else 404), permission on the action."""

    kwargs: dict[str, Any]

    def get_action(self) -> Action:
        if not hasattr(self, "action"):
            self.action = get_object_or_404(
                Action.objects.in_partnership(self.partnership)
                .select_related("plan__priority", "plan__group", "lead_officer",
                                "lead_organisation", "partnership", "recommendation"),
                pk=self.kwargs["pk"])
        return self.action

    def get_permission_object(self) -> Any:
        return self.get_action()

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        action = self.get_action()
        return [*super().get_breadcrumbs(),
                (action.reference, reverse("actionplans:action", args=[self.partnership.slug, action.pk]))]


def _year(request: HttpRequest, partnership: Any) -> int:
    raw = request.GET.get("year", "")
    # isascii: "²".isdigit() is true but int("²") fails.
    if raw.isascii() and raw.isdigit() and 1998 <= int(raw) <= 2100:
        return int(raw)
    return selectors.current_year(partnership)


class PlanOverviewView(ActionPlansMixin, TemplateView):
    """The coordinator's page: the year's actions grouped by priority, RAG counts, filters."""

    template_name = "actionplans/plans.html"

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
        groups, totals = selectors.plan_overview(partnership=self.partnership, year=year,
                                                 filters=filters, period=period)
        context.update(year=year, period=period, form=form, groups=groups, totals=totals,
                       rags=list(Rag), shown=sum(len(g.actions) for g in groups),
                       year_label=f"{year}/{(year + 1) % 100:02d}",
                       years=sorted(set(ActionPlan.objects.in_partnership(self.partnership)
                                        .values_list("year", flat=True)), reverse=True))
        if context["can_manage"]:
            context["bulk_form"] = BulkChangeForm(partnership=self.partnership)
            context["recommendations"] = selectors.recommendations_to_act_on(
                partnership=self.partnership)
        return context


class MyActionsView(ActionPlansMixin, TemplateView):
    permission_required = "actionplans.view_my_actions"
    template_name = "actionplans/my_actions.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        period = selectors.current_period(self.partnership)
        context["period"] = period
        context["actions"] = selectors.my_actions(user=self.request.user,  # type: ignore[arg-type]
                                                  partnership=self.partnership, period=period)
        context["history"] = list(selectors.my_update_history(
            user=self.request.user, partnership=self.partnership)[:50])  # type: ignore[arg-type]
        return context

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [*super().get_breadcrumbs(), ("My actions", None)]


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
                       locked=existing is not None and existing.state not in EDITABLE)
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        existing = self.get_existing()
        if existing is not None and existing.state not in EDITABLE:
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
        messages.success(self.request, "Your update has been submitted." if submit
                         else "Your draft has been saved.")
        return redirect("actionplans:my_actions", slug=self.partnership.slug)

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [*PartnershipMixin.get_breadcrumbs(self),
                ("My actions", reverse("actionplans:my_actions", args=[self.partnership.slug])),
                (f"Update {self.get_action().reference}", None)]


class EvidenceDownloadView(ActionPlansMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> FileResponse:
        update = get_object_or_404(ActionUpdate.objects.in_partnership(self.partnership)
                                   .select_related("action__partnership"), pk=kwargs["pk"])
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


class ReviewQueueView(ActionPlansMixin, TemplateView):
    permission_required = "actionplans.review_update"
    template_name = "actionplans/review_queue.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["updates"] = list(selectors.review_queue(partnership=self.partnership))
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
            self.update = get_object_or_404(
                ActionUpdate.objects.in_partnership(self.partnership)
                .select_related("action__lead_officer", "action__plan", "period", "submitted_by"),
                pk=self.kwargs["pk"])
        return self.update

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        update = self.get_update()
        context["update"] = update
        context["steps"] = list(update.steps.select_related("by"))
        context["reviewable"] = update.state in ("submitted", "resubmitted")
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


class BulkChangeView(ActionPlansMixin, FormView):
    """Bulk reassign lead officer or extend due date (with a reason), from the plan page."""

    permission_required = "actionplans.manage_actions"
    template_name = "actionplans/bulk_errors.html"
    form_class = BulkChangeForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "partnership": self.partnership}

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


class HighlightReportView(ActionPlansMixin, TemplateView):
    template_name = "actionplans/highlight.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["report"] = selectors.highlight_report(
            partnership=self.partnership, period=selectors.current_period(self.partnership))
        return context

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [*super().get_breadcrumbs(), ("Highlight report", None)]


class PlanObjectMixin(ActionPlansMixin):
    permission_required = "actionplans.manage_actions"
    kwargs: dict[str, Any]

    def get_plan(self) -> ActionPlan:
        if not hasattr(self, "plan"):
            self.plan = get_object_or_404(
                ActionPlan.objects.in_partnership(self.partnership).select_related("partnership"),
                pk=self.kwargs["pk"])
        return self.plan


class ExportView(PlanObjectMixin, TemplateView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan = self.get_plan()
        name = f"action-plan-{plan.reference_prefix or plan.pk}-{plan.year}.xlsx".lower()
        return xlsx_download(name, [resources.export_sheet(plan)])


PREVIEW_ROWS = 500


def _staging_dir() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "action-imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class ImportView(PlanObjectMixin, FormView):
    """Upload → preview (new, changed with cells marked, unchanged; or errors) → confirm."""

    template_name = "actionplans/import.html"
    form_class = ImportForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["plan"] = self.get_plan()
        context["page_title"] = f"Import actions into {self.get_plan().title}"
        return context

    def form_valid(self, form: ImportForm) -> HttpResponse:
        plan = self.get_plan()
        content = form.cleaned_data["file"].read()
        try:
            result = resources.plan_import(plan=plan, by=self.request.user, content=content)  # type: ignore[arg-type]
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        token = ""
        if result.ok:
            token = uuid.uuid4().hex
            (_staging_dir() / f"{token}.xlsx").write_bytes(content)
            self.request.session[f"action-import-{plan.pk}"] = token
        columns = resources.COLUMNS[1:]
        preview = [
            {"row": row.row, "kind": row.kind,
             "cells": [{"value": row.values[c], "changed": c in row.changed,
                        "old": row.changed.get(c, "")} for c in columns]}
            for row in result.rows if row.kind != "unchanged"
        ]
        return self.render_to_response(self.get_context_data(
            form=ImportForm(), result=result, token=token, columns=columns,
            preview_rows=preview[:PREVIEW_ROWS], preview_truncated=len(preview) > PREVIEW_ROWS,
            counts={kind: result.count(kind) for kind in ("new", "changed", "unchanged")}))

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [*super().get_breadcrumbs(), ("Import", None)]


class ImportConfirmView(PlanObjectMixin, TemplateView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan = self.get_plan()
        token = request.POST.get("token", "")
        if not token or request.session.get(f"action-import-{plan.pk}") != token:
            messages.error(request, "That import has expired: upload the spreadsheet again.")
            return redirect("actionplans:import", slug=self.partnership.slug, pk=plan.pk)
        path = _staging_dir() / f"{uuid.UUID(token).hex}.xlsx"
        try:
            result = resources.apply_import(plan=plan, by=request.user, content=path.read_bytes())  # type: ignore[arg-type]
        except (ValidationError, FileNotFoundError):
            messages.error(request, "Nothing was changed: the spreadsheet no longer matches the "
                                    "plan. Upload it again to see why.")
            return redirect("actionplans:import", slug=self.partnership.slug, pk=plan.pk)
        path.unlink(missing_ok=True)
        del request.session[f"action-import-{plan.pk}"]
        messages.success(request, f"Imported: {result.count('new')} new, "
                                  f"{result.count('changed')} changed, "
                                  f"{result.count('unchanged')} unchanged.")
        return redirect(reverse("actionplans:plans", args=[self.partnership.slug])
                        + f"?year={plan.year}")


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
        from priorities.models import Recommendation

        if not hasattr(self, "recommendation"):
            self.recommendation = get_object_or_404(
                Recommendation.objects.in_partnership(self.partnership)
                .select_related("assessment", "priority"), pk=self.kwargs["pk"])
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
        data = dict(form.cleaned_data)
        status = data.pop("status")
        action = services.action_create(plan=self.get_plan(), by=self.request.user, **data)  # type: ignore[arg-type]
        if status != action.status:
            services.action_update(action=action, by=self.request.user, status=status,  # type: ignore[arg-type]
                                   description=action.description,
                                   lead_officer=action.lead_officer,
                                   lead_organisation=action.lead_organisation,
                                   start_on=action.start_on, due_on=action.due_on)
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
