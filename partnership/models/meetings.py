"""Meetings, their agenda items, papers and action logs."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
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


class AgendaItemPurpose(models.TextChoices):
    DECISION = "decision", "For decision"
    DISCUSSION = "discussion", "For discussion"
    INFORMATION = "information", "For information"


@audited()
class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="agenda_items")
    purpose = models.CharField(max_length=12, choices=AgendaItemPurpose.choices,
                               default=AgendaItemPurpose.INFORMATION)
    duration_minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(480)],
        help_text="How long the item is expected to take, in minutes.")
    presenter = models.CharField(max_length=200, blank=True,
                                 help_text="Who presents the item (may be a guest).")
    summary = models.TextField(blank=True)
    minutes = models.TextField(blank=True, help_text="What was discussed under this item.")
    decisions = models.TextField(blank=True, help_text="What the meeting decided, one per line.")
    confidential = models.BooleanField(
        default=False,
        help_text="Confidential items and their papers are seen only by coordinators and "
                  "board members.",
    )
    report_from = models.ForeignKey(
        SubGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="reports",
        help_text="On a Partnership meeting: the task and finish group this item is a report from.")

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "order"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "order"], name="agenda_item_unique_order"),
            models.CheckConstraint(condition=models.Q(duration_minutes__isnull=True)
                                   | models.Q(duration_minutes__gte=1, duration_minutes__lte=480),
                                   name="agenda_item_duration_range"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"

    @property
    def partnership(self) -> Partnership:
        return self.meeting.partnership

    def clean(self) -> None:
        if self.report_from is not None:
            if self.report_from.partnership_id != self.meeting.partnership_id:
                raise ValidationError({"report_from": "Choose a group of this partnership."})
            if self.meeting.group_id is not None:
                raise ValidationError({"report_from": "Only an item on a meeting of the "
                                                      "Partnership itself is a group's report."})

    @property
    def decision_list(self) -> list[str]:
        return [line.strip() for line in self.decisions.splitlines() if line.strip()]


def paper_upload_to(instance: Paper, filename: str) -> str:
    from uuid import uuid4

    return f"papers/{timezone.now():%Y/%m}/{uuid4().hex}"


class PaperStatus(models.TextChoices):
    CURRENT = "current", "Current"
    SUPERSEDED = "superseded", "Superseded"
    WITHDRAWN = "withdrawn", "Withdrawn"


@audited()
class Paper(models.Model):
    """A document attached to an agenda item. Served only through a permission-checked view.

    Replacing a paper adds a new version (``version`` + 1) and marks the old one superseded
    (``replaced_by`` points at the new one); a withdrawn paper is kept but leaves the pack.
    Only current papers go in a board pack."""

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=paper_upload_to, max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=10, choices=PaperStatus.choices,
                              default=PaperStatus.CURRENT)
    replaced_by = models.OneToOneField("self", null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="replaces")
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")

    objects = PaperQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="superseded") | models.Q(replaced_by__isnull=False),
                name="paper_superseded_has_replacement"),
            models.CheckConstraint(
                condition=~models.Q(status="withdrawn") | models.Q(withdrawn_at__isnull=False),
                name="paper_withdrawn_has_time"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def partnership(self) -> Partnership:
        return self.agenda_item.meeting.partnership

    @property
    def confidential(self) -> bool:
        return self.agenda_item.confidential

    @property
    def is_current(self) -> bool:
        return self.status == PaperStatus.CURRENT


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
