"""Meetings, their agenda items, papers and action logs."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from ..audit import audited
from ..querysets import (
    AgendaItemQuerySet,
    MeetingActionQuerySet,
    MeetingQuerySet,
    PaperQuerySet,
)
from .tenancy import Partnership, SubGroup, User


@audited()
class Meeting(models.Model):
    """A meeting of the Partnership board or one of its groups."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="meetings")
    group = models.ForeignKey(SubGroup, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="meetings",
                              help_text="Leave empty for a meeting of the Partnership itself.")
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    location = models.CharField(max_length=200, blank=True)
    minutes = models.TextField(blank=True)
    minutes_approved = models.BooleanField(default=False)
    content_changed_at = models.DateTimeField(
        default=timezone.now,
        help_text="Last change to what goes in the board pack: details, agenda, papers, minutes.")

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return f"{self.title} ({timezone.localtime(self.starts_at):%d %B %Y})"

    @property
    def is_upcoming(self) -> bool:
        return self.starts_at >= timezone.now()

    def clean(self) -> None:
        if self.group is not None and self.group.partnership_id != self.partnership_id:
            raise ValidationError({"group": "Choose a group in this partnership."})


@audited()
class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="agenda_items")
    summary = models.TextField(blank=True)
    confidential = models.BooleanField(
        default=False,
        help_text="Confidential items and their papers are seen only by coordinators and "
                  "board members.",
    )

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "order"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "order"], name="agenda_item_unique_order"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"

    @property
    def partnership(self) -> Partnership:
        return self.meeting.partnership


def paper_upload_to(instance: Paper, filename: str) -> str:
    from uuid import uuid4

    return f"papers/{timezone.now():%Y/%m}/{uuid4().hex}"


@audited()
class Paper(models.Model):
    """A document attached to an agenda item. Served only through a permission-checked view."""

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=paper_upload_to, max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = PaperQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def partnership(self) -> Partnership:
        return self.agenda_item.meeting.partnership

    @property
    def confidential(self) -> bool:
        return self.agenda_item.confidential


class MeetingActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"


@audited()
class MeetingAction(models.Model):
    """An entry in a meeting's action log."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    agenda_item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="meeting_actions")
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=MeetingActionStatus.choices,
                              default=MeetingActionStatus.OPEN)

    objects = MeetingActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def partnership(self) -> Partnership:
        return self.meeting.partnership
