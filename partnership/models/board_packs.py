"""Board packs: each compile of a meeting's pack is kept, in two parts per audience."""

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


class BoardPackPart(models.TextChoices):
    MAIN = "main", "Board pack"
    RESTRICTED = "restricted", "Restricted part"


def board_pack_upload_to(instance: BoardPack, filename: str) -> str:
    from uuid import uuid4

    return f"board-packs/{timezone.now():%Y/%m}/{uuid4().hex}.pdf"


@audited()
class BoardPack(models.Model):
    """One compile of a meeting's pack. Every compile is kept (versions); the newest ready one
    is current.

    ``file`` is the main pack: a confidential item appears there only as "Confidential item
    (restricted)". ``restricted_file`` holds the confidential items and their papers and is
    served only to those who may see confidential items (empty when the meeting has none)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="board_packs")
    requested_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=12, choices=BoardPackStatus.choices,
                              default=BoardPackStatus.QUEUED)
    started_at = models.DateTimeField(null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True,
                               help_text="The Celery task compiling it (a redelivery has the same id).")
    heartbeat_at = models.DateTimeField(null=True, blank=True,
                                        help_text="Last sign of life of the compiling task.")
    sections_done = models.PositiveIntegerField(default=0)
    sections_total = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to=board_pack_upload_to, max_length=255, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    restricted_file = models.FileField(upload_to=board_pack_upload_to, max_length=255, blank=True)
    restricted_page_count = models.PositiveIntegerField(null=True, blank=True)
    content_hash = models.CharField(max_length=64, blank=True,
                                    help_text="SHA-256 of the main part then the restricted part.")
    source_changed_at = models.DateTimeField(
        null=True, blank=True, help_text="The meeting's last change the compile saw.")
    compiled_at = models.DateTimeField(null=True, blank=True)
    notes = models.TextField(blank=True, help_text="Papers not included, and why.")
    error = models.TextField(blank=True, help_text="Why the compile failed.")

    objects = BoardPackQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            # One compile at a time per meeting: requesting again reuses the one in flight.
            models.UniqueConstraint(fields=["meeting"],
                                    condition=models.Q(status__in=["queued", "compiling"]),
                                    name="board_pack_one_in_flight"),
        ]

    def __str__(self) -> str:
        return f"Board pack for {self.meeting}"

    @property
    def partnership(self) -> Partnership:
        return self.meeting.partnership

    @property
    def is_out_of_date(self) -> bool:
        changed = self.meeting.content_changed_at
        return bool(self.source_changed_at and changed and changed > self.source_changed_at)

    @property
    def progress_percent(self) -> int:
        if not self.sections_total:
            return 0
        return min(100, round(100 * self.sections_done / self.sections_total))


class BoardPackDownload(models.Model):
    """Who downloaded which part of which compile, and when."""

    pack = models.ForeignKey(BoardPack, on_delete=models.CASCADE, related_name="downloads")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    part = models.CharField(max_length=12, choices=BoardPackPart.choices)
    downloaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-downloaded_at"]
        indexes = [models.Index(fields=["pack", "user"])]
