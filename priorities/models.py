"""The Community Safety Plan, its priorities, aims and performance measures, and the
strategic assessments that inform it.

Plans are versioned: a refresh is a new version (``version`` + 1, ``previous``) that stays a
draft until adopted; adopting it supersedes the earlier version, which stays readable.
Calculations on measure values (change, trend, status) live in ``priorities.calculations``.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from partnership.audit import audited
from partnership.models import Organisation, Partnership, User
from partnership.periods import FinancialYear, Period, PeriodError, year_validators

from .querysets import (
    AimQuerySet,
    AssessmentQuerySet,
    MeasureQuerySet,
    MeasureValueQuerySet,
    PlanQuerySet,
    PlanRefreshQuerySet,
    PriorityQuerySet,
    RecommendationQuerySet,
)

YEAR_VALIDATORS = year_validators()  # the one range, in partnership/periods.py


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ADOPTED = "adopted", "Adopted"
    SUPERSEDED = "superseded", "Superseded"


@audited()
class CommunitySafetyPlan(models.Model):
    """One version of the partnership's plan (e.g. 2014-17, refreshed July 2015)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE,
                                    related_name="plans")
    title = models.CharField(max_length=200)
    start_year = models.PositiveSmallIntegerField(
        validators=YEAR_VALIDATORS, help_text="First financial year, e.g. 2014 for 2014/15.")
    end_year = models.PositiveSmallIntegerField(
        validators=YEAR_VALIDATORS, help_text="Last financial year, e.g. 2016 for 2016/17.")
    version = models.PositiveSmallIntegerField(default=1)
    previous = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="next_version")
    status = models.CharField(max_length=12, choices=PlanStatus.choices,
                              default=PlanStatus.DRAFT)
    introduction = models.TextField(blank=True)
    adopted_on = models.DateField(null=True, blank=True)
    superseded_on = models.DateField(null=True, blank=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "-start_year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "start_year", "version"],
                                    name="plan_unique_version"),
            models.UniqueConstraint(fields=["partnership"], condition=Q(status="adopted"),
                                    name="plan_one_adopted"),
            models.CheckConstraint(condition=Q(end_year__gte=models.F("start_year")),
                                   name="plan_years_in_order"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"

    @property
    def first_year(self) -> FinancialYear:
        return FinancialYear(self.start_year)

    @property
    def last_year(self) -> FinancialYear:
        return FinancialYear(self.end_year)

    @property
    def years_label(self) -> str:
        return f"{self.first_year.label} to {self.last_year.label}"

    @property
    def is_adopted(self) -> bool:
        return self.status == PlanStatus.ADOPTED

    def clean(self) -> None:
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": "The last year must not be before the first."})


@audited()
class PlanRefresh(models.Model):
    """A dated refresh of a plan with a note of what changed (e.g. "Refreshed July 2015")."""

    plan = models.ForeignKey(CommunitySafetyPlan, on_delete=models.CASCADE,
                             related_name="refreshes")
    refreshed_on = models.DateField()
    note = models.TextField()

    objects = PlanRefreshQuerySet.as_manager()

    class Meta:
        ordering = ["refreshed_on", "pk"]

    def __str__(self) -> str:
        return f"Refreshed {self.refreshed_on:%B %Y}"

    @property
    def partnership(self) -> Partnership:
        return self.plan.partnership


class PriorityKind(models.TextChoices):
    OVERARCHING = "overarching", "Overarching"
    THEMATIC = "thematic", "Thematic"


class RiskLevel(models.TextChoices):
    NONE = "", "Not split by risk"
    HIGH = "high", "High risk"
    MEDIUM = "medium", "Medium risk"
    HIGH_AND_MEDIUM = "high_medium", "High and medium risk"


@audited()
class Priority(models.Model):
    plan = models.ForeignKey(CommunitySafetyPlan, on_delete=models.CASCADE,
                             related_name="priorities")
    order = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(max_length=250)
    kind = models.CharField(max_length=12, choices=PriorityKind.choices,
                            default=PriorityKind.THEMATIC)
    description = models.TextField(blank=True)
    lead_organisation = models.ForeignKey(Organisation, null=True, blank=True,
                                          on_delete=models.SET_NULL,
                                          related_name="led_priorities")
    risk_level = models.CharField(max_length=12, choices=RiskLevel.choices, blank=True,
                                  default=RiskLevel.NONE)
    carried_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="carried_to",
                                     help_text="The same priority in the previous version.")

    objects = PriorityQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "order", "pk"]
        verbose_name_plural = "priorities"
        constraints = [
            models.UniqueConstraint(fields=["plan", "title"], name="priority_unique_title"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def partnership(self) -> Partnership:
        return self.plan.partnership

    def clean(self) -> None:
        organisation = self.lead_organisation if self.lead_organisation_id else None
        if (organisation is not None and self.plan_id
                and organisation.partnership_id != self.plan.partnership_id):
            raise ValidationError({"lead_organisation": "Choose an organisation in this partnership."})


@audited()
class Aim(models.Model):
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="aims")
    order = models.PositiveSmallIntegerField(default=1)
    text = models.TextField()

    objects = AimQuerySet.as_manager()

    class Meta:
        ordering = ["priority", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def partnership(self) -> Partnership:
        return self.priority.plan.partnership


class Polarity(models.TextChoices):
    HIGHER_IS_BETTER = "higher", "Higher is better"
    LOWER_IS_BETTER = "lower", "Lower is better"


class Frequency(models.TextChoices):
    QUARTERLY = "quarterly", "Quarterly"
    ANNUAL = "annual", "Annual"


@audited()
class PerformanceMeasure(models.Model):
    """A measure the partnership watches, under a priority or partnership-wide."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE,
                                    related_name="measures")
    priority = models.ForeignKey(Priority, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="measures",
                                 help_text="Leave empty for a partnership-wide measure.")
    order = models.PositiveIntegerField(default=0)
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=60, blank=True, default="recorded offences")
    polarity = models.CharField(max_length=8, choices=Polarity.choices,
                                default=Polarity.LOWER_IS_BETTER)
    frequency = models.CharField(max_length=10, choices=Frequency.choices,
                                 default=Frequency.ANNUAL)
    data_source = models.CharField(max_length=200, blank=True)
    baseline = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    baseline_period = models.CharField(max_length=16, blank=True)
    target = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    tolerance_pct = models.DecimalField(
        max_digits=5, decimal_places=1, default=Decimal("5.0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text="How far (as % of the target) on the wrong side still counts as at risk.")
    comparator_area = models.CharField(max_length=120, blank=True,
                                       help_text="e.g. LLR (force-wide).")

    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="measure_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        priority = self.priority if self.priority_id else None
        if priority is not None and self.partnership_id \
                and priority.plan.partnership_id != self.partnership_id:
            raise ValidationError({"priority": "Choose a priority of this partnership's plan."})
        if self.baseline_period:
            try:
                self.baseline_period = Period.parse(self.baseline_period).key
            except PeriodError as error:
                raise ValidationError({"baseline_period": str(error)}) from error


class Trend(models.TextChoices):
    UP = "up", "Up"
    DOWN = "down", "Down"
    FLAT = "flat", "No change"


@audited()
class MeasureValue(models.Model):
    """A measure's figure for one period (a financial year or a quarter)."""

    measure = models.ForeignKey(PerformanceMeasure, on_delete=models.CASCADE,
                                related_name="values")
    period = models.CharField(max_length=16, help_text="Period key: 2016/17 or 2016/17-Q3.")
    period_start = models.DateField(editable=False)
    value = models.DecimalField(max_digits=14, decimal_places=2)
    comparator_value = models.DecimalField(max_digits=14, decimal_places=2, null=True,
                                           blank=True)
    # When a source report publishes only percentages and arrows (seed 004 Fig 1.1 gives the
    # force-wide change and the 2-year trends, not the figures), we keep what it stated.
    stated_comparator_change_pct = models.DecimalField(max_digits=7, decimal_places=1,
                                                       null=True, blank=True)
    stated_trend = models.CharField(max_length=4, choices=Trend.choices, blank=True)
    stated_comparator_trend = models.CharField(max_length=4, choices=Trend.choices, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = MeasureValueQuerySet.as_manager()

    class Meta:
        ordering = ["measure", "period_start", "period"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "period"], name="measure_value_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.measure}: {self.period_label} = {self.value}"

    @property
    def partnership(self) -> Partnership:
        return self.measure.partnership

    @property
    def period_obj(self) -> Period:
        return Period.parse(self.period)

    @property
    def period_label(self) -> str:
        return self.period_obj.label

    def set_period(self, period: Period) -> None:
        self.period = period.key
        self.period_start = period.starts_on

    def clean(self) -> None:
        try:
            period = self.period_obj
        except PeriodError as error:
            raise ValidationError({"period": str(error)}) from error
        if period.is_half:
            raise ValidationError({"period": "Give a financial year or a quarter, not a half."})
        self.set_period(period)


class AssessmentPeriod(models.TextChoices):
    Q1 = "Q1", "Quarter 1"
    Q2 = "Q2", "Quarter 2"
    Q3 = "Q3", "Quarter 3"
    Q4 = "Q4", "Quarter 4"
    ANNUAL = "annual", "End of year"


def assessment_upload_to(instance: StrategicAssessment, filename: str) -> str:
    from uuid import uuid4

    return f"assessments/{timezone.now():%Y/%m}/{uuid4().hex}"


@audited()
class StrategicAssessment(models.Model):
    """A quarterly or end-of-year strategic assessment, optionally on a theme."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE,
                                    related_name="strategic_assessments")
    title = models.CharField(max_length=200)
    year = models.PositiveSmallIntegerField(validators=YEAR_VALIDATORS,
                                            help_text="Financial year it covers, e.g. 2014.")
    part = models.CharField(max_length=6, choices=AssessmentPeriod.choices,
                            default=AssessmentPeriod.ANNUAL)
    theme = models.CharField(max_length=120, blank=True, help_text="e.g. Violence.")
    author_organisation = models.ForeignKey(Organisation, null=True, blank=True,
                                            on_delete=models.SET_NULL,
                                            related_name="strategic_assessments")
    due_on = models.DateField(null=True, blank=True)
    published_on = models.DateField(null=True, blank=True)
    summary = models.TextField(blank=True)
    key_findings = models.TextField(blank=True, help_text="One finding per paragraph.")
    document = models.FileField(upload_to=assessment_upload_to, max_length=255, blank=True)
    document_name = models.CharField(max_length=255, blank=True)
    document_content_type = models.CharField(max_length=100, blank=True)
    document_size = models.PositiveIntegerField(null=True, blank=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "part", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def period(self) -> Period:
        year = FinancialYear(self.year)
        return Period(year, None if self.part == AssessmentPeriod.ANNUAL else self.part)

    @property
    def period_label(self) -> str:
        if self.part == AssessmentPeriod.ANNUAL:
            return f"{FinancialYear(self.year).label} end of year"
        return self.period.label

    @property
    def is_published(self) -> bool:
        return self.published_on is not None

    def findings_list(self) -> list[str]:
        return [p.strip() for p in self.key_findings.split("\n\n") if p.strip()]

    def clean(self) -> None:
        author = self.author_organisation if self.author_organisation_id else None
        if author is not None and self.partnership_id \
                and author.partnership_id != self.partnership_id:
            raise ValidationError({"author_organisation":
                                   "Choose an organisation in this partnership."})


class RecommendationStatus(models.TextChoices):
    OPEN = "open", "Awaiting decision"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


@audited()
class Recommendation(models.Model):
    """A strategic assessment's recommendation: accepted (then turned into actions in an
    action plan, see ``actionplans``: ``Action.recommendation`` → ``.actions``) or declined
    with a reason."""

    assessment = models.ForeignKey(StrategicAssessment, on_delete=models.CASCADE,
                                   related_name="recommendations")
    order = models.PositiveSmallIntegerField(default=1)
    text = models.TextField()
    priority = models.ForeignKey(Priority, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="recommendations")
    status = models.CharField(max_length=10, choices=RecommendationStatus.choices,
                              default=RecommendationStatus.OPEN)
    decline_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_on = models.DateField(null=True, blank=True)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["assessment", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="recommendation_decline_has_reason"),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def partnership(self) -> Partnership:
        return self.assessment.partnership

    def clean(self) -> None:
        if self.status == RecommendationStatus.DECLINED and not self.decline_reason.strip():
            raise ValidationError({"decline_reason": "Give the reason for declining."})
        priority = self.priority if self.priority_id else None
        if priority is not None and self.assessment_id \
                and priority.plan.partnership_id != self.assessment.partnership_id:
            raise ValidationError({"priority": "Choose a priority of this partnership's plan."})
