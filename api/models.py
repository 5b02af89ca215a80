"""API tokens: one person's keys to the read API, stored only as a hash."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from partnership.audit import audited


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True)

    def of(self, user: object) -> ApiTokenQuerySet:
        return self.filter(user=user)


@audited()
class ApiToken(models.Model):
    """``csp_<prefix>_<secret>``: the prefix finds the row, the SHA-256 of the whole token
    proves it. The token itself is shown once, when it is created, and never stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    key_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} (csp_{self.prefix}_…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
