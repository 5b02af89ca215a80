"""Importing measure values in the browser: upload → preview (dry run) → confirm."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import View

from partnership.exports import XLSX_CONTENT_TYPE, download

from .. import services
from ..exports import measure_values_xlsx
from ..forms import ConfirmImportForm, ImportForm
from .base import FormPage, PrioritiesMixin

SESSION_KEY = "priorities_import"


class ImportView(PrioritiesMixin, FormPage):
    permission_required = "priorities.import_measures"
    form_class = ImportForm
    page_title = "Import measure figures"
    template_name = "priorities/import.html"
    extra_context = {"multipart": True}

    def perform(self, form: ImportForm) -> HttpResponse:
        upload = form.cleaned_data["file"]
        create = form.cleaned_data["create_measures"]
        previous = self.request.session.get(SESSION_KEY) or {}
        try:
            staged = services.measure_values_import_stage(
                partnership=self.partnership, by=self.user, upload=upload, name=upload.name,
                size=upload.size, create_measures=create, replaces=previous.get("token", ""))
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from error
        outcome, token = staged.outcome, staged.token
        if token:
            self.request.session[SESSION_KEY] = {"token": token, "partnership": self.partnership.slug,
                                                 "create_measures": create, "name": upload.name}
        else:
            self.request.session.pop(SESSION_KEY, None)
        context = self.get_context_data(form=form)
        context.update(outcome=outcome, token=token, file_name=upload.name,
                       changes=outcome.changes[:200], errors=outcome.errors[:200],
                       page_title="Check the import")
        return render(self.request, "priorities/import_preview.html", context)


class ImportTemplateView(PrioritiesMixin, View):
    """Every figure held, as the typed Excel file the import reads back."""

    permission_required = "priorities.import_measures"

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        return download(f"measure-figures-{self.partnership.slug}.xlsx",
                        measure_values_xlsx(partnership=self.partnership), XLSX_CONTENT_TYPE)


class ImportConfirmView(PrioritiesMixin, FormPage):
    permission_required = "priorities.import_measures"
    form_class = ConfirmImportForm
    http_method_names = ["post"]

    def perform(self, form: ConfirmImportForm) -> HttpResponse:
        stash = self.request.session.get(SESSION_KEY) or {}
        token = form.cleaned_data["token"]
        if stash.get("token") != token or stash.get("partnership") != self.partnership.slug:
            messages.error(self.request, "That import has expired. Upload the file again.")
            return redirect(self.url("import"))
        self.request.session.pop(SESSION_KEY, None)
        try:
            outcome = services.measure_values_import_confirm(
                partnership=self.partnership, by=self.user, token=token,
                name=stash.get("name", "upload"), create_measures=bool(stash.get("create_measures")))
        except services.ImportExpired as error:
            messages.error(self.request, error.messages[0])
            return redirect(self.url("import"))
        except ValidationError as error:
            messages.error(self.request, "Nothing was imported: " + "; ".join(error.messages[:5]))
            return redirect(self.url("import"))
        messages.success(self.request, f"Imported: {outcome.new} new figures, "
                                       f"{outcome.updated} updated, {outcome.unchanged} unchanged.")
        return redirect(self.url("performance"))

    def form_invalid(self, form: Any) -> HttpResponse:
        messages.error(self.request, "That import has expired. Upload the file again.")
        return redirect(self.url("import"))
