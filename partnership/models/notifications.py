"""The notification outbox (see partnership/notifications.py for the API)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from ..audit import audited
from .tenancy import Partnership, User


class DigestStatus(models.TextChoices):
    READY = "ready", "Ready to send"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    RETRY = "retry", "Waiting to retry"
    UNCONFIRMED = "unconfirmed", "Unconfirmed (worker stopped mid-send; not re-sent)"
    FAILED = "failed", "Failed"


@audited()
class EmailDigest(models.Model):
    """The one email a person gets on one day, gathering all their pending notifications.

    The unique (recipient, day) constraint makes "one email per person per day" a fact of
    the database, whatever the number of workers. ``message_id`` is the idempotency key.
    """

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="email_digests")
    day = models.DateField()
    status = models.CharField(max_length=12, choices=DigestStatus.choices,
                              default=DigestStatus.READY)
    message_id = models.CharField(max_length=200, unique=True)
    claim_token = models.UUIDField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-day", "recipient_id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "day"], name="email_digest_one_per_day"),
        ]

    def __str__(self) -> str:
        return f"Digest for {self.recipient_id} on {self.day} ({self.status})"


@audited()
class Notification(models.Model):
    """One thing to tell one person: (kind, subject object, period, recipient) is unique.

    Enqueue with :func:`partnership.notifications.notify`; the task
    ``partnership.tasks.send_pending_notifications`` gathers pending rows into digests.
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE,
                                    related_name="notifications")
    kind = models.CharField(max_length=80)
    subject_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE,
                                     related_name="+")
    subject_id = models.BigIntegerField()
    period = models.CharField(max_length=40, blank=True, default="")
    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    line = models.CharField(max_length=500, help_text="One line in the digest email.")
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    digest = models.ForeignKey(EmailDigest, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="notifications")

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_type", "subject_id", "period", "recipient"],
                name="notification_unique_per_subject_period_recipient"),
        ]
        indexes = [
            models.Index(fields=["recipient"], condition=Q(digest__isnull=True),
                         name="notification_pending_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}: {self.line[:40]}"
