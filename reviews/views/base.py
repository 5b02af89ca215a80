"""Shared plumbing of every review page: 404 for anyone outside the list, the idle time-out,
need to know through the access layer, and the access log.

Two-factor authentication: :class:`ReviewMixin` starts with ``OTPRequiredMixin``
(partnership/two_factor.py), so every review page sends a session without a verified second
factor to set one up (or to enter a code), system admins included.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone

from partnership.two_factor import OTPRequiredMixin
from partnership.viewmixins import PartnershipMixin

from ..access import access_review
from ..models import AccessKind, Review
from ..rules import allowed
from ..services import access_log_record

SEEN_KEY = "reviews_seen_at"
SEEN_EVERY_SECONDS = 60


def client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


class ReviewMixin(OTPRequiredMixin, PartnershipMixin):
    """Every reviews URL. Someone who may not even see the anonymised list (an OPCC officer)
    gets a 404, like another partnership: nothing says reviews exist. Other refusals are 403."""

    permission_required = "reviews.view_list"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            timed_out = self.idle_timeout(request)
            if timed_out is not None:
                return timed_out
        return super().dispatch(request, *args, **kwargs)

    def idle_timeout(self, request: HttpRequest) -> HttpResponse | None:
        """Sign out after DHR_IDLE_TIMEOUT_MINUTES without a review page; else note this visit."""
        now = time.time()
        seen = request.session.get(SEEN_KEY)
        limit = int(settings.DHR_IDLE_TIMEOUT_MINUTES) * 60
        if isinstance(seen, int | float) and now - seen > limit:
            logout(request)
            messages.info(request, "You were signed out after "
                                   f"{settings.DHR_IDLE_TIMEOUT_MINUTES} minutes without activity "
                                   "on review pages. Sign in again to continue.")
            return redirect_to_login(request.get_full_path())
        # Noted at most once a minute: a review page view does not rewrite the session each time
        # (the recorded visit lags by under a minute, so the time-out can only come sooner).
        if not isinstance(seen, int | float) or now - seen >= SEEN_EVERY_SECONDS:
            request.session[SEEN_KEY] = now
        return None

    def get_permission_object(self) -> Any:
        """404 before 403: whoever may not see the thing learns nothing about it; then the
        role, by the rule itself (a system admin is not waved through, unlike has_perm)."""
        if not allowed(self.request.user, "reviews.view_list", self.partnership):
            raise Http404("No such page.")
        self.check_need_to_know()
        if not allowed(self.request.user, self.permission_required, self.partnership):
            raise PermissionDenied
        return self.partnership

    def check_need_to_know(self) -> None:
        """Views of one review find it here (404 unless the user may open it)."""

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [*super().get_breadcrumbs(),
                (f"{settings.DHR_LABEL}s", reverse("reviews:list", args=[self.partnership.slug]))]

    @property
    def today(self) -> Any:
        return timezone.localdate()


class OneReviewMixin(ReviewMixin):
    """Views under /reviews/<review_pk>/: need to know (else 404), every request logged."""

    review_kwarg = "review_pk"
    log_what = "Opened the review"

    def get_review(self) -> Review:
        if not hasattr(self, "review"):
            self.review = access_review(user=self.request.user, partnership=self.partnership,
                                        pk=self.kwargs[self.review_kwarg])
        return self.review

    def check_need_to_know(self) -> None:
        self.get_review()

    def log(self, kind: AccessKind, what: str) -> None:
        access_log_record(review=self.get_review(), user=self.user, kind=kind, what=what,
                          ip=client_ip(self.request))

    def review_url(self) -> str:
        return reverse("reviews:review", args=[self.partnership.slug, self.get_review().pk])

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [*super().get_breadcrumbs(), (self.get_review().reference, self.review_url())]
