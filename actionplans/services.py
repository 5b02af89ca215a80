"""Writes for action plans, actions and quarterly updates. One function per write."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pghistory
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from partnership import staging
from partnership.bulk import bulk_delete_values, bulk_insert_values, bulk_update_values
from partnership.models import Meeting, Organisation, Partnership, SubGroup, User
from partnership.periods import Period, PeriodError
from partnership.roles import require_perm
from partnership.uploads import check_upload

from . import resources
from .deadlines import update_deadline
from .models import (
    Action,
    ActionChange,
    ActionPlan,
    ActionUpdate,
    ExtensionRequest,
    ExtensionState,
    OwnerKind,
    PlanStatus,
    ReportingPeriod,
    UpdateStep,
)
from .rag import ActionStatus, Rag, derive_rag
from .resources import ImportPlan
from .states import UPDATE_WORKFLOW, UpdateState


def _derive(action: Action, today: datetime.date | None = None) -> None:
    action.derived_rag = derive_rag(status=action.status, due_on=action.due_on,
                                    start_on=action.start_on,
                                    percent_complete=action.percent_complete,
                                    today=today or timezone.localdate())
    action.rag = action.rag_override or action.derived_rag


def _log_change(action: Action, by: User | None, field: str, old: Any, new: Any,
                reason: str = "") -> ActionChange:
    return ActionChange(action=action, field=field, old_value=str(old or "")[:200],
                        new_value=str(new or "")[:200], reason=reason, by=by)


# --- Reporting periods and plans ---------------------------------------------------------

@transaction.atomic
def reporting_period_set(*, partnership: Partnership, by: User, period: str,
                         meeting: Meeting | None = None,
                         deadline: datetime.date | None = None) -> ReportingPeriod:
    """Create or change a quarter's reporting period; the deadline defaults to ten working
    days before its Partnership meeting."""
    require_perm(by, "actionplans.manage_actions", partnership)
    try:
        key = Period.parse(period).key
    except PeriodError as error:
        raise ValidationError({"period": str(error)}) from error
    if meeting is not None and meeting.partnership_id != partnership.pk:
        raise ValidationError({"meeting": "Choose a meeting of this partnership."})
    if deadline is None:
        if meeting is None:
            raise ValidationError({"deadline": "Give a deadline or the quarter's meeting."})
        deadline = update_deadline(timezone.localtime(meeting.starts_at).date())
    found = ReportingPeriod.objects.filter(partnership=partnership, period=key).first()
    reporting = found or ReportingPeriod(partnership=partnership, period=key)
    reporting.meeting, reporting.deadline = meeting, deadline
    reporting.full_clean()
    reporting.save()
    return reporting


@transaction.atomic
def action_plan_create(*, partnership: Partnership, by: User, year: int, title: str,
                       priority: Any = None, group: SubGroup | None = None,
                       for_review: bool = False, reference_prefix: str = "",
                       status: str = PlanStatus.LIVE,
                       permission: str = "actionplans.manage_actions") -> ActionPlan:
    """A plan owned by exactly one of: a priority, a task-and-finish group, or (``for_review``)
    a DHR review, which then points at the plan from its own app.

    ``permission``: the rule checked on ``partnership``; the reviews app passes its own
    ("reviews.run_review": a DHR coordinator keeps a review's plan, not the partnership's)."""
    require_perm(by, permission, partnership)
    owners = [o for o in (priority, group, for_review or None) if o is not None]
    if len(owners) != 1:
        raise ValidationError("An action plan belongs to exactly one priority, group or review.")
    kind = (OwnerKind.PRIORITY if priority is not None
            else OwnerKind.GROUP if group is not None else OwnerKind.REVIEW)
    plan = ActionPlan(partnership=partnership, year=year, title=title, owner_kind=kind,
                      priority=priority, group=group, reference_prefix=reference_prefix,
                      status=status)
    plan.full_clean()
    plan.save()
    return plan


# --- Actions ------------------------------------------------------------------------------

@transaction.atomic
def action_create(*, plan: ActionPlan, by: User, reference: str, description: str,
                  lead_officer: User | None = None, lead_organisation: Organisation | None = None,
                  start_on: datetime.date | None = None, due_on: datetime.date | None = None,
                  supporting: Sequence[Organisation] = (), measures: Sequence[Any] = (),
                  recommendation: Any = None, status: str = ActionStatus.NOT_STARTED,
                  permission: str = "actionplans.manage_actions") -> Action:
    """Add an action (in its starting status) to a plan: one transaction. ``permission`` as
    for :func:`action_plan_create`."""
    require_perm(by, permission, plan.partnership)
    if Action.objects.filter(plan=plan, reference=reference).exists():
        raise ValidationError({"reference": f"{reference} is already used in this plan."})
    action = Action(plan=plan, partnership_id=plan.partnership_id, reference=reference,
                    description=description, lead_officer=lead_officer,
                    lead_organisation=lead_organisation, start_on=start_on, due_on=due_on,
                    recommendation=recommendation, status=status)
    _derive(action)
    action.full_clean()
    action.save()
    if supporting:
        action.supporting_organisations.set(supporting)
    if measures:
        action.measures.set(measures)
    return action


@transaction.atomic
def action_update(*, action: Action, by: User, description: str, lead_officer: User | None,
                  lead_organisation: Organisation | None, start_on: datetime.date | None,
                  due_on: datetime.date | None, status: str, reason: str = "") -> Action:
    """Change an action. A new due date or lead officer needs a reason (kept with who/when)."""
    require_perm(by, "actionplans.manage_actions", action.partnership)
    action = Action.objects.select_for_update(of=("self",)).select_related(
        "lead_officer", "partnership").get(pk=action.pk)
    old_due, old_lead, old_rag = action.due_on, action.lead_officer, action.rag
    moved = old_due != due_on or (old_lead.pk if old_lead else None) != (
        lead_officer.pk if lead_officer else None)
    if moved and not reason.strip():
        raise ValidationError({"reason": "Give the reason for changing the due date or lead officer."})
    action.description, action.lead_officer, action.lead_organisation = (
        description, lead_officer, lead_organisation)
    action.start_on, action.due_on, action.status = start_on, due_on, status
    _derive(action)
    action.full_clean()
    with pghistory.context(reason=reason or "edited"):
        action.save()
    changes = []
    if old_due != due_on:
        changes.append(_log_change(action, by, "due_on", old_due, due_on, reason))
    if old_lead != lead_officer:
        changes.append(_log_change(action, by, "lead_officer", old_lead, lead_officer, reason))
    if old_rag != action.rag:
        changes.append(_log_change(action, by, "rag", old_rag, action.rag, reason or "Re-derived"))
    ActionChange.objects.bulk_create(changes)
    return action


@transaction.atomic
def action_from_recommendation(*, recommendation: Any, plan: ActionPlan, by: User,
                               reference: str, lead_officer: User | None,
                               due_on: datetime.date | None, description: str = "") -> Action:
    """Turn an accepted strategic-assessment recommendation into an action of a plan."""
    require_perm(by, "actionplans.manage_actions", plan.partnership)
    if recommendation.partnership.pk != plan.partnership_id:
        raise PermissionDenied
    if recommendation.status != "accepted":
        raise ValidationError("Only an accepted recommendation can become an action.")
    return action_create(plan=plan, by=by, reference=reference,
                         description=description or recommendation.text,
                         lead_officer=lead_officer, due_on=due_on, recommendation=recommendation)


@transaction.atomic
def action_override_rag(*, action: Action, by: User, rag: str, reason: str) -> Action:
    """Show a RAG other than the derived one (with a reason); an empty ``rag`` clears it."""
    require_perm(by, "actionplans.manage_actions", action.partnership)
    if rag and not reason.strip():
        raise ValidationError({"reason": "Give the reason for overriding the RAG rating."})
    old = action.rag
    action.rag_override = rag
    action.rag_override_reason = reason.strip() if rag else ""
    _derive(action)
    action.full_clean()
    with pghistory.context(reason=reason or "override cleared"):
        action.save()
    if old != action.rag or rag:
        _log_change(action, by, "rag", old, action.rag, reason or "Override cleared").save()
    return action


@transaction.atomic
def actions_bulk_reassign(*, actions: Iterable[Action], by: User, partnership: Partnership,
                          lead_officer: User, reason: str) -> int:
    require_perm(by, "actionplans.manage_actions", partnership)
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for the change."})
    if not lead_officer.memberships.filter(partnership=partnership).exists():
        raise ValidationError({"lead_officer": "Choose a member of this partnership."})
    chosen = list(Action.objects.in_partnership(partnership).select_for_update(of=("self",))
                  .filter(pk__in=[a.pk for a in actions]).select_related("lead_officer"))
    if not chosen:
        raise ValidationError("Choose at least one action.")
    changes = [_log_change(a, by, "lead_officer", a.lead_officer, lead_officer, reason)
               for a in chosen if a.lead_officer_id != lead_officer.pk]
    with pghistory.context(reason=reason):
        Action.objects.filter(pk__in=[a.pk for a in chosen]).update(lead_officer=lead_officer)
    ActionChange.objects.bulk_create(changes)
    return len(chosen)


@transaction.atomic
def actions_bulk_extend(*, actions: Iterable[Action], by: User, partnership: Partnership,
                        due_on: datetime.date, reason: str) -> int:
    require_perm(by, "actionplans.manage_actions", partnership)
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for the change."})
    chosen = list(Action.objects.in_partnership(partnership).select_for_update(of=("self",))
                  .filter(pk__in=[a.pk for a in actions]))
    if not chosen:
        raise ValidationError("Choose at least one action.")
    errors = [a.reference for a in chosen if a.start_on and due_on < a.start_on]
    if errors:
        raise ValidationError({"due_on": "The new due date is before the start of "
                                         + ", ".join(errors) + "."})
    changes = []
    for action in chosen:
        if action.due_on != due_on:
            changes.append(_log_change(action, by, "due_on", action.due_on, due_on, reason))
        action.due_on = due_on
        _derive(action)
    with pghistory.context(reason=reason):
        Action.objects.bulk_update(chosen, ["due_on", "derived_rag", "rag"])
    ActionChange.objects.bulk_create(changes)
    return len(chosen)


@transaction.atomic
def actions_refresh_rag(*, partnership: Partnership | None = None,
                        today: datetime.date | None = None) -> int:
    """Re-derive RAG as time passes (the daily job): only changed rows are written."""
    qs = Action.objects.all() if partnership is None else Action.objects.in_partnership(partnership)
    changed = []
    changes = []
    for action in qs.only("pk", "status", "due_on", "start_on", "percent_complete",
                          "derived_rag", "rag_override", "rag").iterator(chunk_size=2000):
        before = (action.derived_rag, action.rag)
        _derive(action, today)
        if (action.derived_rag, action.rag) != before:
            changed.append(action)
            if action.rag != before[1]:
                changes.append(_log_change(action, None, "rag", before[1], action.rag,
                                           "Re-derived as dates passed (daily job)"))
    with pghistory.context(reason="RAG re-derived (daily)"):
        Action.objects.bulk_update(changed, ["derived_rag", "rag"], batch_size=2000)
    ActionChange.objects.bulk_create(changes, batch_size=2000)
    return len(changed)


# --- Quarterly updates --------------------------------------------------------------------

def _step(update: ActionUpdate, by: User, old: str, new: str, comment: str = "") -> None:
    UpdateStep.objects.create(update=update, from_state=old, to_state=new, by=by,
                              comment=comment)


@transaction.atomic
def update_save(*, action: Action, period: ReportingPeriod, by: User, progress: str,
                percent_complete: int, proposed_rag: str,
                proposed_status: str = ActionStatus.IN_PROGRESS,
                evidence: UploadedFile | None = None, submit: bool = False) -> ActionUpdate:
    """Save the lead officer's update as a draft, or submit it (resubmit once returned)."""
    require_perm(by, "actionplans.submit_update", action)
    if period.partnership_id != action.partnership_id:
        raise PermissionDenied
    update = (ActionUpdate.objects.select_for_update(of=("self",)).filter(action=action, period=period)
              .first())
    if update is None:
        update = ActionUpdate(action=action, period=period)
    elif not UPDATE_WORKFLOW.is_in(update.state, "editable"):
        raise ValidationError(f"This update is {update.get_state_display().lower()}: "
                              "it can no longer be changed.")
    update.progress, update.percent_complete = progress, percent_complete
    update.proposed_rag, update.proposed_status = proposed_rag, proposed_status
    if evidence is not None:
        checked = check_upload(evidence)
        update.evidence.save(checked.original_name, checked.file, save=False)
        update.evidence_name, update.evidence_content_type = (checked.original_name,
                                                              checked.content_type)
    old = update.state if update.pk else ""
    if submit:
        if not proposed_rag:
            raise ValidationError({"proposed_rag": "Choose a RAG rating"})
        target = UpdateState.RESUBMITTED if old == UpdateState.RETURNED else UpdateState.SUBMITTED
        UPDATE_WORKFLOW.check(old or UpdateState.DRAFT, target)
        update.state = target
        update.submitted_by, update.submitted_at = by, timezone.now()
    update.full_clean()
    update.save()
    if update.state != old:
        _step(update, by, old, update.state)
    return update


@transaction.atomic
def update_accept(*, update: ActionUpdate, by: User, comment: str = "") -> ActionUpdate:
    """Accept: the action takes the update's % complete and status; its RAG is re-derived."""
    require_perm(by, "actionplans.review_update", update.action.partnership)
    update = (ActionUpdate.objects.select_for_update(of=("self",)).select_related("action", "period")
              .get(pk=update.pk))
    UPDATE_WORKFLOW.check(update.state, UpdateState.ACCEPTED)
    old = update.state
    update.state = UpdateState.ACCEPTED
    update.reviewed_by, update.reviewed_at = by, timezone.now()
    update.review_comment = comment
    update.full_clean()
    update.save()
    _step(update, by, old, update.state, comment)
    action = update.action
    old_rag = action.rag
    action.percent_complete = update.percent_complete
    action.status = update.proposed_status
    _derive(action)
    action.full_clean()
    action.save()
    if action.rag != old_rag:
        _log_change(action, by, "rag", old_rag, action.rag,
                    f"Update for {update.period.label} accepted").save()
    return update


@transaction.atomic
def update_return(*, update: ActionUpdate, by: User, comment: str) -> ActionUpdate:
    """Return an update to its lead officer with the coordinator's comment."""
    require_perm(by, "actionplans.review_update", update.action.partnership)
    if not comment.strip():
        raise ValidationError({"comment": "Say what the lead officer needs to change."})
    update = ActionUpdate.objects.select_for_update(of=("self",)).get(pk=update.pk)
    UPDATE_WORKFLOW.check(update.state, UpdateState.RETURNED)
    old = update.state
    update.state = UpdateState.RETURNED
    update.reviewed_by, update.reviewed_at = by, timezone.now()
    update.review_comment = comment.strip()
    update.full_clean()
    update.save()
    _step(update, by, old, update.state, update.review_comment)
    return update


@transaction.atomic
def updates_bulk_review(*, updates: Sequence[ActionUpdate], by: User, partnership: Partnership,
                        accept: bool, comment: str = "") -> int:
    """Accept or return several updates at once: all or nothing."""
    require_perm(by, "actionplans.review_update", partnership)
    if not updates:
        raise ValidationError("Choose at least one update.")
    for update in updates:
        if update.action.partnership_id != partnership.pk:
            raise PermissionDenied
        if accept:
            update_accept(update=update, by=by, comment=comment)
        else:
            update_return(update=update, by=by, comment=comment)
    return len(updates)


__all__ = ["Rag"]

# --- Spreadsheet import (checked in resources.py, written here) ---------------------------

IMPORT_STAGING = "action-imports"


class ImportExpired(ValidationError):
    """The previewed spreadsheet is gone (confirmed already, or purged as stale)."""


@dataclass(frozen=True)
class StagedImport:
    result: ImportPlan
    token: str  # empty when the spreadsheet has errors (nothing to confirm)


def action_import_stage(*, plan: ActionPlan, by: User, content: bytes) -> StagedImport:
    """Check a spreadsheet and, when it would import cleanly, keep it until it is confirmed
    (a daily job purges previews nobody confirms)."""
    result = resources.plan_import(plan=plan, by=by, content=content)
    return StagedImport(result=result,
                        token=staging.stage(IMPORT_STAGING, content) if result.ok else "")


def action_import_confirm(*, plan: ActionPlan, by: User, token: str,
                          reason: str = "") -> ImportPlan:
    """Import the staged spreadsheet (checked again: all or nothing), then forget it.

    Raises ValidationError when the preview expired or the plan changed since."""
    content = staging.read(IMPORT_STAGING, token)
    if content is None:
        raise ImportExpired("That import has expired: upload the spreadsheet again.")
    result = actions_import(plan=plan, by=by, content=content, reason=reason)
    staging.discard(IMPORT_STAGING, token)
    return result


@transaction.atomic
def actions_import(*, plan: ActionPlan, by: User, content: bytes, reason: str = "") -> ImportPlan:
    """Check the spreadsheet again, then write every new and changed row, or nothing at all.

    ``reason`` (optional, at most 500 characters) is recorded on every due-date and lead
    officer change the import makes."""
    reason = reason.strip()
    if len(reason) > 500:
        raise ValidationError({"reason": "The reason must be 500 characters or fewer."})
    logged = f"Spreadsheet import: {reason}" if reason else "Spreadsheet import"
    result = resources.plan_import(plan=plan, by=by, content=content)
    if not result.ok:
        raise ValidationError([f"{e.cell or f'Row {e.row}'}, {e.column or 'file'}: {e.message}"
                               for e in result.errors])
    today = timezone.localdate()
    # New actions as one array per column (no model instance each); changed ones as instances
    # for bulk_update_values and their change log.
    new_columns: dict[str, list[Any]] = {name: [] for name in (
        "plan", "partnership", "reference", "description", "lead_officer", "lead_organisation",
        "start_on", "due_on", "status", "percent_complete", "derived_rag", "rag_override",
        "rag_override_reason", "rag")}
    new_support: dict[str, list[Organisation]] = {}  # reference -> supporting organisations
    updates: list[Action] = []
    changes: list[ActionChange] = []
    support_rows: list[tuple[int, list[Organisation]]] = []  # existing action id -> orgs
    for row in result.rows:
        if row.kind == "unchanged":
            continue
        fields = row.new_fields
        if row.action is None:
            derived = derive_rag(status=fields["status"], due_on=fields["due_on"],
                                 start_on=fields["start_on"], percent_complete=0, today=today)
            lead, organisation = fields["lead_officer"], fields["lead_organisation"]
            for name, value in (
                    ("plan", plan.pk), ("partnership", plan.partnership_id),
                    ("reference", fields["reference"]), ("description", fields["description"]),
                    ("lead_officer", lead.pk if lead else None),
                    ("lead_organisation", organisation.pk if organisation else None),
                    ("start_on", fields["start_on"]), ("due_on", fields["due_on"]),
                    ("status", fields["status"]), ("percent_complete", 0),
                    ("derived_rag", derived), ("rag_override", ""),
                    ("rag_override_reason", ""), ("rag", derived)):
                new_columns[name].append(value)
            if row.supporting:
                new_support[fields["reference"]] = row.supporting
            continue
        action = row.action
        old_rag = action.rag
        for name, value in fields.items():
            setattr(action, name, value)
        action.derived_rag = derive_rag(status=action.status, due_on=action.due_on,
                                        start_on=action.start_on,
                                        percent_complete=action.percent_complete, today=today)
        action.rag = action.rag_override or action.derived_rag
        updates.append(action)
        for column, field_name in (("Due date", "due_on"), ("Lead officer email", "lead_officer")):
            if column in row.changed:
                changes.append(ActionChange(action=action, field=field_name,
                                            old_value=row.changed[column],
                                            new_value=row.values[column],
                                            reason=logged, by=by))
        if action.rag != old_rag:
            changes.append(ActionChange(action=action, field="rag", old_value=old_rag,
                                        new_value=action.rag, reason="Spreadsheet import",
                                        by=by))
        if "Supporting organisations" in row.changed:
            support_rows.append((action.pk, row.supporting or []))
    with pghistory.context(reason="Spreadsheet import"):
        created = dict(bulk_insert_values(Action, new_columns, returning=("reference", "id")))
        bulk_update_values(Action, updates, ["reference", "description", "lead_officer",
                                     "lead_organisation", "start_on", "due_on", "status",
                                     "derived_rag", "rag"])
        through = Action.supporting_organisations.through
        if support_rows or new_support:
            # The existing actions' links are replaced; new actions have none yet.
            bulk_delete_values(through, "action", [pk for pk, _ in support_rows])
            pairs = [(pk, o.pk) for pk, orgs in support_rows for o in orgs]
            pairs += [(created[reference], o.pk) for reference, orgs in new_support.items()
                      for o in orgs]
            bulk_insert_values(through, {"action": [pk for pk, _ in pairs],
                                         "organisation": [org for _, org in pairs]})
        ActionChange.objects.bulk_create(changes, batch_size=2000)
    return result


# --- Extensions: the lead officer asks, the coordinator decides ---------------------------

@transaction.atomic
def extension_request(*, action: Action, by: User, proposed_due_on: datetime.date,
                      reason: str) -> ExtensionRequest:
    """The action's lead officer asks to move its due date (one request waits at a time)."""
    require_perm(by, "actionplans.submit_update", action)
    action = Action.objects.select_for_update(of=("self",)).get(pk=action.pk)
    reason = reason.strip()
    errors: dict[str, str] = {}
    if not reason:
        errors["reason"] = "Say why the action needs more time"
    if action.due_on and proposed_due_on <= action.due_on:
        errors["proposed_due_on"] = (f"The proposed date must be after the current due date, "
                                     f"{action.due_on:%-d %B %Y}")
    elif action.start_on and proposed_due_on < action.start_on:
        errors["proposed_due_on"] = (f"The proposed date must be after the start date, "
                                     f"{action.start_on:%-d %B %Y}")
    if errors:
        raise ValidationError(errors)
    if ExtensionRequest.objects.filter(action=action, state=ExtensionState.PENDING).exists():
        raise ValidationError("An extension of this action is already waiting for a decision.")
    extension = ExtensionRequest(action=action, requested_by=by, reason=reason,
                                 current_due_on=action.due_on, proposed_due_on=proposed_due_on)
    extension.full_clean()
    extension.save()
    return extension


@transaction.atomic
def extension_decide(*, extension: ExtensionRequest, by: User, approve: bool,
                     comment: str = "") -> ExtensionRequest:
    """Approve (the due date moves and the action's change log says why) or decline (with a
    comment for the lead officer)."""
    extension = (ExtensionRequest.objects.select_for_update(of=("self",))
                 .select_related("action").get(pk=extension.pk))
    require_perm(by, "actionplans.manage_actions", extension.action.partnership)
    if extension.state != ExtensionState.PENDING:
        raise ValidationError(f"This request has already been {extension.state}.")
    comment = comment.strip()
    if not approve and not comment:
        raise ValidationError({"comment": "Say why the extension is declined"})
    extension.state = ExtensionState.APPROVED if approve else ExtensionState.DECLINED
    extension.decided_by, extension.decided_at = by, timezone.now()
    extension.decision_comment = comment
    extension.full_clean()
    extension.save()
    if approve:
        action = Action.objects.select_for_update(of=("self",)).get(pk=extension.action_id)
        old_due, old_rag = action.due_on, action.rag
        action.due_on = extension.proposed_due_on
        _derive(action)
        action.save(update_fields=["due_on", "derived_rag", "rag"])
        why = f"Extension approved: {extension.reason}"
        changes = [_log_change(action, by, "due_on", _shown_date(old_due),
                               _shown_date(action.due_on), why)]
        if action.rag != old_rag:
            changes.append(_log_change(action, by, "rag", old_rag, action.rag, why))
        ActionChange.objects.bulk_create(changes)
    return extension


def _shown_date(day: datetime.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""
