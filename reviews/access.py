"""The one way to find a review (or a part of one) for a user: 404 unless they need to know.

``access_review(user=..., partnership=..., pk=..., lock=False)`` opens a review only for the
partnership's DHR coordinators and the review's panel members (``ReviewQuerySet.openable_by``).
Everyone else, a system admin, another partnership and a missing review included, gets the
same 404: nothing says that the review exists. ``lock=True`` locks the review row only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from partnership.access import access_object

from .models import DocumentVersion, InformationRequest, Review

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from partnership.models import Partnership, User


def access_review(*, user: User | AnonymousUser, partnership: Partnership, pk: Any,
                  lock: bool = False) -> Review:
    return access_object(Review.objects.openable_by(user).filter(partnership=partnership)
                         .select_related("partnership"), pk=pk, lock=lock)


def access_request(*, review: Review, pk: Any, lock: bool = False) -> InformationRequest:
    """An information request of a review already accessed (so already open to the user)."""
    return access_object(InformationRequest.objects.filter(review=review)
                         .select_related("organisation"), pk=pk, lock=lock)


def access_own_request(*, user: User | AnonymousUser, pk: Any,
                       lock: bool = False) -> InformationRequest:
    """An agency contributor's own information request (they are its ``contact``): 404 for
    anyone else, the review's DHR coordinator included (this is the contributor's door only)."""
    if not (user.is_authenticated and user.is_active):
        return access_object(InformationRequest.objects.none(), pk=pk)
    return access_object(InformationRequest.objects.filter(contact_id=user.pk)
                         .select_related("organisation", "review__partnership"), pk=pk, lock=lock)


def access_own_upload(*, request: InformationRequest, user: User | AnonymousUser,
                      pk: Any) -> DocumentVersion:
    """A version the contributor uploaded themselves for their own request (``request`` already
    found by :func:`access_own_request`): 404 for any other file of the review."""
    return access_object(DocumentVersion.objects.filter(document__request=request,
                                                        uploaded_by_id=user.pk)
                         .select_related("document"), pk=pk)
