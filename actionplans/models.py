"""Action plans, their actions, reporting periods and the lead officers' quarterly updates."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from partnership.audit import audited
from partnership.models import Meeting, Organisation, Partnership, SubGroup, User
from partnership.periods import FinancialYear, Period, year_validators

from .querysets import (
    ActionPlanQuerySet,
    ActionQuerySet,
    ActionUpdateQuerySet,
    ExtensionRequestQuerySet,
    ReportingPeriodQuerySet,
)
from .rag import ActionStatus, Rag, is_overdue
from .states import UPDATE_WORKFLOW, UpdateState

YEAR_VALIDATORS = year_validators()  # the one range, in partnership/periods.py


@audited()
class ReportingPeriod(models.Model):
    """A financial-year quarter of one partnership, with the deadline for updates."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE,
                                    related_name="reporting_periods")
    period = models.CharField(max_length=16, help_text="Quarter key, e.g. 2015/16-Q3.")
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+",
                                help_text="The Partnership meeting the updates go to.")
    deadline = models.DateField(help_text="By default ten working days before the meeting.")

    objects = ReportingPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "period"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "period"],
                                    name="reporting_period_unique"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def period_obj(self) -> Period:
        return Period.parse(self.period.replace("-", " "))

    @property
    def label(self) -> str:
        return self.period_obj.label

    def clean(self) -> None:
        try:
            period = self.period_obj
        except ValueError as error:
            raise ValidationError({"period": str(error)}) from error
        if not period.is_quarter:
            raise ValidationError({"period": "A reporting period is a quarter, e.g. 2015/16 Q3."})
        self.period = period.key


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    LIVE = "live", "Live"
    CLOSED = "closed", "Closed"


class OwnerKind(models.TextChoices):
    PRIORITY = "priority", "Priority"
    GROUP = "group", "Task and finish group"
    REVIEW = "review", "Domestic Homicide Review"


@audited()
class ActionPlan(models.Model):
    """The plan for one year of a priority, a task-and-finish group or a DHR review.

    Exactly one owner (a CheckConstraint): ``priority`` for a priority, ``group`` for a
    task-and-finish group; a review's plan has neither (the review points at its plan).
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE,
                                    related_name="action_plans")
    year = models.PositiveSmallIntegerField(validators=YEAR_VALIDATORS,
                                            help_text="Financial year, e.g. 2015 for 2015/16.")
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=8, choices=PlanStatus.choices, default=PlanStatus.LIVE)
    owner_kind = models.CharField(max_length=10, choices=OwnerKind.choices,
                                  default=OwnerKind.PRIORITY)
    priority = models.ForeignKey("priorities.Priority", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="action_plans")
    group = models.ForeignKey(SubGroup, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="action_plans")
    reference_prefix = models.CharField(max_length=10, blank=True,
                                        help_text="e.g. P2: actions are numbered P2.1, P2.2…")

    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "-year", "reference_prefix", "title"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(owner_kind="priority", priority__isnull=False, group__isnull=True)
                           | Q(owner_kind="group", priority__isnull=True, group__isnull=False)
                           | Q(owner_kind="review", priority__isnull=True, group__isnull=True)),
                name="action_plan_exactly_one_owner"),
            models.UniqueConstraint(fields=["partnership", "year", "title"],
                                    name="action_plan_unique_title"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year_label})"

    @property
    def year_label(self) -> str:
        return FinancialYear(self.year).label

    @property
    def owner_label(self) -> str:
        if self.priority_id:
            return str(self.priority)
        if self.group_id:
            return str(self.group)
        return OwnerKind(self.owner_kind).label

    def clean(self) -> None:
        if self.priority is not None and self.partnership_id \
                and self.priority.plan.partnership_id != self.partnership_id:
            raise ValidationError({"priority": "Choose a priority of this partnership."})
        if self.group is not None and self.partnership_id \
                and self.group.partnership_id != self.partnership_id:
            raise ValidationError({"group": "Choose a group of this partnership."})


@audited()
class Action(models.Model):
    """One action of a plan, with a lead officer and timescales.

    ``derived_rag`` follows the rule in :mod:`actionplans.rag`; ``rag`` is what is shown:
    the derived one, unless the coordinator overrode it with a reason.
    """

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+",
                                    help_text="The plan's partnership (kept for fast lookups).")
    reference = models.CharField(max_length=20)
    description = models.TextField()
    lead_officer = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="led_actions")
    lead_organisation = models.ForeignKey(Organisation, null=True, blank=True,
                                          on_delete=models.SET_NULL, related_name="led_actions")
    supporting_organisations = models.ManyToManyField(Organisation, blank=True,
                                                      related_name="supported_actions")
    start_on = models.DateField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True)
    measures = models.ManyToManyField("priorities.PerformanceMeasure", blank=True,
                                      related_name="actions")
    recommendation = models.ForeignKey("priorities.Recommendation", null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="actions")
    status = models.CharField(max_length=12, choices=ActionStatus.choices,
                              default=ActionStatus.NOT_STARTED)
    percent_complete = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(100)],
        help_text="From the latest accepted update.")
    derived_rag = models.CharField(max_length=5, choices=Rag.choices, default=Rag.GREEN)
    rag_override = models.CharField(max_length=5, choices=Rag.choices, blank=True)
    rag_override_reason = models.TextField(blank=True)
    rag = models.CharField("RAG", max_length=5, choices=Rag.choices, default=Rag.GREEN)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "reference", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "reference"],
                                    name="action_unique_reference"),
            models.CheckConstraint(condition=Q(rag_override="") | ~Q(rag_override_reason=""),
                                   name="action_override_has_reason"),
            models.CheckConstraint(
                condition=Q(rag=models.F("derived_rag"), rag_override="")
                | (~Q(rag_override="") & Q(rag=models.F("rag_override"))),
                name="action_rag_shown_is_override_or_derived"),
            models.CheckConstraint(condition=Q(percent_complete__lte=100),
                                   name="action_percent_at_most_100"),
        ]
        indexes = [models.Index(fields=["lead_officer", "status"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.description[:60]}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("actionplans:action", args=[self.partnership.slug, self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)

    @property
    def is_overdue(self) -> bool:
        return is_overdue(status=self.status, due_on=self.due_on, today=timezone.localdate())

    def clean(self) -> None:
        errors = {}
        if self.plan_id and self.partnership_id and self.plan.partnership_id != self.partnership_id:
            errors["plan"] = "Choose a plan of this partnership."
        if self.start_on and self.due_on and self.due_on < self.start_on:
            errors["due_on"] = "The due date must be on or after the start date."
        if self.lead_organisation is not None \
                and self.lead_organisation.partnership_id != self.partnership_id:
            errors["lead_organisation"] = "Choose an organisation in this partnership."
        if self.rag_override and not self.rag_override_reason.strip():
            errors["rag_override_reason"] = "Give the reason for overriding the RAG rating."
        if errors:
            raise ValidationError(errors)


def evidence_upload_to(instance: ActionUpdate, filename: str) -> str:
    from uuid import uuid4

    return f"action-evidence/{timezone.now():%Y/%m}/{uuid4().hex}"


@audited()
class ActionUpdate(models.Model):
    """A lead officer's update on one action for one reporting period."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="updates")
    progress = models.TextField("progress this quarter")
    percent_complete = models.PositiveSmallIntegerField(validators=[MaxValueValidator(100)])
    proposed_rag = models.CharField("proposed RAG", max_length=5, choices=Rag.choices,
                                    blank=True)  # a draft may have none yet
    proposed_status = models.CharField(max_length=12, choices=ActionStatus.choices,
                                       default=ActionStatus.IN_PROGRESS)
    evidence = models.FileField(upload_to=evidence_upload_to, max_length=255, blank=True)
    evidence_name = models.CharField(max_length=255, blank=True)
    evidence_content_type = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=12, choices=UpdateState.choices, default=UpdateState.DRAFT)
    submitted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ActionUpdateQuerySet.as_manager()
    workflow = UPDATE_WORKFLOW

    class Meta:
        ordering = ["-period__period", "action"]
        constraints = [
            models.UniqueConstraint(fields=["action", "period"], name="action_update_one_per_period"),
            models.CheckConstraint(condition=Q(percent_complete__lte=100),
                                   name="action_update_percent_at_most_100"),
            models.CheckConstraint(condition=~Q(state="returned") | ~Q(review_comment=""),
                                   name="action_update_return_has_comment"),
        ]

    def __str__(self) -> str:
        return f"{self.action.reference} {self.period}"

    @property
    def partnership(self) -> Partnership:
        return self.action.partnership

    def clean(self) -> None:
        if self.period_id and self.action_id and self.period.partnership_id != self.action.partnership_id:
            raise ValidationError({"period": "Choose a reporting period of this partnership."})


@audited()
class UpdateStep(models.Model):
    """The history of an update: each state change with who, when and any comment."""

    update = models.ForeignKey(ActionUpdate, on_delete=models.CASCADE, related_name="steps")
    from_state = models.CharField(max_length=12, choices=UpdateState.choices, blank=True)
    to_state = models.CharField(max_length=12, choices=UpdateState.choices)
    by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_state or 'new'} → {self.to_state}"


@audited()
class ActionChange(models.Model):
    """Who changed an action's due date, lead officer or RAG, when and why."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(max_length=20)
    old_value = models.CharField(max_length=200, blank=True)
    new_value = models.CharField(max_length=200, blank=True)
    reason = models.TextField(blank=True)
    by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]

    LABELS = {"due_on": "Due date", "lead_officer": "Lead officer", "rag": "RAG rating",
              "status": "Status", "start_on": "Start date"}

    def __str__(self) -> str:
        return f"{self.field_label}: {self.old_value} → {self.new_value}"

    @property
    def field_label(self) -> str:
        """The field as people call it ("Due date"), not its name in the code."""
        return self.LABELS.get(self.field, self.field.replace("_", " ").capitalize())


class ExtensionState(models.TextChoices):
    PENDING = "pending", "Waiting for a decision"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"


@audited()
class ExtensionRequest(models.Model):
    """A lead officer asks for more time on an action; the coordinator approves (the due date
    moves, logged in the action's change log) or declines."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="extensions")
    requested_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    current_due_on = models.DateField("due date when asked", null=True, blank=True)
    proposed_due_on = models.DateField("proposed due date")
    reason = models.TextField()
    state = models.CharField(max_length=10, choices=ExtensionState.choices,
                             default=ExtensionState.PENDING)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField(blank=True)

    objects = ExtensionRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["action"], condition=Q(state="pending"),
                                    name="extension_one_pending_per_action"),
        ]

    def __str__(self) -> str:
        return f"Extension of {self.action.reference} to {self.proposed_due_on:%d/%m/%Y}"

    @property
    def partnership(self) -> Partnership:
        return self.action.partnership
