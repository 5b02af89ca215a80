"""Writes for the API: creating and revoking a person's tokens (audited by pghistory)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from partnership.access import lock
from partnership.models import User

from . import tokens
from .models import ApiToken

MAX_ACTIVE_TOKENS = 10


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # the whole token: shown once, never stored


@transaction.atomic
def api_token_create(*, user: User, name: str) -> NewToken:
    """A new token for ``user`` (signed in, active); the returned ``secret`` is shown once."""
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied
    # Serialise the count below per person (FOR UPDATE OF the user's row only).
    User.objects.select_for_update(of=("self",)).order_by().get(pk=user.pk)
    if ApiToken.objects.of(user).active().count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError({"name": f"You already have {MAX_ACTIVE_TOKENS} tokens. "
                                       "Revoke one you no longer use first."})
    secret, prefix = tokens.new_token()
    token = ApiToken(user=user, name=name.strip(), prefix=prefix, key_hash=tokens.digest(secret))
    token.full_clean()
    token.save()
    return NewToken(token=token, secret=secret)


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: User) -> ApiToken:
    """Only the token's own person revokes it; revoking twice changes nothing."""
    if token.user_id != by.pk:
        raise PermissionDenied
    token = lock(token)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_touch(*, token: ApiToken) -> None:
    """Record a use: at most one write a minute per token (an API client pages quickly)."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() >= 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
