"""Spreadsheet export and import (preview, then confirm)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import FormView, TemplateView

from partnership.exports import XLSX_CONTENT_TYPE, download
from partnership.viewmixins import (
    add_service_errors,
)

from .. import resources, services
from ..forms import (
    ImportForm,
)
from ..models import ActionPlan
from .mixins import PlanObjectMixin


class ExportView(PlanObjectMixin, TemplateView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan = self.get_plan()
        name = f"action-plan-{plan.reference_prefix or plan.pk}-{plan.year}.xlsx".lower()
        return download(name, resources.export_xlsx(plan), XLSX_CONTENT_TYPE)


PREVIEW_ROWS = 500


def _session_key(plan: ActionPlan) -> str:
    return f"action-import-{plan.pk}"


def _reason_key(plan: ActionPlan) -> str:
    return f"action-import-{plan.pk}-reason"


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
        try:
            staged = services.action_import_stage(plan=plan, by=self.request.user,  # type: ignore[arg-type]
                                                  content=form.cleaned_data["file"].read())
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        result = staged.result
        if staged.token:
            self.request.session[_session_key(plan)] = staged.token
            self.request.session[_reason_key(plan)] = form.cleaned_data["reason"]
        preview = [
            {"row": row.row, "kind": row.kind, "reference": row.values["Reference"],
             "description": row.values["Description"],
             "changes": [{"column": c, "old": row.changed[c], "new": row.values[c]}
                         for c in resources.COLUMNS[1:] if c in row.changed],
             "values": [(c, row.values[c]) for c in ("Lead officer email", "Due date", "Status")]}
            for row in result.rows if row.kind != "unchanged"
        ]
        return self.render_to_response(self.get_context_data(
            form=ImportForm(initial={"reason": form.cleaned_data["reason"]}), result=result,
            token=staged.token, reason=form.cleaned_data["reason"],
            preview_rows=preview[:PREVIEW_ROWS], preview_truncated=len(preview) > PREVIEW_ROWS,
            counts={kind: result.count(kind) for kind in ("new", "changed", "unchanged")}))

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [*super().get_breadcrumbs(), ("Import", None)]


class ImportConfirmView(PlanObjectMixin, View):
    """POST only (a GET is 405): import the previewed spreadsheet."""

    http_method_names = ["post", "options"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan = self.get_plan()
        token = request.POST.get("token", "")
        back = redirect("actionplans:import", slug=self.partnership.slug, pk=plan.pk)
        if not token or request.session.get(_session_key(plan)) != token:
            messages.error(request, "That import has expired: upload the spreadsheet again.")
            return back
        try:
            result = services.action_import_confirm(  # type: ignore[misc]
                plan=plan, by=request.user, token=token,  # type: ignore[arg-type]
                reason=request.session.get(_reason_key(plan), ""))
        except services.ImportExpired as error:
            messages.error(request, error.messages[0])
            return back
        except ValidationError:
            messages.error(request, "Nothing was changed: the spreadsheet no longer matches the "
                                    "plan. Upload it again to see why.")
            return back
        del request.session[_session_key(plan)]
        request.session.pop(_reason_key(plan), None)
        messages.success(request, f"Imported: {result.count('new')} new, "
                                  f"{result.count('changed')} changed, "
                                  f"{result.count('unchanged')} unchanged.")
        return redirect(reverse("actionplans:plans", args=[self.partnership.slug])
                        + f"?year={plan.year}")
