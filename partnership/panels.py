"""The partnership app's own dashboard panel: email digests that may not have gone."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .models import DigestStatus, EmailDigest, Partnership

SHOWN = 20


def unconfirmed_digests_context(request: HttpRequest,
                                partnership: Partnership) -> dict[str, Any] | None:
    """For coordinators (and admins): digests to this partnership's people left mid-send.

    At-most-once delivery does not re-send them (see partnership/notifications.py), so someone
    should check with the person. Two queries whatever the number of digests."""
    if not request.user.has_perm("partnership.manage_people", partnership):
        return None
    digests = (EmailDigest.objects.filter(status=DigestStatus.UNCONFIRMED,
                                          recipient__memberships__partnership=partnership)
               .select_related("recipient").order_by("-day", "pk").distinct())
    shown = list(digests[:SHOWN])
    if not shown:
        return None
    return {"digests": shown, "more": digests.count() - len(shown) if len(shown) == SHOWN else 0}
