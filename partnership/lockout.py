"""Sign-in lockout limits for django-axes: per account and address, and per address.

django-axes counts failures for each of AXES_LOCKOUT_PARAMETERS (one email from one address;
one address across every email) and locks when the largest count reaches the limit. One limit
for both would lock a whole office behind one address after five typos, so the limit depends
on which count is the problem: AXES_FAILURE_LIMIT_PER_ACCOUNT for one email from one address,
AXES_IP_FAILURE_LIMIT (higher) for password spraying across many emails from one address.
"""

from __future__ import annotations

from typing import Any

from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


def failure_limit(request: HttpRequest, credentials: Any = None) -> int:
    per_account = int(settings.AXES_FAILURE_LIMIT_PER_ACCOUNT)
    username = get_client_username(request, credentials)
    address = getattr(request, "axes_ip_address", None)
    account_failures = 0
    if username and address:
        account_failures = AccessAttempt.objects.filter(
            username=username, ip_address=address).aggregate(
            total=Sum("failures_since_start"))["total"] or 0
    # The per-address count is always at least the per-account one, so: locked when this
    # account+address reached its limit, else only when the address reached the higher one.
    if account_failures >= per_account:
        return per_account
    return int(settings.AXES_IP_FAILURE_LIMIT)
