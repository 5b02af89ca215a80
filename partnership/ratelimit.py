"""A fixed-window counter in Django's cache (shared by web processes when CACHE_URL is Redis)."""

from __future__ import annotations

import hashlib

from django.core.cache import cache


def allow(scope: str, key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one event for (scope, key); False once more than `limit` happened in the window."""
    digest = hashlib.sha256(key.strip().lower().encode()).hexdigest()[:32]
    name = f"ratelimit:{scope}:{digest}"
    cache.add(name, 0, timeout=window_seconds)
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, timeout=window_seconds)
        count = 1
    return count <= limit
