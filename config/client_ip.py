"""The client's address, for sign-in lockouts and rate limits.

`REMOTE_ADDR` unless `TRUSTED_PROXY_COUNT` says how many proxies we run in front of the
portal (e.g. 1 for one load balancer): only then is `X-Forwarded-For` read, taking the address
that many hops from its right-hand end (what our own proxies appended), never the left-most
(which the client writes and can forge). With no trusted proxy the header is ignored, so a
client cannot pick a fresh address for every sign-in attempt.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    remote = str(request.META.get("REMOTE_ADDR") or "")
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if proxies <= 0:
        return remote
    hops = [h.strip() for h in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
            if h.strip()]
    if len(hops) < proxies:
        return remote
    candidate = hops[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
