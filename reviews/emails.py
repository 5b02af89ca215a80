"""The email that opens an agency contributor's request to them. It names the review by its
reference only: never the pseudonym, never a detail of the case."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from partnership.invitations import set_password_url

if TYPE_CHECKING:
    from partnership.models import User

    from .models import InformationRequest


def send_contributor_invitation(*, user: User, request: InformationRequest,
                                new_account: bool) -> None:
    base = settings.PORTAL_BASE_URL.rstrip("/")
    body = render_to_string("reviews/email/contributor_invitation.txt", {
        "user": user, "request": request, "reference": request.review.reference,
        "partnership": request.review.partnership, "service_name": settings.SERVICE_NAME,
        "password_url": set_password_url(user) if new_account else "",
        "url": base + reverse("returns:request", args=[request.pk]),
    })
    send_mail(f"{request.review.partnership.name} asks for information: "
              f"{request.review.reference}", body, None, [user.email])
