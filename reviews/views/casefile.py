"""The case file of one review: the merged chronology (list, entries, XLSX export, an agency's
import), the family contact log and the documents (every version; downloads stamped).

Need to know as everywhere: a review's DHR coordinators and panel members read these pages;
only the DHR coordinators change them. Every read, download and change is in the access log.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from partnership.access import access_object
from partnership.downloads import protected_download
from partnership.exports import download, xlsx_download
from partnership.uploads import EXTENSIONS
from partnership.viewmixins import ForgivingPaginationMixin

from .. import chronology as sheets
from .. import services
from ..forms import (
    ChronologyEntryForm,
    ChronologyImportForm,
    DocumentUploadForm,
    FamilyContactForm,
    VersionUploadForm,
)
from ..models import AccessKind, ChronologyEntry, DocumentVersion, ReviewDocument
from ..rules import allowed
from ..selectors import chronology, chronology_agencies, documents, family_contacts
from ..stamping import stamp_pdf
from .base import OneReviewMixin
from .reviews import ReviewFormMixin


def _int(value: str | None) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if 0 < number < 2**31 else None


class CaseFileMixin(OneReviewMixin):
    """A read-only page of the case file, logged on every GET."""

    read_what = ""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.log(AccessKind.READ, self.read_what)
        return super().get(request, *args, **kwargs)  # type: ignore[misc,no-any-return]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(  # type: ignore[misc,no-any-return]
            r=self.get_review(),
            can_run=allowed(self.request.user, "reviews.run_review", self.partnership), **kwargs)


# --- Chronology -----------------------------------------------------------------------------

class ChronologyView(CaseFileMixin, ForgivingPaginationMixin, ListView):  # type: ignore[misc]
    template_name = "reviews/chronology.html"
    paginate_by = 100
    read_what = "Read the chronology"

    def get_queryset(self) -> Any:
        self.agency = _int(self.request.GET.get("agency"))
        sort = self.request.GET.get("sort", "date")
        self.sort = sort if sort in ("date", "-date", "agency") else "date"
        return chronology(review=self.get_review(), organisation_pk=self.agency, sort=self.sort)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        page_query = urlencode({"agency": self.agency, "sort": self.sort} if self.agency
                               else {"sort": self.sort})
        return super().get_context_data(
            agencies=chronology_agencies(review=self.get_review()), agency=self.agency,
            sort=self.sort, page_query=page_query, **kwargs)

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [*super().get_breadcrumbs(), ("Chronology", None)]


class ChronologyExportView(OneReviewMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        review = self.get_review()
        self.log(AccessKind.DOWNLOAD, "Exported the chronology")
        return xlsx_download(f"{review.reference}-chronology.xlsx",
                             [sheets.export_sheet(review, chronology(review=review))])


class ChronologyTemplateView(OneReviewMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return xlsx_download("chronology-template.xlsx", [sheets.template_sheet()])


class ChronologyCrumbsMixin(OneReviewMixin):
    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [*super().get_breadcrumbs(),
                ("Chronology", reverse("reviews:chronology",
                                       args=[self.partnership.slug, self.get_review().pk]))]


class ChronologyAddView(ChronologyCrumbsMixin, ReviewFormMixin, FormView):  # type: ignore[misc]
    form_class = ChronologyEntryForm
    page_title = "Add an entry to the chronology"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "partnership": self.partnership}

    def perform(self, form: ChronologyEntryForm) -> HttpResponse:
        entry = services.chronology_entry_add(review=self.get_review(), by=self.user,
                                              **form.cleaned_data)
        self.log(AccessKind.CHANGE, f"Added a chronology entry ({entry.organisation.name})")
        messages.success(self.request, "The entry is in the chronology.")
        return redirect("reviews:chronology", slug=self.partnership.slug,
                        review_pk=self.get_review().pk)


class ChronologyEditView(ChronologyAddView):
    page_title = "Change a chronology entry"

    def check_need_to_know(self) -> None:
        super().check_need_to_know()
        self.entry = access_object(ChronologyEntry.objects.filter(review=self.get_review()),
                                   pk=self.kwargs["pk"])

    def get_initial(self) -> dict[str, Any]:
        entry = self.entry
        return {"happened_on": entry.happened_on, "organisation": entry.organisation_id,
                "event": entry.event, "source_detail": entry.source_detail,
                "significance": entry.significance}

    def perform(self, form: ChronologyEntryForm) -> HttpResponse:
        entry = services.chronology_entry_edit(review=self.get_review(), by=self.user,
                                               entry_pk=self.entry.pk, **form.cleaned_data)
        self.log(AccessKind.CHANGE, f"Changed a chronology entry ({entry.organisation.name})")
        messages.success(self.request, "The entry has been changed.")
        return redirect("reviews:chronology", slug=self.partnership.slug,
                        review_pk=self.get_review().pk)


def import_session_key(request_pk: int) -> str:
    return f"review-chronology-import-{request_pk}"


class ChronologyImportView(ChronologyCrumbsMixin, ReviewFormMixin, FormView):  # type: ignore[misc]
    """Upload an agency's chronology → preview (or every error by cell) → confirm."""

    form_class = ChronologyImportForm
    template_name = "reviews/chronology_import.html"
    page_title = "Import an agency's chronology"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "review": self.get_review()}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(r=self.get_review(), **kwargs)  # type: ignore[no-any-return]

    def perform(self, form: ChronologyImportForm) -> HttpResponse:
        request = form.cleaned_data["request"]
        staged = services.chronology_import_stage(request=request,
                                                  content=form.cleaned_data["file"].read())
        if staged.token:
            self.request.session[import_session_key(request.pk)] = staged.token
        return self.render_to_response(self.get_context_data(
            form=form, result=staged.result, token=staged.token, info_request=request,
            preview=staged.result.entries[:500]))


class ChronologyImportConfirmView(ReviewFormMixin, View):
    """POST only: import the previewed spreadsheet, all or nothing."""

    http_method_names = ["post", "options"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        review = self.get_review()
        back = redirect("reviews:chronology_import", slug=self.partnership.slug,
                        review_pk=review.pk)
        request_pk = _int(request.POST.get("request"))
        token = request.POST.get("token", "")
        if (request_pk is None or not token
                or request.session.get(import_session_key(request_pk)) != token):
            messages.error(request, "That import has expired: upload the spreadsheet again.")
            return back
        try:
            entries = services.chronology_import(review=review, by=self.user,
                                                 request_pk=request_pk, token=token)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return back
        del request.session[import_session_key(request_pk)]
        self.log(AccessKind.CHANGE, f"Imported {len(entries)} chronology entries")
        messages.success(request, f"Imported {len(entries)} entr{'y' if len(entries) == 1 else 'ies'}"
                                  " into the chronology.")
        return redirect("reviews:chronology", slug=self.partnership.slug, review_pk=review.pk)


# --- Family contact -----------------------------------------------------------------------

class FamilyContactsView(CaseFileMixin, ForgivingPaginationMixin, ListView):  # type: ignore[misc]
    template_name = "reviews/family.html"
    paginate_by = 100
    read_what = "Read the family contact log"

    def get_queryset(self) -> Any:
        return family_contacts(review=self.get_review())

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [*super().get_breadcrumbs(), ("Family contact", None)]


class FamilyContactAddView(ReviewFormMixin, FormView):  # type: ignore[misc]
    form_class = FamilyContactForm
    page_title = "Record contact with the family"

    def perform(self, form: FamilyContactForm) -> HttpResponse:
        services.family_contact_add(review=self.get_review(), by=self.user, **form.cleaned_data)
        self.log(AccessKind.CHANGE, "Recorded contact with the family")
        messages.success(self.request, "The contact is recorded.")
        return redirect("reviews:family", slug=self.partnership.slug,
                        review_pk=self.get_review().pk)

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [*super().get_breadcrumbs(),
                ("Family contact", reverse("reviews:family",
                                           args=[self.partnership.slug, self.get_review().pk]))]


# --- Documents ----------------------------------------------------------------------------

class DocumentsView(CaseFileMixin, TemplateView):  # type: ignore[misc]
    template_name = "reviews/documents.html"
    read_what = "Read the list of documents"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(documents=documents(review=self.get_review()), **kwargs)

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [*super().get_breadcrumbs(), ("Documents", None)]


class DocumentCrumbsMixin(OneReviewMixin):
    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [*super().get_breadcrumbs(),
                ("Documents", reverse("reviews:documents",
                                      args=[self.partnership.slug, self.get_review().pk]))]


class DocumentUploadView(DocumentCrumbsMixin, ReviewFormMixin, FormView):  # type: ignore[misc]
    form_class = DocumentUploadForm
    page_title = "Upload a document"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(multipart=True, **kwargs)

    def perform(self, form: DocumentUploadForm) -> HttpResponse:
        version = services.document_upload(review=self.get_review(), by=self.user,
                                           kind=form.cleaned_data["kind"],
                                           title=form.cleaned_data["title"],
                                           upload=form.cleaned_data["file"])
        self.log(AccessKind.CHANGE, f"Uploaded a document ({version.document.get_kind_display()})")
        messages.success(self.request, f"{version.document.title} is uploaded.")
        return redirect("reviews:documents", slug=self.partnership.slug,
                        review_pk=self.get_review().pk)


class VersionUploadView(DocumentUploadView):
    form_class = VersionUploadForm  # type: ignore[assignment]
    page_title = "Upload a new version"

    def check_need_to_know(self) -> None:
        super().check_need_to_know()
        self.document = access_object(ReviewDocument.objects.filter(review=self.get_review()),
                                      pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(intro=f"{self.document.title} "
                                              f"({self.document.get_kind_display()}).", **kwargs)

    def perform(self, form: VersionUploadForm) -> HttpResponse:  # type: ignore[override]
        version = services.document_add_version(review=self.get_review(), by=self.user,
                                                document_pk=self.document.pk,
                                                upload=form.cleaned_data["file"])
        self.log(AccessKind.CHANGE, f"Uploaded version {version.number} of a document "
                                    f"({version.document.get_kind_display()})")
        messages.success(self.request, f"Version {version.number} of {version.document.title} "
                                       "is uploaded.")
        return redirect("reviews:documents", slug=self.partnership.slug,
                        review_pk=self.get_review().pk)


def version_response(version: DocumentVersion, *, reference: str,
                     by_name: str) -> HttpResponseBase:
    """The file as an attachment nobody caches; a PDF stamped on every page."""
    document = version.document
    filename = (f"{reference}-{document.kind}-v{version.number}"
                f"{EXTENSIONS.get(version.content_type, '')}")
    if version.content_type != "application/pdf":
        return protected_download(version.file, filename=filename,
                                  content_type=version.content_type)
    try:
        with version.file.open("rb") as handle:
            content = handle.read()
    except FileNotFoundError as error:
        raise Http404("The file is missing.") from error
    stamped = stamp_pdf(content, downloaded_by=by_name,
                        downloaded_at=f"{timezone.localtime():%-d %B %Y %H:%M}")
    return download(filename, stamped, "application/pdf")


class VersionDownloadView(OneReviewMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        review = self.get_review()
        version = access_object(DocumentVersion.objects.filter(
            document__review=review, document_id=_int(str(kwargs["pk"])) or 0)
            .select_related("document"), pk=kwargs["version_pk"])
        response = version_response(version, reference=review.reference,
                                    by_name=self.user.full_name or self.user.email)
        self.log(AccessKind.DOWNLOAD, f"Downloaded version {version.number} of a document "
                                      f"({version.document.get_kind_display()})")
        return response
