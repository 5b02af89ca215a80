"""The agency contributor's door: their own information requests, and nothing else.

An agency's contact, given access by the DHR coordinator, has an account that is not a
membership of the partnership (every partnership page is a 404 to them). Here they see their
requests (reference, agency, what is asked, due date: never the pseudonym or any detail of the
case), upload their return and import their chronology. Two-factor is required as on every
review page, the idle time-out applies, and every read and upload is in the review's access log.
Anyone else, the review's DHR coordinator included, gets a 404 on these URLs.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import FormView, TemplateView

from partnership.exports import xlsx_download
from partnership.two_factor import OTPRequiredMixin, is_two_factor_verified
from partnership.viewmixins import ServiceFormMixin

from .. import chronology as sheets
from .. import services
from ..access import access_own_request, access_own_upload
from ..forms import ChronologyUploadForm, ReturnUploadForm
from ..models import AccessKind, InformationRequest
from ..selectors import own_requests, own_uploads
from .base import ReviewMixin, client_ip
from .casefile import version_response


class ReturnsMixin(OTPRequiredMixin, LoginRequiredMixin):
    request: HttpRequest
    kwargs: dict[str, Any]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            timed_out = ReviewMixin.idle_timeout(self, request)  # type: ignore[arg-type]
            if timed_out is not None:
                return timed_out
            if is_two_factor_verified(request.user):
                self.check_access(request.user, kwargs)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc,no-any-return]

    def check_access(self, user: Any, kwargs: dict[str, Any]) -> None:
        """Views of one request find it here (404 unless it is the user's own)."""

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [("Your information requests", reverse("returns:list"))]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(  # type: ignore[misc,no-any-return]
            crumbs=self.get_breadcrumbs(), **kwargs)


class OwnRequestMixin(ReturnsMixin):
    info_request: InformationRequest
    read_what = ""

    def check_access(self, user: Any, kwargs: dict[str, Any]) -> None:
        self.info_request = access_own_request(user=user, pk=kwargs["pk"])

    def log(self, kind: AccessKind, what: str) -> None:
        services.access_log_record(review=self.info_request.review, user=self.request.user,  # type: ignore[arg-type]
                                   kind=kind, what=what, ip=client_ip(self.request))

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        request = self.info_request
        return [*super().get_breadcrumbs(),
                (f"{request.review.reference}: {request.get_kind_display()}",
                 reverse("returns:request", args=[request.pk]))]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(info_request=self.info_request,
                                        reference=self.info_request.review.reference, **kwargs)


class ReturnListView(ReturnsMixin, TemplateView):  # type: ignore[misc]
    template_name = "reviews/returns/list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            requests=list(own_requests(user=self.request.user)),  # type: ignore[arg-type]
            page_title="Your information requests", **kwargs)

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return []


class ReturnView(OwnRequestMixin, TemplateView):  # type: ignore[misc]
    template_name = "reviews/returns/request.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.log(AccessKind.READ, "Agency contributor opened their request")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(uploads=own_uploads(request=self.info_request),
                                        entries=self.info_request.entries.count(), **kwargs)

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        crumbs = super().get_breadcrumbs()
        return [*crumbs[:-1], (crumbs[-1][0], None)]


class ReturnFormMixin(ServiceFormMixin, OwnRequestMixin):
    template_name = "reviews/form_page.html"
    page_title = ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        request = self.info_request
        return super().get_context_data(  # type: ignore[no-any-return]
            page_title=self.page_title, caption=request.review.reference, multipart=True,
            intro=f"{request.get_kind_display()} from {request.organisation.name}, due by "
                  f"{request.due_on:%-d %B %Y}.", **kwargs)

    def back(self) -> HttpResponse:
        return redirect("returns:request", pk=self.info_request.pk)


class ReturnUploadView(ReturnFormMixin, FormView):  # type: ignore[misc]
    form_class = ReturnUploadForm
    page_title = "Upload your return"

    def perform(self, form: ReturnUploadForm) -> HttpResponse:
        version = services.contributor_upload(by=self.request.user,  # type: ignore[arg-type]
                                              request_pk=self.info_request.pk,
                                              upload=form.cleaned_data["file"])
        self.log(AccessKind.CHANGE, f"Agency contributor uploaded version {version.number} of "
                                    f"their return ({version.document.get_kind_display()})")
        messages.success(self.request, "Your return is uploaded. Thank you.")
        return self.back()


def import_session_key(request_pk: int) -> str:
    return f"return-chronology-import-{request_pk}"


class ReturnChronologyView(ReturnFormMixin, FormView):  # type: ignore[misc]
    """Upload the chronology template → preview (or every error by cell) → confirm."""

    form_class = ChronologyUploadForm
    template_name = "reviews/chronology_import.html"
    page_title = "Upload your chronology"

    def perform(self, form: ChronologyUploadForm) -> HttpResponse:
        staged = services.chronology_import_stage(request=self.info_request,
                                                  content=form.cleaned_data["file"].read())
        if staged.token:
            self.request.session[import_session_key(self.info_request.pk)] = staged.token
        return self.render_to_response(self.get_context_data(
            form=form, result=staged.result, token=staged.token,
            preview=staged.result.entries[:500],
            confirm_url=reverse("returns:chronology_confirm", args=[self.info_request.pk]),
            template_url=reverse("returns:template", args=[self.info_request.pk])))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.setdefault("template_url", reverse("returns:template", args=[self.info_request.pk]))
        return super().get_context_data(**kwargs)


class ReturnChronologyConfirmView(OwnRequestMixin, View):
    http_method_names = ["post", "options"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = import_session_key(self.info_request.pk)
        token = request.POST.get("token", "")
        back = redirect("returns:chronology", pk=self.info_request.pk)
        if not token or request.session.get(key) != token:
            messages.error(request, "That import has expired: upload the spreadsheet again.")
            return back
        try:
            entries = services.contributor_chronology_import(
                by=request.user, request_pk=self.info_request.pk, token=token)  # type: ignore[arg-type]
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return back
        del request.session[key]
        self.log(AccessKind.CHANGE, f"Agency contributor imported {len(entries)} chronology "
                                    "entries")
        messages.success(request, f"Your chronology is uploaded: {len(entries)} "
                                  f"entr{'y' if len(entries) == 1 else 'ies'}. Thank you.")
        return redirect("returns:request", pk=self.info_request.pk)


class ReturnTemplateView(OwnRequestMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return xlsx_download("chronology-template.xlsx",
                             [sheets.template_sheet(self.info_request)])


class ReturnDownloadView(OwnRequestMixin, View):
    """A file the contributor uploaded for this request themselves (never the review's other
    documents, nor another version of theirs uploaded by someone else): streamed like every
    review document (attachment, no-store, a PDF stamped with their name), and logged."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        version = access_own_upload(request=self.info_request, user=request.user,
                                    pk=kwargs["version_pk"])
        user = request.user
        response = version_response(version, reference=self.info_request.review.reference,
                                    by_name=user.full_name or user.email)  # type: ignore[union-attr]
        self.log(AccessKind.DOWNLOAD, f"Agency contributor downloaded version {version.number} "
                                      f"of their return ({version.document.get_kind_display()})")
        return response
