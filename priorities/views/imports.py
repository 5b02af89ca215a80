"""Importing measure values in the browser: upload → preview (dry run) → confirm."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .. import services
from ..forms import ConfirmImportForm, ImportForm
from .base import FormPage, PrioritiesMixin

SESSION_KEY = "priorities_import"


def _stash(request: HttpRequest, partnership_slug: str, upload: Any, create: bool) -> str:
    previous = (request.session.get(SESSION_KEY) or {}).get("token")
    if previous and default_storage.exists(f"measure-imports/{previous}"):
        default_storage.delete(f"measure-imports/{previous}")
    token = uuid.uuid4().hex
    upload.seek(0)
    default_storage.save(f"measure-imports/{token}", ContentFile(upload.read()))
    request.session[SESSION_KEY] = {"token": token, "partnership": partnership_slug,
                                    "create_measures": create, "name": upload.name}
    return token


class ImportView(PrioritiesMixin, FormPage):
    permission_required = "priorities.import_measures"
    form_class = ImportForm
    page_title = "Import measure figures"
    extra_context = {"multipart": True,
                     "intro": "You will see what will change before anything is saved. "
                              "If any row has an error, nothing is imported."}

    def perform(self, form: ImportForm) -> HttpResponse:
        upload = form.cleaned_data["file"]
        create = form.cleaned_data["create_measures"]
        try:
            outcome = services.measure_values_import(
                partnership=self.partnership, by=self.request.user, stream=upload,  # type: ignore[arg-type]
                name=upload.name, size=upload.size, create_measures=create, dry_run=True)
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from error
        token = _stash(self.request, self.partnership.slug, upload, create) if outcome.ok else ""
        context = self.get_context_data(form=form)
        context.update(outcome=outcome, token=token, file_name=upload.name,
                       changes=outcome.changes[:200], errors=outcome.errors[:200],
                       page_title="Check the import")
        return render(self.request, "priorities/import_preview.html", context)


class ImportConfirmView(PrioritiesMixin, FormPage):
    permission_required = "priorities.import_measures"
    form_class = ConfirmImportForm
    http_method_names = ["post"]

    def perform(self, form: ConfirmImportForm) -> HttpResponse:
        stash = self.request.session.get(SESSION_KEY) or {}
        token = form.cleaned_data["token"]
        path = f"measure-imports/{token}"
        if (stash.get("token") != token or stash.get("partnership") != self.partnership.slug
                or not default_storage.exists(path)):
            messages.error(self.request, "That import has expired. Upload the file again.")
            return redirect(self.url("import"))
        try:
            with default_storage.open(path, "rb") as handle:
                outcome = services.measure_values_import(
                    partnership=self.partnership, by=self.request.user, stream=handle,  # type: ignore[arg-type]
                    name=stash.get("name", "upload"),
                    create_measures=bool(stash.get("create_measures")))
        except ValidationError as error:
            messages.error(self.request, "Nothing was imported: " + "; ".join(error.messages[:5]))
            return redirect(self.url("import"))
        finally:
            default_storage.delete(path)
            self.request.session.pop(SESSION_KEY, None)
        messages.success(self.request, f"Imported: {outcome.new} new figures, "
                                       f"{outcome.updated} updated, {outcome.unchanged} unchanged.")
        return redirect(self.url("performance"))

    def form_invalid(self, form: Any) -> HttpResponse:
        messages.error(self.request, "That import has expired. Upload the file again.")
        return redirect(self.url("import"))
