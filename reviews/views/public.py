"""The public pages (no sign-in): a partnership's published reviews and their documents.

Only what was published: the pseudonym, the public summary, the date, the exact document
versions published. A review not published (or past its removal date) is a 404 like one that
does not exist."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from partnership.downloads import protected_download
from partnership.models import Partnership

from ..models import Publication, PublishedDocument
from ..selectors import published_reviews, recommendations_of


class PublicMixin:
    kwargs: dict[str, Any]

    def get_partnership(self) -> Partnership:
        return get_object_or_404(Partnership, slug=self.kwargs["slug"])

    def get_publication(self, partnership: Partnership) -> Publication:
        publication = published_reviews(partnership=partnership, today=timezone.localdate()).filter(
            review__year=self.kwargs["year"], review__number=self.kwargs["number"]).first()
        if publication is None:
            raise Http404("No such review.")
        return publication


class PublishedListView(PublicMixin, TemplateView):
    template_name = "reviews/public/list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        partnership = self.get_partnership()
        return super().get_context_data(
            public_partnership=partnership, label=settings.DHR_LABEL,
            publications=list(published_reviews(partnership=partnership,
                                                 today=timezone.localdate())), **kwargs)


class PublishedReviewView(PublicMixin, TemplateView):
    template_name = "reviews/public/review.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        partnership = self.get_partnership()
        publication = self.get_publication(partnership)
        # What the review recommended and how far each has got: the overview report made them
        # public; their scope, agency and the status of their actions follow them here.
        return super().get_context_data(public_partnership=partnership, label=settings.DHR_LABEL,
                                        publication=publication,
                                        recommendations=recommendations_of(publication.review),
                                        **kwargs)


class PublishedDocumentView(PublicMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> FileResponse:
        publication = self.get_publication(self.get_partnership())
        document = get_object_or_404(PublishedDocument.objects.select_related("version"),
                                     publication=publication, pk=kwargs["pk"])
        version = document.version
        extension = {"application/pdf": "pdf"}.get(version.content_type, "docx")
        return protected_download(version.file, content_type=version.content_type,
                                  filename=f"{publication.review.reference} "
                                           f"{document.title}.{extension}")
