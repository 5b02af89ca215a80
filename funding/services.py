"""Writes for grants, spend, virements and returns. One function per write.

Each checks the permission first (``require_perm``), validates (``full_clean``) and runs in
one transaction: a refused write changes nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max, Sum
from django.utils import timezone

from partnership.models import Organisation, Partnership, User
from partnership.periods import FinancialYear
from partnership.roles import require_perm
from partnership.uploads import check_upload
from priorities.models import PerformanceMeasure, Priority

from .models import (
    AWAITING_REVIEW,
    AwardStatus,
    BudgetLine,
    FundingStream,
    GrantAward,
    GrantReturn,
    GrantReturnLine,
    Kind,
    ReturnDue,
    ReturnEvent,
    ReturnEventKind,
    ReturnStatus,
    Spend,
    Virement,
    VirementStatus,
    default_schedule,
    quarterly_schedule,
)
from .money import ZERO, money
from .selectors import LineFigures, figures_for, lines_with_figures, missing_explanations, return_lines

SCHEDULES = {"six_monthly": default_schedule, "quarterly": quarterly_schedule}


def _require_active(award: GrantAward, what: str) -> None:
    if award.status != AwardStatus.ACTIVE:
        raise ValidationError(f"This award is closed: {what}. Reopen it first if this is a correction.")


def _positive(amount: Decimal, field: str, what: str = "The amount") -> Decimal:
    amount = money(amount)
    if amount <= 0:
        raise ValidationError({field: f"{what} must be more than £0.00."})
    return amount


@transaction.atomic
def award_create(*, partnership: Partnership, by: User, stream: FundingStream, year_start: int,
                 revenue_amount: Decimal, capital_amount: Decimal, conditions: str = "",
                 variance_threshold_percent: Decimal = Decimal("10.00"),
                 schedule: str = "six_monthly", award_letter: UploadedFile | None = None
                 ) -> GrantAward:
    """Record a grant award and its return schedule (six-monthly unless said otherwise)."""
    require_perm(by, "funding.manage_awards", partnership)
    if schedule not in SCHEDULES:
        raise ValidationError({"schedule": "Choose six-monthly or quarterly returns."})
    for field, value in (("revenue_amount", revenue_amount), ("capital_amount", capital_amount)):
        if money(value) < 0:
            raise ValidationError({field: "An amount cannot be negative."})
    if GrantAward.objects.filter(partnership=partnership, stream=stream, year_start=year_start).exists():
        raise ValidationError({"year_start": f"There is already a {stream} award for "
                                             f"{FinancialYear(year_start).label}."})
    award = GrantAward(partnership=partnership, stream=stream, year_start=year_start,
                       revenue_amount=money(revenue_amount), capital_amount=money(capital_amount),
                       amount=money(revenue_amount) + money(capital_amount), conditions=conditions,
                       variance_threshold_percent=variance_threshold_percent)
    if award_letter is not None:
        checked = check_upload(award_letter)
        award.award_letter_name = checked.original_name
        award.award_letter_type = checked.content_type
        award.award_letter.save(checked.original_name, checked.file, save=False)
    try:
        award.full_clean()
        award.save()
    except Exception:
        if award.award_letter:
            award.award_letter.delete(save=False)
        raise
    for part, due_on in SCHEDULES[schedule](award.financial_year):
        ReturnDue.objects.create(award=award, part=part, due_on=due_on)
    return award


@transaction.atomic
def award_set_status(*, award: GrantAward, by: User, status: AwardStatus) -> GrantAward:
    """Close an award at the end of its life (no more spend, lines or virements), or reopen it."""
    require_perm(by, "funding.manage_awards", award.partnership)
    if status not in AwardStatus.values:
        raise ValidationError("Choose active or closed.")
    award.status = status
    award.full_clean()
    award.save(update_fields=["status"])
    return award


@transaction.atomic
def budget_line_add(*, award: GrantAward, by: User, title: str, kind: str, budget: Decimal,
                    lead_organisation: Organisation | None = None, priority: Priority | None = None,
                    profile_h1: Decimal | None = None, profile_h2: Decimal | None = None
                    ) -> BudgetLine:
    """Add a spending line; the lines of a kind may not add up to more than that kind's award."""
    require_perm(by, "funding.manage_awards", award.partnership)
    GrantAward.objects.select_for_update().filter(pk=award.pk).first()  # serialise allocation
    _require_active(award, "lines can no longer be added")
    budget = money(budget)
    if budget < 0:
        raise ValidationError({"budget": "The budget cannot be negative."})
    if kind not in Kind.values:
        raise ValidationError({"kind": "Choose capital or revenue."})
    awarded = award.amount_for(kind)
    allocated = money(BudgetLine.objects.filter(award=award, kind=kind)
                      .aggregate(s=Sum("budget"))["s"] or ZERO)
    label = Kind(kind).label.lower()
    if allocated + budget > awarded:
        raise ValidationError({"budget": (
            f"This would allocate £{allocated + budget:,.2f} of {label}, more than the award's "
            f"£{awarded:,.2f} {label}: £{awarded - allocated:,.2f} is left to allocate.")})
    if BudgetLine.objects.filter(award=award, title=title.strip(), kind=kind).exists():
        raise ValidationError({"title": f"There is already a {label} line called “{title.strip()}”."})
    order = (BudgetLine.objects.filter(award=award).aggregate(top=Max("order"))["top"] or 0) + 1
    line = BudgetLine(award=award, title=title.strip(), kind=kind, budget=budget,
                      lead_organisation=lead_organisation, priority=priority,
                      profile_h1=None if profile_h1 is None else money(profile_h1),
                      profile_h2=None if profile_h2 is None else money(profile_h2), order=order)
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def budget_line_update(*, line: BudgetLine, by: User, title: str, budget: Decimal,
                       lead_organisation: Organisation | None = None, priority: Priority | None = None,
                       profile_h1: Decimal | None = None, profile_h2: Decimal | None = None
                       ) -> BudgetLine:
    """Change a line. Its kind never changes (capital stays capital); the lines of a kind may
    still not add up to more than the award, and a budget may not drop below what is spent."""
    award = line.award
    require_perm(by, "funding.manage_awards", award.partnership)
    GrantAward.objects.select_for_update().filter(pk=award.pk).first()
    _require_active(award, "its lines can no longer be changed")
    budget = money(budget)
    if budget < 0:
        raise ValidationError({"budget": "The budget cannot be negative."})
    others = money(BudgetLine.objects.filter(award=award, kind=line.kind).exclude(pk=line.pk)
                   .aggregate(s=Sum("budget"))["s"] or ZERO)
    awarded = award.amount_for(line.kind)
    label = Kind(line.kind).label.lower()
    if others + budget > awarded:
        raise ValidationError({"budget": (
            f"This would allocate £{others + budget:,.2f} of {label}, more than the award's "
            f"£{awarded:,.2f} {label}: this line can have at most £{awarded - others:,.2f}.")})
    figures = figures_for(lines_with_figures(award=award).get(pk=line.pk))
    after = budget + (figures.budget - figures.original_budget)  # approved virements still apply
    if after < figures.spent + figures.pending_out:
        raise ValidationError({"budget": (
            f"£{figures.spent:,.2f} has been spent on this line"
            f"{f' and £{figures.pending_out:,.2f} is asked for in virements' if figures.pending_out else ''}"
            f": its budget cannot be less than that.")})
    if BudgetLine.objects.filter(award=award, title=title.strip(), kind=line.kind).exclude(
            pk=line.pk).exists():
        raise ValidationError({"title": f"There is already a {label} line called “{title.strip()}”."})
    line.title, line.budget = title.strip(), budget
    line.lead_organisation, line.priority = lead_organisation, priority
    line.profile_h1 = None if profile_h1 is None else money(profile_h1)
    line.profile_h2 = None if profile_h2 is None else money(profile_h2)
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def spend_record(*, line: BudgetLine, by: User, spent_on: datetime.date, amount: Decimal,
                 description: str, reference: str = "") -> Spend:
    """Record spend on a line. Passing the budget is allowed (the award page warns)."""
    require_perm(by, "funding.record_spend", line.award.partnership)
    _require_active(line.award, "spend can no longer be recorded")
    amount = _positive(amount, "amount")
    spend = Spend(line=line, spent_on=spent_on, amount=amount, description=description.strip(),
                  reference=reference.strip(), recorded_by=by)
    spend.full_clean()
    spend.save()
    return spend


def _locked_figures(line: BudgetLine) -> LineFigures:
    """Lock the line, then read its budget, spend and pending virements afresh."""
    BudgetLine.objects.select_for_update().filter(pk=line.pk).first()
    return figures_for(lines_with_figures(award=line.award).get(pk=line.pk))


@transaction.atomic
def virement_request(*, from_line: BudgetLine, to_line: BudgetLine, by: User, amount: Decimal,
                     reason: str) -> Virement:
    """Ask to move budget between two lines of the same kind; nothing moves until approved."""
    require_perm(by, "funding.request_virement", from_line.award.partnership)
    _require_active(from_line.award, "money can no longer be moved between its lines")
    amount = _positive(amount, "amount")
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for moving the money."})
    virement = Virement(from_line=from_line, to_line=to_line, amount=amount, reason=reason.strip(),
                        requested_by=by)
    virement.full_clean()
    available = _locked_figures(from_line).available_to_move
    if amount > available:
        raise ValidationError({"amount": (
            f"“{from_line.title}” has £{max(available, ZERO):,.2f} of remaining budget that is not "
            f"already asked for: you cannot move £{amount:,.2f}.")})
    virement.save()
    return virement


@transaction.atomic
def virement_decide(*, virement: Virement, by: User, approve: bool) -> Virement:
    """Approve (the budgets change now) or reject a pending virement."""
    require_perm(by, "funding.approve_virement", virement)
    virement = Virement.objects.select_for_update().select_related(
        "from_line__award", "to_line").get(pk=virement.pk)
    if virement.status != VirementStatus.PENDING:
        raise ValidationError(f"This virement was already {virement.get_status_display().lower()}.")
    if approve:
        _require_active(virement.from_line.award, "money can no longer be moved between its lines")
        remaining = _locked_figures(virement.from_line).remaining
        if virement.amount > remaining:
            raise ValidationError(
                f"“{virement.from_line.title}” has only £{max(remaining, ZERO):,.2f} of remaining "
                f"budget, less than the £{virement.amount:,.2f} asked for: reject this virement "
                "or ask for less.")
    virement.status = VirementStatus.APPROVED if approve else VirementStatus.REJECTED
    virement.decided_by = by
    virement.decided_at = timezone.now()
    virement.full_clean()
    virement.save()
    return virement


def _refresh_figures(grant_return: GrantReturn, lines: Sequence[GrantReturnLine]) -> None:
    """Budget after approved virements, and spend up to the end of the return's period."""
    figures = {line.pk: figures_for(line) for line in lines_with_figures(
        award=grant_return.award, spent_until=grant_return.period.ends_on)}
    for line in lines:
        current = figures[line.budget_line_id]
        line.budget, line.actual_to_date = current.budget, current.spent
        line.title, line.kind = current.line.title, current.line.kind


@transaction.atomic
def return_start(*, award: GrantAward, by: User, part: str) -> GrantReturn:
    """Start the return for a period of the award's schedule, prefilled from lines and spend."""
    require_perm(by, "funding.edit_return", award.partnership)
    GrantAward.objects.select_for_update().filter(pk=award.pk).first()
    if not ReturnDue.objects.filter(award=award, part=part).exists():
        raise ValidationError({"part": f"{part} is not a period in this award's return schedule."})
    existing = GrantReturn.objects.filter(award=award, part=part, is_current=True).first()
    if existing is not None:
        raise ValidationError({"part": (
            f"There is already a {part} {award.financial_year.label} return for this award "
            f"({existing.get_status_display().lower()}): open it instead of starting another.")})
    grant_return = GrantReturn(award=award, part=part, created_by=by)
    grant_return.full_clean()
    try:
        with transaction.atomic():
            grant_return.save()
    except IntegrityError as error:
        raise ValidationError({"part": "There is already a return for this period."}) from error
    period_end = grant_return.period.ends_on
    rows = []
    for line in lines_with_figures(award=award, spent_until=period_end):
        figures = figures_for(line)
        rows.append(GrantReturnLine(
            grant_return=grant_return, budget_line=line, kind=line.kind, title=line.title,
            budget=figures.budget, actual_to_date=figures.spent, forecast=figures.budget))
    GrantReturnLine.objects.bulk_create(rows)  # audited all the same (database triggers)
    ReturnEvent.objects.create(grant_return=grant_return, kind=ReturnEventKind.STARTED, by=by)
    return grant_return


def _notify_after_commit(grant_return_id: int) -> None:
    """Tell whoever acts next (the OPCC, or the partnership) once the change is committed."""
    from .tasks import notify_return_decision

    transaction.on_commit(lambda: notify_return_decision.delay(grant_return_id), robust=True)


def _require_editable(grant_return: GrantReturn) -> None:
    if not grant_return.is_current:
        raise ValidationError("This is an earlier revision of the return: it is kept as it was "
                              "and cannot be changed.")
    if grant_return.status == ReturnStatus.ACCEPTED:
        raise ValidationError("This return has been accepted and is locked. To correct it, start a "
                              "correction (a new revision); the accepted one is kept.")
    if grant_return.status in AWAITING_REVIEW:
        raise ValidationError("This return has been submitted and is waiting for the OPCC: it "
                              "cannot be changed unless they return it.")


@dataclass(frozen=True)
class LineEntry:
    """What people fill in for a line of a return."""

    line_id: int
    forecast: Decimal
    variance_explanation: str = ""
    outputs: str = ""
    outcomes: str = ""
    measure_ids: tuple[int, ...] = ()


@transaction.atomic
def return_update(*, grant_return: GrantReturn, by: User, summary: str,
                  entries: Sequence[LineEntry]) -> GrantReturn:
    """Save the narrative, forecasts and explanations of a draft or returned return."""
    require_perm(by, "funding.edit_return", grant_return.award.partnership)
    grant_return = GrantReturn.objects.select_for_update().select_related("award").get(
        pk=grant_return.pk)
    _require_editable(grant_return)
    lines = {line.pk: line for line in GrantReturnLine.objects.filter(grant_return=grant_return)}
    wanted = {pk for entry in entries for pk in entry.measure_ids}
    measures = {m.pk: m for m in PerformanceMeasure.objects.filter(
        pk__in=wanted, partnership_id=grant_return.award.partnership_id)}
    if wanted - set(measures):
        raise ValidationError("Choose measures of this partnership only.")
    for entry in entries:
        if entry.line_id not in lines:
            raise ValidationError("A line of this form does not belong to this return: reload the page.")
        forecast = money(entry.forecast)
        if forecast < 0:
            raise ValidationError(f"The forecast for “{lines[entry.line_id].title}” cannot be negative.")
        line = lines[entry.line_id]
        line.forecast = forecast
        line.variance_explanation = entry.variance_explanation.strip()
        line.outputs, line.outcomes = entry.outputs.strip(), entry.outcomes.strip()
    ordered = list(lines.values())
    _refresh_figures(grant_return, ordered)
    for line in ordered:
        line.full_clean()
        line.save()
    for entry in entries:
        lines[entry.line_id].measures.set([measures[pk] for pk in entry.measure_ids])
    grant_return.summary = summary.strip()
    grant_return.full_clean()
    grant_return.save(update_fields=["summary"])
    return grant_return


@transaction.atomic
def return_submit(*, grant_return: GrantReturn, by: User, no_personal_data: bool) -> GrantReturn:
    """Send the return to the OPCC: every variance over the threshold must be explained."""
    require_perm(by, "funding.edit_return", grant_return.award.partnership)
    grant_return = GrantReturn.objects.select_for_update().select_related("award").get(
        pk=grant_return.pk)
    _require_editable(grant_return)
    if not no_personal_data:
        raise ValidationError({"no_personal_data": "Confirm that the return contains no personal "
                                                   "data about service users."})
    lines = return_lines(grant_return)
    _refresh_figures(grant_return, lines)
    for line in lines:
        line.save(update_fields=["budget", "actual_to_date", "title", "kind"])
    missing = missing_explanations(grant_return, lines)
    if missing:
        threshold = grant_return.award.variance_threshold_percent
        raise ValidationError([
            f"Explain the variance on “{line.title}”: its forecast differs from its budget by "
            f"£{abs(line.variance):,.2f}, more than {threshold.normalize():f}% of the budget."
            for line in missing])
    resubmission = grant_return.status == ReturnStatus.RETURNED
    grant_return.status = ReturnStatus.RESUBMITTED if resubmission else ReturnStatus.SUBMITTED
    grant_return.no_personal_data = True
    grant_return.submitted_by, grant_return.submitted_at = by, timezone.now()
    grant_return.full_clean()
    grant_return.save()
    ReturnEvent.objects.create(
        grant_return=grant_return, by=by,
        kind=ReturnEventKind.RESUBMITTED if resubmission else ReturnEventKind.SUBMITTED)
    _notify_after_commit(grant_return.pk)
    return grant_return


@transaction.atomic
def return_review(*, grant_return: GrantReturn, by: User, accept: bool, comment: str = "") -> GrantReturn:
    """The OPCC accepts a submitted return (it is then locked) or returns it with comments."""
    require_perm(by, "funding.review_return", grant_return.award.partnership)
    grant_return = GrantReturn.objects.select_for_update().select_related("award").get(
        pk=grant_return.pk)
    if not grant_return.awaits_review:
        raise ValidationError(f"Only a submitted return can be accepted or returned; this one is "
                              f"{grant_return.get_status_display().lower()}.")
    comment = comment.strip()
    if not accept and not comment:
        raise ValidationError({"comment": "Say what needs to change before the return can be accepted."})
    grant_return.status = ReturnStatus.ACCEPTED if accept else ReturnStatus.RETURNED
    grant_return.decided_by, grant_return.decided_at = by, timezone.now()
    grant_return.review_comment = comment
    grant_return.full_clean()
    grant_return.save()
    ReturnEvent.objects.create(grant_return=grant_return, by=by, comment=comment,
                               kind=ReturnEventKind.ACCEPTED if accept else ReturnEventKind.RETURNED)
    if not accept:
        _notify_after_commit(grant_return.pk)
    return grant_return


@transaction.atomic
def return_revise(*, grant_return: GrantReturn, by: User, reason: str) -> GrantReturn:
    """Correct an accepted return: a new draft revision; the accepted one is kept unchanged."""
    require_perm(by, "funding.edit_return", grant_return.award.partnership)
    old = GrantReturn.objects.select_for_update().select_related("award").get(pk=grant_return.pk)
    if not old.is_current or old.status != ReturnStatus.ACCEPTED:
        raise ValidationError("Only the current, accepted return can be corrected.")
    if not reason.strip():
        raise ValidationError({"reason": "Say what the correction is for."})
    old.is_current = False
    old.save(update_fields=["is_current"])
    new = GrantReturn(award=old.award, part=old.part, revision=old.revision + 1, previous=old,
                      summary=old.summary, created_by=by)
    new.full_clean()
    new.save()
    copies = [GrantReturnLine(grant_return=new, budget_line_id=line.budget_line_id, kind=line.kind,
                              title=line.title, budget=line.budget,
                              actual_to_date=line.actual_to_date, forecast=line.forecast,
                              variance_explanation=line.variance_explanation,
                              outputs=line.outputs, outcomes=line.outcomes)
              for line in return_lines(old)]
    _refresh_figures(new, copies)
    old_measures = {line.budget_line_id: [m.pk for m in line.measures.all()]
                    for line in return_lines(old)}
    for copy in copies:
        copy.full_clean()
    GrantReturnLine.objects.bulk_create(copies)
    through = GrantReturnLine.measures.through
    through.objects.bulk_create([
        through(grantreturnline_id=copy.pk, performancemeasure_id=measure_id)
        for copy in copies for measure_id in old_measures.get(copy.budget_line_id, [])])
    ReturnEvent.objects.create(grant_return=new, kind=ReturnEventKind.REVISED, by=by,
                               comment=reason.strip())
    return new
