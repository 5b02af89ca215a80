"""Emails when a coordinator adds someone: a new person gets a link to set their password;
someone who already has an account gets a notice."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import Partnership, User


def set_password_url(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def send_invitation(user: User, partnership: Partnership) -> None:
    body = render_to_string("partnership/email/invitation.txt", {
        "user": user, "partnership": partnership, "url": set_password_url(user),
        "service_name": settings.SERVICE_NAME,
    })
    send_mail(f"You have been added to {partnership.name}", body, None, [user.email])


def send_added_notice(user: User, partnership: Partnership) -> None:
    body = render_to_string("partnership/email/added_notice.txt", {
        "user": user, "partnership": partnership, "service_name": settings.SERVICE_NAME,
        "url": settings.PORTAL_BASE_URL.rstrip("/") + reverse("login"),
    })
    send_mail(f"You have been added to {partnership.name}", body, None, [user.email])
