"""The per-review access log, for the DHR coordinator: filterable, paginated."""

from __future__ import annotations

from typing import Any

from django.views.generic import ListView

from partnership.viewmixins import ForgivingPaginationMixin

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
        self.filter_form = AccessLogFilterForm(self.request.GET or None)
        filters: dict[str, Any] = {}
        if self.filter_form.is_bound:
            self.filter_form.is_valid()  # a junk field is dropped, the others still filter
            data = self.filter_form.cleaned_data
            filters = {"user_contains": data.get("user") or "", "kind": data.get("kind") or "",
                       "since": data.get("since")}
        return access_log(review=self.get_review(), **filters)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(filter_form=self.filter_form, r=self.get_review(),
                                        **kwargs)
