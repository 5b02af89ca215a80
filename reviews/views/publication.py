"""The never-publish list and publication (DHR coordinators only, not the panel).

The list holds real names: its page is read by the coordinators alone, every read and change goes
to the access log *without* the name, and no message, email or log line carries one. The
publication page runs the name check over the documents to publish and refuses, naming each
place, while a listed name appears."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView, View

from .. import services
from ..forms import NeverPublishForm, PublishForm
from ..models import AccessKind
from ..stages import DhrStage
from .reviews import ReviewFormMixin


class NeverPublishView(ReviewFormMixin, FormView):  # type: ignore[misc]
    permission_required = "reviews.manage_never_publish"
    template_name = "reviews/never_publish.html"
    form_class = NeverPublishForm
    page_title = "Names that must never be published"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.log(AccessKind.READ, "Read the never-publish list")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(entries=list(self.get_review().never_publish.all()),
                                        r=self.get_review(), **kwargs)

    def list_url(self) -> str:
        return reverse("reviews:never_publish", args=[self.partnership.slug, self.get_review().pk])

    def perform(self, form: NeverPublishForm) -> HttpResponse:
        entry = services.never_publish_add(review=self.get_review(), by=self.user,
                                           **form.cleaned_data)
        self.log(AccessKind.CHANGE, f"Added a {entry.get_category_display().lower()} entry to "
                                    "the never-publish list")
        messages.success(self.request, "Added to the never-publish list.")
        return redirect(self.list_url())


class NeverPublishRemoveView(ReviewFormMixin, View):  # type: ignore[misc]
    permission_required = "reviews.manage_never_publish"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        services.never_publish_remove(review=self.get_review(), by=self.user, pk=kwargs["pk"])
        self.log(AccessKind.CHANGE, "Removed an entry from the never-publish list")
        messages.success(request, "Removed from the never-publish list.")
        return redirect(reverse("reviews:never_publish",
                                args=[self.partnership.slug, self.get_review().pk]))


class PublishView(ReviewFormMixin, FormView):  # type: ignore[misc]
    permission_required = "reviews.publish"
    template_name = "reviews/publish.html"
    form_class = PublishForm
    page_title = "Publish the review"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.log(AccessKind.READ, "Read the publication page (name check run)")
        return super().get(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        return {"published_on": self.today}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        review = self.get_review()
        check = services.name_check(review=review, by=self.user)
        return super().get_context_data(
            r=review, check=check, names=review.never_publish.count(),
            can_publish=review.stage == DhrStage.QA_APPROVED, **kwargs)

    def form_valid(self, form: PublishForm) -> HttpResponse:
        try:
            publication = services.review_publish(review=self.get_review(), by=self.user,
                                                  **form.cleaned_data)
        except ValidationError as error:
            from partnership.viewmixins import add_service_errors

            add_service_errors(form, error)
            if not hasattr(error, "error_dict"):
                self.log(AccessKind.CHANGE, "Publication refused")
            return self.form_invalid(form)
        return self.done("Published the review",
                         f"{publication.review.reference} is published: its public page is "
                         "online until "
                         f"{publication.remove_on:%-d %B %Y}.")
