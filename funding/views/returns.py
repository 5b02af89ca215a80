"""Six-monthly returns: start, fill in, submit, OPCC decision, corrections and exports."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.generic import FormView, TemplateView, View

from partnership.exports import download, xlsx_download
from partnership.templatetags.portal_forms import error_anchor
from partnership.viewmixins import ServiceFormMixin, add_service_errors
from priorities.models import PerformanceMeasure

from .. import services
from ..exports import return_sheets
from ..forms import (
    ReturnLineForm,
    ReturnReviewForm,
    ReturnReviseForm,
    ReturnStartForm,
    ReturnSubmitForm,
    ReturnSummaryForm,
)
from ..models import RETURN_WORKFLOW
from ..pdf import return_pdf
from ..selectors import periods_without_return, return_lines, return_page
from .base import AwardMixin, ReturnMixin


class ReturnStartView(ServiceFormMixin, AwardMixin, FormView):
    permission_required = "funding.edit_return"
    template_name = "funding/form_page.html"
    form_class = ReturnStartForm
    extra_context = {"page_title": "Start a return"}

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "award": self.get_award()}

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self._every_period_started() or super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self._every_period_started() or super().post(request, *args, **kwargs)

    def _every_period_started(self) -> HttpResponse | None:
        """No form without a choice: back to the award, saying why."""
        award = self.get_award()
        if periods_without_return(award=award):
            return None
        messages.info(self.request, "Every period of this award already has a return: open it "
                                    "from the list of returns below.")
        return redirect("funding:award", slug=self.partnership.slug, award_pk=award.pk)

    def perform(self, form: ReturnStartForm) -> HttpResponse:
        grant_return = services.return_start(award=self.get_award(), by=self.request.user,  # type: ignore[arg-type]
                                             part=form.cleaned_data["part"])
        messages.success(self.request, "The return has been started with this award's lines and "
                                       "spend. Fill in the progress and forecasts.")
        return redirect("funding:return", slug=self.partnership.slug, return_pk=grant_return.pk)


class ReturnDetailView(ReturnMixin, TemplateView):
    template_name = "funding/return_detail.html"

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        crumbs = super().get_breadcrumbs()
        return [*crumbs[:-1], (crumbs[-1][0], None)]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        grant_return = self.get_return()
        user = self.request.user
        can_edit = user.has_perm("funding.edit_return", self.partnership)
        context.update(
            page=return_page(grant_return=grant_return), r=grant_return, award=grant_return.award,
            can_edit=can_edit and grant_return.is_editable,
            can_revise=(can_edit and grant_return.is_current
                        and RETURN_WORKFLOW.is_in(grant_return.status, "final")),
            can_review=user.has_perm("funding.review_return", self.partnership)
            and grant_return.awaits_review)
        if context["can_edit"]:
            context.setdefault("submit_form", ReturnSubmitForm())
        if context["can_review"]:
            context.setdefault("review_form", ReturnReviewForm())
        return context


class ReturnEditView(ReturnMixin, View):
    """The return form: overall progress, then per line the forecast, explanation and narrative."""

    permission_required = "funding.edit_return"
    template_name = "funding/return_edit.html"

    def forms(self, data: Any = None) -> tuple[ReturnSummaryForm, list[tuple[Any, ReturnLineForm]]]:
        grant_return = self.get_return()
        summary = ReturnSummaryForm(data, initial={"summary": grant_return.summary}, prefix="return")
        measures = list(PerformanceMeasure.objects.in_partnership(self.partnership)
                        .order_by("priority_id", "order", "name"))
        pairs = []
        for line in return_lines(grant_return):
            priority_id = line.budget_line.priority_id
            chosen = [m for m in measures if m.priority_id == priority_id] if priority_id else []
            choices = [(m.pk, m.name) for m in (chosen or measures)]
            pairs.append((line, ReturnLineForm(data, prefix=f"line-{line.pk}", measure_choices=choices,
                                               initial={
                "forecast": line.forecast, "variance_explanation": line.variance_explanation,
                "outputs": line.outputs, "outcomes": line.outcomes,
                "measure_ids": [m.pk for m in line.measures.all()]})))
        return summary, pairs

    def render_page(self, summary: ReturnSummaryForm, pairs: list[Any],
                    errors: list[tuple[str, str]] | None = None) -> HttpResponse:
        grant_return = self.get_return()
        context = {
            "partnership": self.partnership, "crumbs": self.get_breadcrumbs(), "r": grant_return,
            "summary_form": summary, "pairs": pairs, "errors": errors or [],
            "threshold": grant_return.award.variance_threshold_percent,
            "form": summary if (errors or summary.errors or any(f.errors for _, f in pairs)) else None,
        }
        return render(self.request, self.template_name, context, status=400 if errors else 200)

    def dispatch_locked(self) -> HttpResponse | None:
        grant_return = self.get_return()
        if not grant_return.is_editable:
            messages.error(self.request, "This return cannot be changed now: "
                           f"it is {grant_return.get_status_display().lower()}"
                           f"{'' if grant_return.is_current else ' (an earlier revision)'}.")
            return redirect(self.return_url())
        return None

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        return self.dispatch_locked() or self.render_page(*self.forms())

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        locked = self.dispatch_locked()
        if locked is not None:
            return locked
        summary, pairs = self.forms(request.POST)
        results = [summary.is_valid()] + [form.is_valid() for _, form in pairs]  # validate every form
        valid = all(results)
        errors: list[tuple[str, str]] = []
        for line, form in pairs:
            for field, field_errors in form.errors.items():
                bound = form[field] if field in form.fields else None
                label = bound.label if bound is not None else ""
                anchor = error_anchor(bound) if bound is not None else ""
                errors += [(f"{line.title}: {label}: {message}", anchor) for message in field_errors]
        if not valid:
            return self.render_page(summary, pairs, errors)
        entries = [services.LineEntry(
            line_id=line.pk, forecast=form.cleaned_data["forecast"],
            variance_explanation=form.cleaned_data["variance_explanation"],
            outputs=form.cleaned_data["outputs"], outcomes=form.cleaned_data["outcomes"],
            measure_ids=tuple(form.cleaned_data.get("measure_ids", ()))) for line, form in pairs]
        try:
            services.return_update(grant_return=self.get_return(), by=request.user,  # type: ignore[arg-type]
                                   summary=summary.cleaned_data["summary"], entries=entries)
        except ValidationError as error:
            first = f"id_{summary.prefix}-summary"
            return self.render_page(summary, pairs, [(message, first) for message in error.messages])
        messages.success(request, "The return has been saved.")
        return redirect(self.return_url())


class ReturnSubmitView(ReturnDetailView):
    """POST only: submit (or resubmit) the return; refused ones show their errors in the page."""

    permission_required = "funding.edit_return"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        form = ReturnSubmitForm(request.POST)
        form.is_valid()
        try:
            services.return_submit(grant_return=self.get_return(), by=request.user,  # type: ignore[arg-type]
                                   no_personal_data=form.cleaned_data.get("no_personal_data", False))
        except services.ReturnNotReady as not_ready:
            # Every problem at once, each linking to the field that fixes it: the declaration
            # here, an explanation on the return form.
            edit = reverse("funding:return_edit", args=[self.partnership.slug, self.get_return().pk])
            problems = []
            for problem in not_ready.problems:
                if problem.field == "no_personal_data":
                    form.add_error("no_personal_data", problem.message)
                    problems.append((problem.message, "#" + error_anchor(form["no_personal_data"])))
                else:
                    problems.append((problem.message,
                                     f"{edit}#id_line-{problem.line_id}-variance_explanation"))
            return self.refused(form, problems)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.refused(form, [])
        messages.success(request, "The return has been submitted to the OPCC.")
        return redirect(self.return_url())

    def refused(self, form: ReturnSubmitForm, problems: list[tuple[str, str]]) -> HttpResponse:
        self.grant_return = self.get_return()
        self.grant_return.refresh_from_db()
        context = self.get_context_data(submit_form=form, form=form, submit_problems=problems)
        return self.render_to_response(context, status=400)


class ReturnReviewView(ServiceFormMixin, ReturnMixin, FormView):
    permission_required = "funding.review_return"
    template_name = "funding/return_review.html"
    form_class = ReturnReviewForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        grant_return = self.get_return()
        return super().get_context_data(page_title=f"Accept or return the {grant_return.period.label} "
                                                   "return", r=grant_return,
                                        page=return_page(grant_return=grant_return), **kwargs)

    def perform(self, form: ReturnReviewForm) -> HttpResponse:
        accept = form.cleaned_data["decision"] == "accept"
        services.return_review(grant_return=self.get_return(), by=self.request.user,  # type: ignore[arg-type]
                               accept=accept, comment=form.cleaned_data["comment"])
        messages.success(self.request, "The return has been accepted." if accept else
                         "The return has been sent back with your comments.")
        return redirect(self.return_url())


class ReturnReviseView(ServiceFormMixin, ReturnMixin, FormView):
    permission_required = "funding.edit_return"
    template_name = "funding/form_page.html"
    form_class = ReturnReviseForm
    extra_context = {"page_title": "Correct an accepted return"}

    def perform(self, form: ReturnReviseForm) -> HttpResponse:
        new = services.return_revise(grant_return=self.get_return(), by=self.request.user,  # type: ignore[arg-type]
                                     reason=form.cleaned_data["reason"])
        messages.success(self.request, f"Revision {new.revision} has been started; the accepted "
                                       "return is kept as it was.")
        return redirect("funding:return", slug=self.partnership.slug, return_pk=new.pk)


EXPORTS = {"financial": False, "return": True}  # name -> whole return?


class ReturnExportView(ReturnMixin, View):
    """The financial monitoring form or the whole return, as XLSX or PDF."""

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        what, fmt = kwargs["what"], kwargs["fmt"]
        if what not in EXPORTS or fmt not in ("xlsx", "pdf"):
            raise Http404("No such export.")
        grant_return = self.get_return()
        whole = EXPORTS[what]
        award = grant_return.award
        name = (f"{self.partnership.slug}-{award.stream.name}-{grant_return.period.key}-"
                f"r{grant_return.revision}-{'return' if whole else 'financial-monitoring'}")
        name = "".join(c if c.isalnum() or c in "-_" else "-" for c in name.lower())
        if fmt == "xlsx":
            return xlsx_download(f"{name}.xlsx",
                                 return_sheets(grant_return, return_lines(grant_return), whole=whole))
        return download(f"{name}.pdf", return_pdf(grant_return, whole=whole), "application/pdf")
