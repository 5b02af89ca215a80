"""Writes for the plan, measures, values and strategic assessments. One function per write."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from import_export.results import RowResult

from partnership import staging
from partnership.models import Organisation, Partnership, User
from partnership.periods import Period
from partnership.roles import require_perm
from partnership.uploads import check_upload

from .imports import ImportOutcome, MeasureFile, RowError, file_warnings, read_file
from .models import (
    Aim,
    AssessmentPeriod,
    CommunitySafetyPlan,
    MeasureValue,
    PerformanceMeasure,
    PlanRefresh,
    PlanStatus,
    Priority,
    Recommendation,
    RecommendationStatus,
    StrategicAssessment,
)
from .resources import MeasureValueResource


def _save(obj: Any) -> Any:
    obj.full_clean()
    obj.save()
    return obj


# Plans ---------------------------------------------------------------------------------------

@transaction.atomic
def plan_create(*, partnership: Partnership, by: User, title: str, start_year: int,
                end_year: int, introduction: str = "") -> CommunitySafetyPlan:
    require_perm(by, "priorities.manage_plan", partnership)
    if CommunitySafetyPlan.objects.filter(partnership=partnership, start_year=start_year,
                                          version=1).exists():
        raise ValidationError({"start_year": "There is already a plan starting in that year: "
                                             "refresh it instead."})
    return _save(CommunitySafetyPlan(partnership=partnership, title=title, start_year=start_year,
                                     end_year=end_year, introduction=introduction))


@transaction.atomic
def plan_update(*, plan: CommunitySafetyPlan, by: User, title: str, start_year: int,
                end_year: int, introduction: str) -> CommunitySafetyPlan:
    require_perm(by, "priorities.manage_plan", plan.partnership)
    if plan.status == PlanStatus.SUPERSEDED:
        raise ValidationError("A superseded version cannot be changed: it is kept as it was.")
    plan.title, plan.start_year, plan.end_year, plan.introduction = (
        title, start_year, end_year, introduction)
    return _save(plan)


@transaction.atomic
def plan_adopt(*, plan: CommunitySafetyPlan, by: User,
               on: datetime.date | None = None) -> CommunitySafetyPlan:
    """Adopt a draft: the adopted version it refreshes is superseded (and stays readable);
    measures move to the new version's matching priorities."""
    require_perm(by, "priorities.manage_plan", plan.partnership)
    plan = CommunitySafetyPlan.objects.select_for_update(of=("self",)).get(pk=plan.pk)
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError("Only a draft can be adopted.")
    on = on or timezone.localdate()
    current = (CommunitySafetyPlan.objects.select_for_update(of=("self",))
               .filter(partnership=plan.partnership, status=PlanStatus.ADOPTED).first())
    if current is not None:
        current.status = PlanStatus.SUPERSEDED
        current.superseded_on = on
        _save(current)
        for priority in plan.priorities.filter(carried_from__plan=current):
            PerformanceMeasure.objects.filter(priority=priority.carried_from).update(
                priority=priority)
    plan.status = PlanStatus.ADOPTED
    plan.adopted_on = on
    return _save(plan)


@transaction.atomic
def plan_refresh(*, plan: CommunitySafetyPlan, by: User, refreshed_on: datetime.date,
                 note: str) -> CommunitySafetyPlan:
    """Start a refresh: a new draft version copying the priorities and aims."""
    require_perm(by, "priorities.manage_plan", plan.partnership)
    plan = CommunitySafetyPlan.objects.select_for_update(of=("self",)).get(pk=plan.pk)
    if plan.status != PlanStatus.ADOPTED:
        raise ValidationError("Only the adopted version can be refreshed.")
    if hasattr(plan, "next_version"):
        raise ValidationError("A refresh of this version has already been started.")
    if not note.strip():
        raise ValidationError({"note": "Say what the refresh changes."})
    new = _save(CommunitySafetyPlan(
        partnership=plan.partnership, title=plan.title, start_year=plan.start_year,
        end_year=plan.end_year, version=plan.version + 1, previous=plan,
        introduction=plan.introduction))
    for refresh in plan.refreshes.all():
        PlanRefresh.objects.create(plan=new, refreshed_on=refresh.refreshed_on, note=refresh.note)
    _save(PlanRefresh(plan=new, refreshed_on=refreshed_on, note=note))
    for priority in plan.priorities.prefetch_related("aims"):
        copy = _save(Priority(plan=new, order=priority.order, title=priority.title,
                              kind=priority.kind, description=priority.description,
                              lead_organisation=priority.lead_organisation,
                              risk_level=priority.risk_level, carried_from=priority))
        Aim.objects.bulk_create([Aim(priority=copy, order=a.order, text=a.text)
                                 for a in priority.aims.all()])
    return new


def _editable(plan: CommunitySafetyPlan) -> None:
    if plan.status == PlanStatus.SUPERSEDED:
        raise ValidationError("A superseded version cannot be changed: it is kept as it was.")


# Priorities and aims --------------------------------------------------------------------------

@transaction.atomic
def priority_create(*, plan: CommunitySafetyPlan, by: User, title: str, kind: str,
                    description: str = "", lead_organisation: Organisation | None = None,
                    risk_level: str = "", order: int | None = None) -> Priority:
    require_perm(by, "priorities.manage_plan", plan.partnership)
    _editable(plan)
    if order is None:
        order = (plan.priorities.aggregate(top=Max("order"))["top"] or 0) + 1
    if plan.priorities.filter(title__iexact=title.strip()).exists():
        raise ValidationError({"title": "This plan already has a priority with that title."})
    return _save(Priority(plan=plan, title=title.strip(), kind=kind, description=description,
                          lead_organisation=lead_organisation, risk_level=risk_level,
                          order=order))


@transaction.atomic
def priority_update(*, priority: Priority, by: User, title: str, kind: str, description: str,
                    lead_organisation: Organisation | None, risk_level: str,
                    order: int | None) -> Priority:
    require_perm(by, "priorities.manage_plan", priority.partnership)
    _editable(priority.plan)
    if priority.plan.priorities.filter(title__iexact=title.strip()).exclude(pk=priority.pk).exists():
        raise ValidationError({"title": "This plan already has a priority with that title."})
    priority.title, priority.kind, priority.description = title.strip(), kind, description
    priority.lead_organisation, priority.risk_level = lead_organisation, risk_level
    if order is not None:
        priority.order = order
    return _save(priority)


@transaction.atomic
def aim_create(*, priority: Priority, by: User, text: str, order: int | None = None) -> Aim:
    require_perm(by, "priorities.manage_plan", priority.partnership)
    _editable(priority.plan)
    if order is None:
        order = (priority.aims.aggregate(top=Max("order"))["top"] or 0) + 1
    return _save(Aim(priority=priority, text=text.strip(), order=order))


@transaction.atomic
def aim_update(*, aim: Aim, by: User, text: str, order: int | None) -> Aim:
    require_perm(by, "priorities.manage_plan", aim.partnership)
    _editable(aim.priority.plan)
    aim.text = text.strip()
    if order is not None:
        aim.order = order
    return _save(aim)


# Measures and values --------------------------------------------------------------------------

MEASURE_FIELDS = ("priority", "name", "unit", "polarity", "frequency", "data_source",
                  "baseline", "baseline_period", "target", "tolerance_pct", "comparator_area")


@transaction.atomic
def measure_create(*, partnership: Partnership, by: User, name: str,
                   **details: Any) -> PerformanceMeasure:
    require_perm(by, "priorities.manage_plan", partnership)
    unknown = set(details) - set(MEASURE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown measure fields: {', '.join(sorted(unknown))}")
    name = " ".join(name.split())
    if PerformanceMeasure.objects.filter(partnership=partnership, name__iexact=name).exists():
        raise ValidationError({"name": "There is already a measure with that name."})
    top = PerformanceMeasure.objects.filter(partnership=partnership).aggregate(
        top=Max("order"))["top"] or 0
    details = {k: v for k, v in details.items() if v is not None or k in ("baseline", "target")}
    return _save(PerformanceMeasure(partnership=partnership, name=name, order=top + 1, **details))


@transaction.atomic
def measure_update(*, measure: PerformanceMeasure, by: User, name: str,
                   **details: Any) -> PerformanceMeasure:
    require_perm(by, "priorities.manage_plan", measure.partnership)
    name = " ".join(name.split())
    if PerformanceMeasure.objects.filter(partnership=measure.partnership, name__iexact=name) \
            .exclude(pk=measure.pk).exists():
        raise ValidationError({"name": "There is already a measure with that name."})
    measure.name = name
    for key, value in details.items():
        if key not in MEASURE_FIELDS:
            raise TypeError(f"Unknown measure field: {key}")
        setattr(measure, key, value)
    return _save(measure)


@transaction.atomic
def measure_value_record(*, measure: PerformanceMeasure, by: User, period: Period,
                         value: Decimal, comparator_value: Decimal | None = None) -> MeasureValue:
    """Record (or correct) a measure's figure for a period."""
    require_perm(by, "priorities.manage_plan", measure.partnership)
    if period.is_half:
        raise ValidationError({"period": "Give a financial year or a quarter, not a half."})
    existing = MeasureValue.objects.filter(measure=measure, period=period.key).first()
    record = existing or MeasureValue(measure=measure)
    record.set_period(period)
    record.value, record.comparator_value = value, comparator_value
    record.recorded_at = timezone.now()
    return _save(record)


class ImportRefused(ValidationError):
    """The import had errors: nothing was applied. ``outcome.errors`` lists them."""

    def __init__(self, outcome: ImportOutcome) -> None:
        super().__init__([str(e) for e in outcome.errors[:50]])
        self.outcome = outcome


def measure_values_import(*, partnership: Partnership, by: User, stream: IO[bytes],
                          name: str = "upload", size: int | None = None,
                          create_measures: bool = False, dry_run: bool = False) -> ImportOutcome:
    """Import measure values from a CSV/XLSX file: all rows apply or none do.

    With ``dry_run`` nothing is kept and the outcome is the preview. A file that cannot be
    read raises ValidationError; row errors raise :class:`ImportRefused` (unless dry_run,
    which returns them in the outcome).
    """
    require_perm(by, "priorities.import_measures", partnership)
    file = read_file(stream, name=name, size=size)
    try:
        with transaction.atomic():
            outcome = _import(partnership, file, create_measures=create_measures)
            if dry_run or not outcome.ok:
                transaction.set_rollback(True)
    except ImportRefused:
        raise
    if not outcome.ok and not dry_run:
        raise ImportRefused(outcome)
    return outcome


# --- Browser import: preview (staged), then confirm -----------------------------------------

IMPORT_STAGING = "measure-imports"


class ImportExpired(ValidationError):
    """The previewed file is gone (confirmed already, replaced, or purged as stale)."""


@dataclass(frozen=True)
class StagedMeasureImport:
    outcome: ImportOutcome
    token: str  # empty when the file has errors (nothing to confirm)


def measure_values_import_stage(*, partnership: Partnership, by: User, upload: IO[bytes],
                                name: str, size: int | None = None,
                                create_measures: bool = False,
                                replaces: str = "") -> StagedMeasureImport:
    """Preview an import (nothing is saved) and, when it would import cleanly, keep the file
    until it is confirmed. ``replaces`` is the token of this person's previous preview, which a
    new one supersedes (a daily job purges previews nobody confirms).

    A file that cannot be read raises ValidationError."""
    outcome = measure_values_import(partnership=partnership, by=by, stream=upload, name=name,
                                    size=size, create_measures=create_measures, dry_run=True)
    if replaces:
        staging.discard(IMPORT_STAGING, replaces)
    token = ""
    if outcome.to_import:
        upload.seek(0)
        token = staging.stage(IMPORT_STAGING, upload.read())
    return StagedMeasureImport(outcome=outcome, token=token)


def measure_values_import_confirm(*, partnership: Partnership, by: User, token: str,
                                  name: str = "upload",
                                  create_measures: bool = False) -> ImportOutcome:
    """Import the staged file (checked again: all or nothing), then forget it, whatever the
    outcome. Raises :class:`ImportExpired` when the preview is gone, ValidationError
    (:class:`ImportRefused` for row errors) when the file no longer imports cleanly."""
    require_perm(by, "priorities.import_measures", partnership)
    content = staging.read(IMPORT_STAGING, token)
    if content is None:
        raise ImportExpired("That import has expired. Upload the file again.")
    try:
        return measure_values_import(partnership=partnership, by=by, stream=io.BytesIO(content),
                                     name=name, create_measures=create_measures)
    finally:
        staging.discard(IMPORT_STAGING, token)


def _import(partnership: Partnership, file: MeasureFile, *, create_measures: bool) -> ImportOutcome:
    dataset = file.dataset
    resource = MeasureValueResource(partnership=partnership, create_measures=create_measures,
                                    row_of=file.row_number)
    existing = dict(resource.existing)  # before the import touches them
    result = resource.import_data(dataset, dry_run=False, raise_errors=False,
                                  use_transactions=True, rollback_on_validation_errors=True)
    outcome = ImportOutcome(total_rows=len(dataset))
    totals = result.totals
    outcome.new = totals.get(RowResult.IMPORT_TYPE_NEW, 0)
    outcome.updated = totals.get(RowResult.IMPORT_TYPE_UPDATE, 0)
    outcome.unchanged = totals.get(RowResult.IMPORT_TYPE_SKIP, 0)
    outcome.created_measures = [m.name for m in resource.created_measures]
    outcome.changes = resource.changes  # rows numbered as in the file (resource.row_of)

    def error(number: int, column: str | None, message: str) -> RowError:
        index = number - 1  # import-export counts the data rows from 1
        return RowError(file.row_number(index), file.titles.get(column or "", column), message,
                        **file.where(index, column))

    for invalid in result.invalid_rows:
        for column, messages in invalid.error_dict.items():
            for message in messages:
                text = message.messages[0] if isinstance(message, ValidationError) else str(message)
                outcome.errors.append(error(invalid.number, column, text))
    for number, errors in result.row_errors():
        for row_error in errors:
            outcome.errors.append(error(number, None, _plain(row_error.error)))
    for base_error in result.base_errors:
        outcome.errors.append(RowError(None, None, _plain(base_error.error)))
    outcome.errors.sort(key=lambda e: (e.row or 0))
    if outcome.ok:
        outcome.warnings = file_warnings(file, measures=resource.measures, existing=existing)
    return outcome


def _plain(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(error.messages)
    return "The row could not be saved. Check its figures."


# Strategic assessments and recommendations ---------------------------------------------------

ASSESSMENT_FIELDS = ("title", "year", "part", "theme", "author_organisation", "due_on",
                     "published_on", "summary", "key_findings")


def _attach_document(assessment: StrategicAssessment, document: UploadedFile | None) -> None:
    if document is None:
        return
    checked = check_upload(document)
    assessment.document.save(checked.original_name, checked.file, save=False)
    assessment.document_name = checked.original_name
    assessment.document_content_type = checked.content_type
    assessment.document_size = checked.size


@transaction.atomic
def assessment_create(*, partnership: Partnership, by: User, title: str, year: int,
                      part: str = AssessmentPeriod.ANNUAL, document: UploadedFile | None = None,
                      **details: Any) -> StrategicAssessment:
    require_perm(by, "priorities.manage_assessment", partnership)
    assessment = StrategicAssessment(partnership=partnership, title=title, year=year, part=part,
                                     **details)
    _attach_document(assessment, document)
    try:
        return _save(assessment)
    except Exception:
        if assessment.document:
            assessment.document.delete(save=False)
        raise


@transaction.atomic
def assessment_update(*, assessment: StrategicAssessment, by: User,
                      document: UploadedFile | None = None,
                      **details: Any) -> StrategicAssessment:
    require_perm(by, "priorities.manage_assessment", assessment.partnership)
    for key, value in details.items():
        if key not in ASSESSMENT_FIELDS:
            raise TypeError(f"Unknown assessment field: {key}")
        setattr(assessment, key, value)
    _attach_document(assessment, document)
    return _save(assessment)


@transaction.atomic
def recommendation_add(*, assessment: StrategicAssessment, by: User, text: str,
                       priority: Priority | None = None) -> Recommendation:
    require_perm(by, "priorities.manage_assessment", assessment.partnership)
    order = (assessment.recommendations.aggregate(top=Max("order"))["top"] or 0) + 1
    return _save(Recommendation(assessment=assessment, text=text.strip(), priority=priority,
                                order=order))


@transaction.atomic
def recommendation_accept(*, recommendation: Recommendation, by: User) -> Recommendation:
    """Record that the Partnership accepted it; actionplans turns it into actions."""
    require_perm(by, "priorities.decide_recommendation", recommendation.partnership)
    if recommendation.status == RecommendationStatus.ACCEPTED:
        raise ValidationError("This recommendation has already been accepted.")
    recommendation.status = RecommendationStatus.ACCEPTED
    recommendation.decline_reason = ""
    recommendation.decided_by, recommendation.decided_on = by, timezone.localdate()
    return _save(recommendation)


@transaction.atomic
def recommendation_decline(*, recommendation: Recommendation, by: User,
                           reason: str) -> Recommendation:
    require_perm(by, "priorities.decide_recommendation", recommendation.partnership)
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for declining."})
    linked = getattr(recommendation, "actions", None)
    if linked is not None and linked.exists():
        raise ValidationError("This recommendation has been turned into actions: "
                              "close those actions before declining it.")
    recommendation.status = RecommendationStatus.DECLINED
    recommendation.decline_reason = reason.strip()
    recommendation.decided_by, recommendation.decided_on = by, timezone.localdate()
    return _save(recommendation)
