"""Board packs: one compiled PDF per meeting."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from ..audit import audited
from ..querysets import BoardPackQuerySet
from .meetings import Meeting
from .tenancy import Partnership, User


class BoardPackStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    COMPILING = "compiling", "Being compiled"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


def board_pack_upload_to(instance: BoardPack, filename: str) -> str:
    from uuid import uuid4

    return f"board-packs/{timezone.now():%Y/%m}/{uuid4().hex}.pdf"


@audited()
class BoardPack(models.Model):
    """One PDF for a meeting: cover, agenda, each app's sections and the PDF papers.

    Compiled by a Celery task; confidential items' papers are never included (they are
    circulated separately)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="board_packs")
    requested_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=12, choices=BoardPackStatus.choices,
                              default=BoardPackStatus.QUEUED)
    file = models.FileField(upload_to=board_pack_upload_to, max_length=255, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    compiled_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    objects = BoardPackQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"Board pack for {self.meeting}"

    @property
    def partnership(self) -> Partnership:
        return self.meeting.partnership
