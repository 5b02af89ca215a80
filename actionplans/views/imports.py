"""Spreadsheet export and import (preview, then confirm)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView

from partnership.exports import xlsx_download
from partnership.viewmixins import (
    add_service_errors,
)

from .. import resources
from ..forms import (
    ImportForm,
)
from .mixins import PlanObjectMixin


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
