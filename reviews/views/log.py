"""The per-review access log, for the DHR coordinator: filterable, paginated."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views import View
from django.views.generic import ListView

from partnership.exports import Sheet, csv_download, xlsx_download
from partnership.viewmixins import ForgivingPaginationMixin

from ..chronology import MARKING
from ..forms import AccessLogFilterForm
from ..models import AccessKind
from ..selectors import access_log
from .base import OneReviewMixin


class AccessLogView(OneReviewMixin, ForgivingPaginationMixin, ListView):  # type: ignore[misc]
    permission_required = "reviews.view_access_log"
    template_name = "reviews/access_log.html"
    paginate_by = 100

    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        self.log(AccessKind.READ, "Read the access log")
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        self.filter_form, filters = log_filters(self.request)
        return access_log(review=self.get_review(), **filters)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        query = urlencode({k: v for k, v in self.request.GET.items()
                           if k in self.filter_form.fields and str(v).isprintable()})
        return super().get_context_data(filter_form=self.filter_form, r=self.get_review(),
                                        export_query=query, **kwargs)


def log_filters(request: HttpRequest) -> tuple[AccessLogFilterForm, dict[str, Any]]:
    form = AccessLogFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()  # a junk field is dropped, the others still filter
        data = form.cleaned_data
        filters = {"user_contains": data.get("user") or "", "kind": data.get("kind") or "",
                   "since": data.get("since"), "until": data.get("until")}
    return form, filters


EXPORT_COLUMNS = ["When", "Who", "Email", "What", "Detail", "Address"]


class AccessLogExportView(OneReviewMixin, View):
    """The access log as CSV or XLSX (``?format=``, the page's filters apply). The export is
    itself logged, before the rows are read, so it is in its own file."""

    permission_required = "reviews.view_access_log"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        review = self.get_review()
        fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
        self.log(AccessKind.DOWNLOAD, f"Exported the access log ({fmt.upper()})")
        _form, filters = log_filters(request)
        rows = [[timezone.localtime(e.at).replace(tzinfo=None),
                 e.user.full_name if e.user else "(account removed)",
                 e.user.email if e.user else "", e.get_kind_display(), e.what, e.ip or ""]
                for e in access_log(review=review, **filters)]
        sheet = Sheet(title=f"Access log {review.reference}", header=EXPORT_COLUMNS, rows=rows,
                      marking=MARKING)
        name = f"{review.reference}-access-log"
        if fmt == "csv":
            return csv_download(f"{name}.csv", sheet)
        return xlsx_download(f"{name}.xlsx", [sheet])
