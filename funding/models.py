"""Grants: funding streams, awards, budget lines, spend, virements and six-monthly returns.

All money is ``DecimalField(max_digits=12, decimal_places=2)`` (see :mod:`funding.money`).
Capital and revenue are kept apart: a line is one or the other, and so is every total.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from partnership.audit import audited
from partnership.periods import FinancialYear, Period, year_validators
from partnership.workflow import Workflow

from .money import MAX_DIGITS, ZERO
from .querysets import (
    BudgetLineQuerySet,
    GrantAwardQuerySet,
    GrantReturnLineQuerySet,
    GrantReturnQuerySet,
    ReturnDueQuerySet,
    SpendQuerySet,
    VirementQuerySet,
)

if TYPE_CHECKING:
    from partnership.models import Partnership


def money_field(verbose_name: str, **kwargs: object) -> models.DecimalField:  # type: ignore[type-arg]
    return models.DecimalField(verbose_name, max_digits=MAX_DIGITS, decimal_places=2, **kwargs)  # type: ignore[arg-type]


class Kind(models.TextChoices):
    REVENUE = "revenue", "Revenue"
    CAPITAL = "capital", "Capital"


@audited()
class FundingStream(models.Model):
    """A source of grant money, e.g. the PCC's Community Safety Fund."""

    name = models.CharField(max_length=200, unique=True)
    awarding_body = models.CharField(max_length=200,
                                     help_text="For example, the Police and Crime Commissioner "
                                               "for Cambridgeshire.")
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AwardStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


def award_letter_upload_to(instance: GrantAward, filename: str) -> str:
    from uuid import uuid4

    return f"award-letters/{timezone.now():%Y/%m}/{uuid4().hex}"


@audited()
class GrantAward(models.Model):
    """A grant to a partnership for one financial year, split into capital and revenue."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE,
                                    related_name="grant_awards")
    stream = models.ForeignKey(FundingStream, on_delete=models.PROTECT, related_name="awards")
    year_start = models.PositiveSmallIntegerField(
        "financial year", validators=year_validators(),
        help_text="The calendar year the financial year starts in: 2015 for 2015/16.")
    revenue_amount = money_field("revenue", default=ZERO)
    capital_amount = money_field("capital", default=ZERO)
    amount = money_field("total award")
    conditions = models.TextField(blank=True)
    variance_threshold_percent = models.DecimalField(
        "variance threshold (%)", max_digits=5, decimal_places=2, default=Decimal("10.00"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text="A return must explain any line whose forecast differs from its budget by more "
                  "than this percentage of the budget.")
    award_letter = models.FileField(upload_to=award_letter_upload_to, max_length=255, blank=True)
    award_letter_name = models.CharField(max_length=255, blank=True)
    award_letter_type = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=10, choices=AwardStatus.choices, default=AwardStatus.ACTIVE)
    created_at = models.DateTimeField(default=timezone.now)

    objects = GrantAwardQuerySet.as_manager()

    class Meta:
        ordering = ["-year_start", "stream__name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "stream", "year_start"],
                                    name="award_one_per_stream_and_year"),
            models.CheckConstraint(condition=Q(revenue_amount__gte=0) & Q(capital_amount__gte=0),
                                   name="award_amounts_not_negative"),
            models.CheckConstraint(condition=Q(amount=F("revenue_amount") + F("capital_amount")),
                                   name="award_total_is_capital_plus_revenue"),
        ]

    def __str__(self) -> str:
        return f"{self.stream} {self.financial_year.label}"

    @property
    def financial_year(self) -> FinancialYear:
        return FinancialYear(self.year_start)

    def amount_for(self, kind: str) -> Decimal:
        return self.capital_amount if kind == Kind.CAPITAL else self.revenue_amount

    def clean(self) -> None:
        if self.revenue_amount is not None and self.capital_amount is not None:
            self.amount = self.revenue_amount + self.capital_amount
            if self.amount <= 0:
                raise ValidationError("An award needs a capital or revenue amount above £0.00.")


def default_schedule(year: FinancialYear) -> list[tuple[str, datetime.date]]:
    """Six-monthly by default: H1 (April to September) due 31 October, H2 (October to March) due 30 April."""
    return [("H1", datetime.date(year.start_year, 10, 31)),
            ("H2", datetime.date(year.start_year + 1, 4, 30))]


def quarterly_schedule(year: FinancialYear) -> list[tuple[str, datetime.date]]:
    """Quarterly: due a month after each quarter ends."""
    return [("Q1", datetime.date(year.start_year, 7, 31)),
            ("Q2", datetime.date(year.start_year, 10, 31)),
            ("Q3", datetime.date(year.start_year + 1, 1, 31)),
            ("Q4", datetime.date(year.start_year + 1, 4, 30))]


class PeriodPart(models.TextChoices):
    H1 = "H1", "H1 (April to September)"
    H2 = "H2", "H2 (October to March)"
    Q1 = "Q1", "Q1 (April to June)"
    Q2 = "Q2", "Q2 (July to September)"
    Q3 = "Q3", "Q3 (October to December)"
    Q4 = "Q4", "Q4 (January to March)"


@audited()
class ReturnDue(models.Model):
    """One period of an award's return schedule and when its return is due."""

    award = models.ForeignKey(GrantAward, on_delete=models.CASCADE, related_name="schedule")
    part = models.CharField("period", max_length=2, choices=PeriodPart.choices)
    due_on = models.DateField()

    objects = ReturnDueQuerySet.as_manager()

    class Meta:
        ordering = ["due_on"]
        constraints = [
            models.UniqueConstraint(fields=["award", "part"], name="return_due_unique_period"),
        ]

    def __str__(self) -> str:
        return f"{self.period.label} due {self.due_on:%d %B %Y}"

    @property
    def period(self) -> Period:
        return Period(FinancialYear(self.award.year_start), self.part)

    @property
    def partnership(self) -> Partnership:
        return self.award.partnership


@audited()
class BudgetLine(models.Model):
    """A spending line of an award: capital or revenue, never both."""

    award = models.ForeignKey(GrantAward, on_delete=models.CASCADE, related_name="lines")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.REVENUE)
    lead_organisation = models.ForeignKey("partnership.Organisation", null=True, blank=True,
                                          on_delete=models.SET_NULL, related_name="budget_lines")
    priority = models.ForeignKey("priorities.Priority", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="budget_lines",
                                 help_text="The Community Safety Plan priority this line serves.")
    budget = money_field("budget", validators=[MinValueValidator(ZERO)])
    profile_h1 = money_field("H1 profile", null=True, blank=True,
                             validators=[MinValueValidator(ZERO)],
                             help_text="Optional: planned spend April to September.")
    profile_h2 = money_field("H2 profile", null=True, blank=True,
                             validators=[MinValueValidator(ZERO)],
                             help_text="Optional: planned spend October to March.")
    order = models.PositiveIntegerField(default=0)

    objects = BudgetLineQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["award", "title", "kind"], name="budget_line_unique_title"),
            models.CheckConstraint(condition=Q(budget__gte=0), name="budget_line_budget_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_kind_display().lower()})"

    @property
    def partnership(self) -> Partnership:
        return self.award.partnership

    def clean(self) -> None:
        if (self.profile_h1 is None) != (self.profile_h2 is None):
            raise ValidationError({"profile_h2": "Give both half-year profiles, or neither."})
        if self.profile_h1 is not None and self.profile_h2 is not None and self.budget is not None \
                and self.profile_h1 + self.profile_h2 != self.budget:
            raise ValidationError({"profile_h2": f"The H1 and H2 profiles must add up to the budget "
                                                 f"(£{self.budget:,.2f})."})
        organisation = self.lead_organisation if self.lead_organisation_id else None
        if (organisation is not None and self.award_id
                and organisation.partnership_id != self.award.partnership_id):
            raise ValidationError({"lead_organisation": "Choose an organisation in this partnership."})
        priority = self.priority if self.priority_id else None
        if (priority is not None and self.award_id
                and priority.plan.partnership_id != self.award.partnership_id):
            raise ValidationError({"priority": "Choose a priority of this partnership's plan."})


@audited()
class Spend(models.Model):
    """Money spent against a budget line. Refunds and corrections are not negative spend."""

    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="spend")
    spent_on = models.DateField("date")
    amount = money_field("amount", validators=[MinValueValidator(Decimal("0.01"))])
    description = models.CharField(max_length=300)
    reference = models.CharField(max_length=100, blank=True,
                                 help_text="Invoice or purchase order number.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = SpendQuerySet.as_manager()

    class Meta:
        ordering = ["spent_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="spend_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"£{self.amount:,.2f} on {self.spent_on:%d %b %Y}: {self.description}"

    @property
    def partnership(self) -> Partnership:
        return self.line.award.partnership

    def clean(self) -> None:
        if self.line_id and self.spent_on:
            year = self.line.award.financial_year
            if not year.contains(self.spent_on):
                raise ValidationError({"spent_on": f"The date must be in the award's financial year "
                                                   f"{year.label} (1 April {year.start_year} to "
                                                   f"31 March {year.start_year + 1})."})


class VirementStatus(models.TextChoices):
    PENDING = "pending", "Waiting for approval"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


@audited()
class Virement(models.Model):
    """Moving budget from one line to another. Until approved it changes nothing."""

    from_line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="virements_out")
    to_line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="virements_in")
    amount = money_field("amount", validators=[MinValueValidator(Decimal("0.01"))])
    reason = models.TextField()
    status = models.CharField(max_length=10, choices=VirementStatus.choices,
                              default=VirementStatus.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = VirementQuerySet.as_manager()

    class Meta:
        ordering = ["requested_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="virement_amount_positive"),
            models.CheckConstraint(condition=~Q(from_line=F("to_line")), name="virement_two_lines"),
        ]

    def __str__(self) -> str:
        return f"£{self.amount:,.2f} from {self.from_line.title} to {self.to_line.title}"

    @property
    def partnership(self) -> Partnership:
        return self.from_line.award.partnership

    def clean(self) -> None:
        if not (self.from_line_id and self.to_line_id):
            return
        if self.from_line_id == self.to_line_id:
            raise ValidationError({"to_line": "Choose a different line to move the money to."})
        if self.from_line.award_id != self.to_line.award_id:
            raise ValidationError({"to_line": "Both lines must belong to the same award."})
        if self.from_line.kind != self.to_line.kind:
            raise ValidationError({"to_line": "Capital and revenue cannot be mixed: move money "
                                              "between two capital lines or two revenue lines."})


class ReturnStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned for changes"
    RESUBMITTED = "resubmitted", "Resubmitted"
    ACCEPTED = "accepted", "Accepted"


R = ReturnStatus
# A return's life, on the shared machinery (partnership/workflow.py): draft → submitted →
# accepted, or returned (for changes) → resubmitted. An accepted return is corrected by a new
# revision (return_revise), not by a move.
RETURN_WORKFLOW = Workflow(
    states=ReturnStatus,
    noun="A return",
    transitions={
        R.DRAFT: {R.SUBMITTED},
        R.SUBMITTED: {R.ACCEPTED, R.RETURNED},
        R.RETURNED: {R.RESUBMITTED},
        R.RESUBMITTED: {R.ACCEPTED, R.RETURNED},
        R.ACCEPTED: set(),
    },
    groups={
        "editable": {R.DRAFT, R.RETURNED},
        "awaiting_review": {R.SUBMITTED, R.RESUBMITTED},
        "sent_back": {R.RETURNED},
        "final": {R.ACCEPTED},
        "sent": {R.SUBMITTED, R.RETURNED, R.RESUBMITTED, R.ACCEPTED},  # the OPCC sees these
        "not_sent": {R.DRAFT},
    },
    tags={"final": "govuk-tag--green", "sent_back": "govuk-tag--orange",
          "awaiting_review": "govuk-tag--blue", "not_sent": "govuk-tag--grey"},
)


@audited()
class GrantReturn(models.Model):
    """The progress and financial monitoring return of an award for one period.

    One current return per award and period; a correction to an accepted return is a new
    revision, and the accepted one is kept (``is_current`` False).
    """

    award = models.ForeignKey(GrantAward, on_delete=models.CASCADE, related_name="returns")
    part = models.CharField("period", max_length=2, choices=PeriodPart.choices)
    revision = models.PositiveSmallIntegerField(default=1)
    is_current = models.BooleanField(default=True)
    previous = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="correction")
    status = models.CharField(max_length=12, choices=ReturnStatus.choices, default=ReturnStatus.DRAFT)
    summary = models.TextField("overall progress", blank=True)
    no_personal_data = models.BooleanField(
        default=False, help_text="Confirmed: no personal data about service users.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(blank=True)

    objects = GrantReturnQuerySet.as_manager()
    workflow = RETURN_WORKFLOW
    state_field = "status"

    class Meta:
        ordering = ["award", "part", "revision"]
        constraints = [
            models.UniqueConstraint(fields=["award", "part", "revision"], name="return_unique_revision"),
            models.UniqueConstraint(fields=["award", "part"], condition=Q(is_current=True),
                                    name="return_one_current_per_period"),
        ]

    def __str__(self) -> str:
        label = f"{self.award} {self.part} return"
        return f"{label} (revision {self.revision})" if self.revision > 1 else label

    @property
    def partnership(self) -> Partnership:
        return self.award.partnership

    @property
    def period(self) -> Period:
        return Period(FinancialYear(self.award.year_start), self.part)

    @property
    def is_editable(self) -> bool:
        return self.is_current and RETURN_WORKFLOW.is_in(self.status, "editable")

    @property
    def is_locked(self) -> bool:
        return RETURN_WORKFLOW.is_in(self.status, "final") or not self.is_current

    @property
    def awaits_review(self) -> bool:
        return self.is_current and RETURN_WORKFLOW.is_in(self.status, "awaiting_review")


@audited()
class GrantReturnLine(models.Model):
    """One budget line in a return: its progress narrative and financial monitoring figures."""

    grant_return = models.ForeignKey(GrantReturn, on_delete=models.CASCADE, related_name="lines")
    budget_line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="return_lines")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=200)
    budget = money_field("budget")
    actual_to_date = money_field("actual to date")
    forecast = money_field("forecast outturn", validators=[MinValueValidator(ZERO)])
    variance_explanation = models.TextField(blank=True)
    outputs = models.TextField(blank=True)
    outcomes = models.TextField(blank=True)
    measures = models.ManyToManyField("priorities.PerformanceMeasure", blank=True,
                                      related_name="grant_return_lines",
                                      verbose_name="linked measures")

    objects = GrantReturnLineQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "budget_line__order", "budget_line_id"]
        constraints = [
            models.UniqueConstraint(fields=["grant_return", "budget_line"], name="return_line_unique"),
            models.CheckConstraint(condition=Q(forecast__gte=0), name="return_line_forecast_not_negative"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def partnership(self) -> Partnership:
        return self.grant_return.award.partnership

    @property
    def variance(self) -> Decimal:
        """Forecast outturn minus budget: negative is an underspend, positive an overspend."""
        return self.forecast - self.budget


class ReturnEventKind(models.TextChoices):
    STARTED = "started", "Started"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned for changes"
    RESUBMITTED = "resubmitted", "Resubmitted"
    ACCEPTED = "accepted", "Accepted"
    REVISED = "revised", "Correction started"


@audited()
class ReturnEvent(models.Model):
    """The history of a return: who did what, when, with the OPCC's comments."""

    grant_return = models.ForeignKey(GrantReturn, on_delete=models.CASCADE, related_name="history")
    kind = models.CharField(max_length=12, choices=ReturnEventKind.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                           related_name="+")
    at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%d %b %Y}"
