"""The review list (anonymised), recording a notification, the review page and its moves."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.generic import FormView, ListView, TemplateView

from partnership.links import url_prefix
from partnership.viewmixins import ForgivingPaginationMixin, ServiceFormMixin, add_service_errors

from .. import services
from ..forms import DecisionForm, MoveForm, NotifyForm, PauseForm, ResumeForm
from ..models import AccessKind
from ..rules import allowed
from ..selectors import list_rows, review_list, review_page
from ..stages import DHR_WORKFLOW, DhrStage
from .base import OneReviewMixin, ReviewMixin


class ReviewListView(ReviewMixin, ForgivingPaginationMixin, ListView):  # type: ignore[misc]
    """Every member sees this anonymised list: reference, stage, key dates, days to deadline."""

    template_name = "reviews/list.html"
    paginate_by = 50

    def get_queryset(self) -> Any:
        return review_list(partnership=self.partnership, user=self.request.user,
                           stage=self.stage_filter())

    def stage_filter(self) -> str:
        """``?stage=drafting`` (the dashboard links each stage's count here); else every stage."""
        stage = self.request.GET.get("stage", "")
        return stage if stage in DhrStage.values else ""

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        crumbs = super().get_breadcrumbs()
        return [*crumbs[:-1], (crumbs[-1][0], None)]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            rows=list_rows(reviews=list(context["object_list"]), today=self.today),
            can_add=allowed(self.request.user, "reviews.add_review", self.partnership),
            label=settings.DHR_LABEL, stage=self.stage_filter(),
            stage_label=DHR_WORKFLOW.label(self.stage_filter()) if self.stage_filter() else "",
            # Row links from a prefix: no URL reversing per row.
            review_url_prefix=url_prefix("reviews:review", self.partnership.slug))
        return context


class ReviewNotifyView(ServiceFormMixin, ReviewMixin, FormView):  # type: ignore[misc]
    permission_required = "reviews.add_review"
    template_name = "reviews/form_page.html"
    form_class = NotifyForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(page_title="Record a notification of a death", **kwargs)

    def perform(self, form: NotifyForm) -> HttpResponse:
        review = services.review_notify(partnership=self.partnership, by=self.user,
                                        **form.cleaned_data)
        services.access_log_record(review=review, user=self.user, kind=AccessKind.CHANGE,
                                   what="Recorded the notification",
                                   ip=self.request.META.get("REMOTE_ADDR"))
        messages.success(self.request, f"{review.reference} has been recorded. The decision "
                                       f"whether to hold a review is due by "
                                       f"{review.decision_due:%-d %B %Y}.")
        return redirect("reviews:review", slug=self.partnership.slug, review_pk=review.pk)


class ReviewDetailView(OneReviewMixin, TemplateView):  # type: ignore[misc]
    template_name = "reviews/review.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.log(AccessKind.READ, "Opened the review")
        return super().get(request, *args, **kwargs)

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        crumbs = super().get_breadcrumbs()
        return [*crumbs[:-1], (crumbs[-1][0], None)]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        review = self.get_review()
        can_run = allowed(self.request.user, "reviews.run_review", self.partnership)
        context.update(page=review_page(review=review, today=self.today), r=review,
                       can_run=can_run, label=settings.DHR_LABEL,
                       can_pause=can_run and DHR_WORKFLOW.is_in(review.stage, "in_progress"),
                       can_decide=can_run and review.stage == DhrStage.DECISION,
                       can_publish_page=allowed(self.request.user, "reviews.publish",
                                                self.partnership))
        context.setdefault("move_form", MoveForm())
        return context


class ReviewMoveView(ReviewDetailView):
    """POST only: move the review on; a refused move is shown on the review page (400)."""

    permission_required = "reviews.run_review"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = MoveForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(move_form=form), status=400)
        try:
            review = services.review_move(review=self.get_review(), by=self.user,
                                          to_stage=form.cleaned_data["to_stage"],
                                          reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
            self.review.refresh_from_db()
            return self.render_to_response(self.get_context_data(move_form=form), status=400)
        self.review = review
        self.log(AccessKind.CHANGE, f"Moved to {DHR_WORKFLOW.label(review.stage).lower()}")
        messages.success(request, f"{review.reference} is now at the stage: "
                                  f"{DHR_WORKFLOW.label(review.stage).lower()}.")
        return redirect(self.review_url())


class ReviewFormMixin(ServiceFormMixin, OneReviewMixin):
    """A form page about one review, run by a DHR coordinator."""

    permission_required = "reviews.run_review"
    template_name = "reviews/form_page.html"
    page_title = ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(  # type: ignore[no-any-return,misc]
            page_title=self.page_title, caption=self.get_review().reference, **kwargs)

    def done(self, what: str, message: str) -> HttpResponse:
        self.log(AccessKind.CHANGE, what)
        messages.success(self.request, message)  # type: ignore[attr-defined]
        return redirect(self.review_url())


class ReviewDecideView(ReviewFormMixin, FormView):  # type: ignore[misc]
    form_class = DecisionForm
    page_title = "Record the decision whether to hold a review"

    def perform(self, form: DecisionForm) -> HttpResponse:
        review = services.review_decide(review=self.get_review(), by=self.user,
                                        **form.cleaned_data)
        return self.done("Recorded the decision",
                         f"The decision is recorded: {review.get_decision_display().lower()}.")


class ReviewPauseView(ReviewFormMixin, FormView):  # type: ignore[misc]
    form_class = PauseForm
    page_title = "Pause the review"

    def perform(self, form: PauseForm) -> HttpResponse:
        services.review_pause(review=self.get_review(), by=self.user, **form.cleaned_data)
        return self.done("Paused the review", "The review is paused: the completion clock has "
                                              "stopped until it resumes.")


class ReviewResumeView(ReviewFormMixin, FormView):  # type: ignore[misc]
    form_class = ResumeForm
    page_title = "Resume the review"

    def perform(self, form: ResumeForm) -> HttpResponse:
        pause = services.review_resume(review=self.get_review(), by=self.user, **form.cleaned_data)
        days = (pause.ended_on - pause.started_on).days if pause.ended_on else 0
        return self.done("Resumed the review", f"The review has resumed; {days} paused days are "
                                               "added to the completion target.")

