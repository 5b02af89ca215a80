"""Links to many objects of one kind from a list page, without reversing a URL per row.

``reverse()`` costs tens of microseconds a call; a table of 50 rows with a link or two each
spent more on it than on its query. A page reverses the URL once for a placeholder pk and the
template appends each row's pk: ``href="{{ prefix }}{{ row.pk }}/"``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse


def url_prefix(viewname: str, *args: Any, after_pk: str = "/") -> str:
    """The URL of ``viewname`` for ``args`` and an object's pk, cut just before the pk:
    ``url_prefix("partnership:meeting", slug)`` → ``/p/<slug>/meetings/``. ``after_pk`` is what
    the pattern has after the pk (``"/edit/"`` for an edit page); the template writes it."""
    url = reverse(viewname, args=[*args, 0])
    tail = f"/0{after_pk}"
    if not url.endswith(tail):
        raise ImproperlyConfigured(f"{viewname}: {url} does not end with the pk and {after_pk!r}")
    return url[:len(url) - len(tail) + 1]
