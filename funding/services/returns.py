"""Grant returns: start, edit, submit, review (accept or return) and revise."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from partnership.access import lock
from partnership.models import User
from partnership.roles import require_perm
from priorities.models import PerformanceMeasure

from ..models import (
    RETURN_WORKFLOW,
    GrantAward,
    GrantReturn,
    GrantReturnLine,
    ReturnDue,
    ReturnEvent,
    ReturnEventKind,
    ReturnStatus,
)
from ..money import money
from ..selectors import figures_for, lines_with_figures, missing_explanations, return_lines


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
    lock(award)  # one return per period: serialise starts
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
    from ..tasks import notify_return_decision

    transaction.on_commit(lambda: notify_return_decision.delay(grant_return_id), robust=True)


def _require_editable(grant_return: GrantReturn) -> None:
    if not grant_return.is_current:
        raise ValidationError("This is an earlier revision of the return: it is kept as it was "
                              "and cannot be changed.")
    if RETURN_WORKFLOW.is_in(grant_return.status, "final"):
        raise ValidationError("This return has been accepted and is locked. To correct it, start a "
                              "correction (a new revision); the accepted one is kept.")
    if RETURN_WORKFLOW.is_in(grant_return.status, "awaiting_review"):
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


def _set_line_measures(lines: dict[int, GrantReturnLine], wanted: dict[int, set[int]]) -> None:
    """Each line's measures become ``wanted[line_id]``: three queries for the whole return
    (what is linked now, the links removed, the links added), not a ``.set()`` per line."""
    through = GrantReturnLine.measures.through
    have: dict[int, set[int]] = {line_id: set() for line_id in wanted}
    for line_id, measure_id in through.objects.filter(grantreturnline_id__in=list(wanted)) \
            .values_list("grantreturnline_id", "performancemeasure_id"):
        have[line_id].add(measure_id)
    removed = [(line_id, pk) for line_id, pks in have.items() for pk in pks - wanted[line_id]]
    if removed:
        gone = Q()
        for line_id, pk in removed:
            gone |= Q(grantreturnline_id=line_id, performancemeasure_id=pk)
        through.objects.filter(gone).delete()
    through.objects.bulk_create([
        through(grantreturnline_id=line_id, performancemeasure_id=pk)
        for line_id, pks in wanted.items() for pk in sorted(pks - have[line_id])])
    for line_id in wanted:  # drop what the lines had prefetched, if anything
        getattr(lines[line_id], "_prefetched_objects_cache", {}).pop("measures", None)


@transaction.atomic
def return_update(*, grant_return: GrantReturn, by: User, summary: str,
                  entries: Sequence[LineEntry]) -> GrantReturn:
    """Save the narrative, forecasts and explanations of a draft or returned return."""
    require_perm(by, "funding.edit_return", grant_return.award.partnership)
    grant_return = GrantReturn.objects.select_for_update(of=("self",)).select_related("award").get(
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
    _set_line_measures(lines, {entry.line_id: set(entry.measure_ids) for entry in entries})
    grant_return.summary = summary.strip()
    grant_return.full_clean()
    grant_return.save(update_fields=["summary"])
    return grant_return


@dataclass(frozen=True)
class SubmitProblem:
    message: str
    field: str  # "no_personal_data" or "variance_explanation"
    line_id: int | None = None  # the return line to explain


class ReturnNotReady(ValidationError):
    """Every reason the return cannot be submitted yet, at once (``problems``)."""

    def __init__(self, problems: Sequence[SubmitProblem]) -> None:
        super().__init__([problem.message for problem in problems])
        self.problems = list(problems)


DECLARATION_MISSING = "Confirm that the return contains no personal data about service users."


@transaction.atomic
def return_submit(*, grant_return: GrantReturn, by: User, no_personal_data: bool) -> GrantReturn:
    """Send the return to the OPCC: the declaration given and every variance over the
    threshold explained. Raises ReturnNotReady naming every problem at once."""
    require_perm(by, "funding.edit_return", grant_return.award.partnership)
    grant_return = GrantReturn.objects.select_for_update(of=("self",)).select_related("award").get(
        pk=grant_return.pk)
    _require_editable(grant_return)
    problems: list[SubmitProblem] = []
    if not no_personal_data:
        problems.append(SubmitProblem(DECLARATION_MISSING, "no_personal_data"))
    lines = return_lines(grant_return)
    _refresh_figures(grant_return, lines)
    for line in lines:
        line.save(update_fields=["budget", "actual_to_date", "title", "kind"])
    threshold = grant_return.award.variance_threshold_percent
    problems += [SubmitProblem(
        f"Explain the variance on “{line.title}”: its forecast differs from its budget by "
        f"£{abs(line.variance):,.2f}, more than {threshold.normalize():f}% of the budget.",
        "variance_explanation", line.pk) for line in missing_explanations(grant_return, lines)]
    if problems:
        raise ReturnNotReady(problems)
    resubmission = RETURN_WORKFLOW.is_in(grant_return.status, "sent_back")
    target = ReturnStatus.RESUBMITTED if resubmission else ReturnStatus.SUBMITTED
    RETURN_WORKFLOW.check(grant_return.status, target)
    grant_return.status = target
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
    grant_return = GrantReturn.objects.select_for_update(of=("self",)).select_related("award").get(
        pk=grant_return.pk)
    if not grant_return.awaits_review:
        raise ValidationError(f"Only a submitted return can be accepted or returned; this one is "
                              f"{grant_return.get_status_display().lower()}.")
    comment = comment.strip()
    if not accept and not comment:
        raise ValidationError({"comment": "Say what needs to change before the return can be accepted."})
    target = ReturnStatus.ACCEPTED if accept else ReturnStatus.RETURNED
    RETURN_WORKFLOW.check(grant_return.status, target)
    grant_return.status = target
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
    old = GrantReturn.objects.select_for_update(of=("self",)).select_related("award").get(pk=grant_return.pk)
    if not old.is_current or not RETURN_WORKFLOW.is_in(old.status, "final"):
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
