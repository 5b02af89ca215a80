"""Shared helpers for the priorities commands."""

from __future__ import annotations

from django.core.management.base import CommandError

from partnership.models import Partnership, User


def partnership_from(slug: str) -> Partnership:
    try:
        return Partnership.objects.get(slug=slug)
    except Partnership.DoesNotExist:
        raise CommandError(f"There is no partnership with the slug “{slug}”.") from None


def acting_user(email: str | None) -> User:
    """Commands act as a named user, or as the first active superuser."""
    if email:
        user = User.objects.filter(email=email.strip().lower(), is_active=True).first()
        if user is None:
            raise CommandError(f"There is no active user {email}.")
        return user
    user = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if user is None:
        raise CommandError("No administrator account exists: pass --as EMAIL.")
    return user
