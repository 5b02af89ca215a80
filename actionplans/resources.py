"""The Excel round-trip of an action plan.

Export: :func:`export_xlsx` reads the plan's actions as plain values (three queries, no model
instances) and :func:`partnership.exports.typed_xlsx_bytes` writes the typed sheet, neutralising
formula injection.

Import: the file is read with partnership.spreadsheets (the shared safe reader), then
:func:`plan_import` checks every row against lookups loaded once (people by email,
organisations by name, the plan's actions by ID and reference) and works out which rows are
new, changed (and which cells) or unchanged. Nothing here writes: the import itself is
:func:`actionplans.services.actions_import` (all or nothing, a constant number of queries
whatever the number of rows).
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from partnership.exports import (
    DATE_FORMAT,
    Column,
    TypedSheet,
    typed_xlsx_bytes,
)
from partnership.models import Membership, Organisation, User
from partnership.periods import FinancialYear
from partnership.roles import require_perm
from partnership.spreadsheets import (
    NOT_XLSX,
    Limits,
    RowWarning,
    cell_date,
    cell_text,
    find_header_row,
    header_names,
    read_csv_rows,
    read_xlsx_rows,
)

from .models import Action, ActionPlan
from .rag import ActionStatus, Rag

COLUMNS = ["ID", "Reference", "Description", "Lead officer email", "Lead organisation",
           "Supporting organisations", "Start date", "Due date", "Status"]
READ_ONLY_COLUMNS = ["RAG", "% complete"]
# Why the import leaves a column alone: the note on its header and the preview's warning.
READ_ONLY_NOTES = {
    "ID": "the portal's number for the action. Leave it empty for a new action.",
    "RAG": "RAG is set by updates (or an override on the action's page).",
    "% complete": "% complete is set by updates.",
}
STATUS_BY_LABEL = {label.lower(): value for value, label in ActionStatus.choices}
STATUS_BY_LABEL.update({value: value for value in ActionStatus.values})


def export_xlsx(plan: ActionPlan) -> bytes:
    """The plan typed for Excel: real dates and numbers, the full plan name above the header,
    dropdowns for status and lead officer email, the columns the import ignores read-only.

    Three queries whatever the size of the plan: the actions as plain values (no model
    instances), the supporting organisations' names, the members' emails."""
    actions = (Action.objects.filter(plan=plan).order_by("reference", "pk")
               .values_list("pk", "reference", "description", "lead_officer__email",
                            "lead_organisation__name", "start_on", "due_on", "status", "rag",
                            "percent_complete"))
    supporting: dict[int, list[str]] = {}
    for action_id, name in (Action.supporting_organisations.through.objects
                            .filter(action__plan=plan)
                            .values_list("action_id", "organisation__name")):
        supporting.setdefault(action_id, []).append(name)
    emails = sorted(Membership.objects.filter(partnership_id=plan.partnership_id)
                    .values_list("user__email", flat=True).distinct())
    statuses, rags = dict(ActionStatus.choices), dict(Rag.choices)
    rows = [[pk, reference, description, email, organisation,
             "; ".join(sorted(supporting.get(pk, ()))) or None, start_on, due_on,
             statuses.get(status, status), rags.get(rag, rag), percent]
            for (pk, reference, description, email, organisation, start_on, due_on, status, rag,
                 percent) in actions]
    columns = [
        Column("ID", width=8, number_format="0", read_only=READ_ONLY_NOTES["ID"]),
        Column("Reference", width=11),
        Column("Description", width=60),
        Column("Lead officer email", width=34, choices=emails,
               choices_label="a member of the partnership"),
        Column("Lead organisation", width=28),
        Column("Supporting organisations", width=34),
        Column("Start date", width=12, number_format=DATE_FORMAT),
        Column("Due date", width=12, number_format=DATE_FORMAT),
        Column("Status", width=14, choices=[label for _, label in ActionStatus.choices],
               choices_label="a status"),
        Column("RAG", width=9, read_only=READ_ONLY_NOTES["RAG"]),
        Column("% complete", width=11, number_format="0", read_only=READ_ONLY_NOTES["% complete"]),
    ]
    return typed_xlsx_bytes(TypedSheet(
        name=plan.title[:31], heading=f"{plan.title} ({FinancialYear(plan.year).label})",
        columns=columns, rows=rows))


# --- Import -----------------------------------------------------------------------------

@dataclass
class RowError:
    row: int  # the spreadsheet's row number (the title row is 1, the header 2)
    column: str
    message: str
    cell: str = ""  # the Excel cell, e.g. "C7"
    reference: str = ""  # the action's reference on that row, e.g. "P2.4"


@dataclass
class PlannedRow:
    row: int
    kind: str  # "new", "changed", "unchanged"
    values: dict[str, str]  # column -> shown value
    changed: dict[str, str] = field(default_factory=dict)  # column -> old value
    action: Action | None = None
    new_fields: dict[str, Any] = field(default_factory=dict)
    supporting: list[Organisation] | None = None


@dataclass
class ImportPlan:
    plan: ActionPlan
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowWarning] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, kind: str) -> int:
        return sum(1 for row in self.rows if row.kind == kind)

    @property
    def to_import(self) -> bool:
        """True when confirming would change something."""
        return self.ok and any(row.kind != "unchanged" for row in self.rows)

    @property
    def dated_or_reassigned(self) -> int:
        """How many actions get a new due date or lead officer (the reason applies to them)."""
        return sum(1 for row in self.rows if row.kind == "changed"
                   and ("Due date" in row.changed or "Lead officer email" in row.changed))


# 10,000 actions under the header, plus the title row of our own export (a plan of 10,000
# actions exported goes back in).
IMPORT_LIMITS = Limits(max_rows=10_001, max_columns=50)


NOT_A_SPREADSHEET = ("The file could not be read as an Excel (.xlsx) spreadsheet or as a CSV "
                     "file.")


def read_rows(content: bytes) -> tuple[int, list[str], list[list[Any]]]:
    """The header's row number, the header and the rows below it, of an XLSX (first sheet) or
    CSV file, through the shared safe reader (size, ratio, rows and columns capped before the
    bulk of the file is parsed). The header is row 1, or row 2 under the title row of our own
    export."""
    from priorities.imports import sniff_kind

    kind = sniff_kind(content[:4096])
    if kind == "xlsx":
        try:
            rows: list[list[Any]] = read_xlsx_rows(io.BytesIO(content), IMPORT_LIMITS)
        except ValidationError as error:
            if error.message == NOT_XLSX:
                raise ValidationError(NOT_A_SPREADSHEET) from None
            raise
    elif kind == "csv":
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError("The CSV file must be saved as UTF-8 text (in Excel: Save as, "
                                  "“CSV UTF-8”).") from None
        rows = [list(row) for row in read_csv_rows(text, IMPORT_LIMITS)]
    else:
        raise ValidationError(NOT_A_SPREADSHEET)
    header_row = find_header_row(rows, marker="ID")  # 2 below the plan's name
    if len(rows) < header_row:
        raise ValidationError(NOT_A_SPREADSHEET)
    header = _names(rows[header_row - 1])
    width = len(header)
    return header_row, header, [(row + [None] * (width - len(row)))[:width]
                                for row in rows[header_row:]]


def _names(row: list[Any]) -> list[str]:
    return header_names(row)


_text = cell_text
_date = cell_date


def _action_id(text: str) -> int | None:
    """The action ID a cell holds, or None: ASCII digits only ("²".isdigit() is true but int()
    refuses it) and small enough for the database (a bigint)."""
    if text.isascii() and text.isdigit() and int(text) < 2**63:
        return int(text)
    return None


def _shown(value: Any) -> str:
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Organisation | User):
        return value.email if isinstance(value, User) else value.name
    return "" if value is None else str(value)


def plan_import(*, plan: ActionPlan, by: User, content: bytes) -> ImportPlan:
    """Check a spreadsheet against the plan: what would be new, changed or unchanged."""
    require_perm(by, "actionplans.manage_actions", plan.partnership)
    header_row, header, rows = read_rows(content)
    result = ImportPlan(plan=plan)
    missing = [c for c in COLUMNS if c not in header]
    unknown = [c for c in header if c and c not in COLUMNS + READ_ONLY_COLUMNS]
    if missing or unknown:
        parts = []
        if missing:
            parts.append("missing column(s): " + ", ".join(missing))
        if unknown:
            parts.append("unknown column(s): " + ", ".join(unknown))
        result.errors.append(RowError(header_row, "", "Wrong columns: " + "; ".join(parts)
                                      + ". Export the plan again to get the right columns."))
        return result
    index = {name: header.index(name) for name in COLUMNS}
    read_only = {name: header.index(name) for name in READ_ONLY_COLUMNS if name in header}
    partnership = plan.partnership

    # Every lookup, once.
    existing = {a.pk: a for a in Action.objects.filter(plan=plan)
                .select_related("lead_officer", "lead_organisation")}
    # Their supporting organisations' names, as plain values (no model instance each).
    supporting_names: dict[int, list[str]] = {}
    for supported, name in (() if not existing else Action.supporting_organisations.through
                            .objects.filter(action__plan=plan)
                            .values_list("action_id", "organisation__name")):
        supporting_names.setdefault(supported, []).append(name)
    by_reference = {a.reference: a for a in existing.values()}
    members = {m.user.email.lower(): m.user for m in
               Membership.objects.filter(partnership=partnership).select_related("user")}
    organisations = {o.name.lower(): o for o in Organisation.objects.filter(partnership=partnership)}
    ids_in_file = {pk for pk in (_action_id(_text(r[index["ID"]])) for r in rows if len(r) > index["ID"])
                   if pk is not None}
    # Another plan's action in this partnership is named as such; another partnership's
    # action gets exactly the answer of an ID that does not exist.
    foreign = set(Action.objects.filter(pk__in=ids_in_file - set(existing), partnership=partnership)
                  .values_list("pk", flat=True))

    from openpyxl.utils import get_column_letter

    letters = {name: get_column_letter(i + 1) for name, i in [*index.items(), *read_only.items()]}
    seen_references: dict[str, int] = {}
    in_file: set[int] = set()
    for offset, raw in enumerate(rows):
        number = offset + header_row + 1
        cells = {name: (raw[i] if i < len(raw) else None) for name, i in index.items()}
        if all(v is None or v == "" or _text(v) == "" for v in cells.values()):
            continue
        errors: list[RowError] = []
        row_reference = _text(cells["Reference"])[:20]

        def err(column: str, message: str, number: int = number, errors: list = errors,
                row_reference: str = row_reference) -> None:
            errors.append(RowError(number, column, message, cell=f"{letters[column]}{number}",
                                   reference=row_reference))

        action: Action | None = None
        id_text = _text(cells["ID"])
        if id_text:
            action_id = _action_id(id_text)
            if action_id is None:
                err("ID", f"“{id_text}” is not an action ID: leave it empty for a new action.")
            elif action_id in existing:
                action = existing[action_id]
            elif action_id in foreign:  # only this partnership's other plans (no enumeration)
                err("ID", "This action belongs to another action plan.")
            else:
                err("ID", f"There is no action with ID {id_text}.")
        reference = _text(cells["Reference"])
        if not reference:
            err("Reference", "Give a reference, e.g. P2.3.")
        elif len(reference) > 20:
            err("Reference", "A reference is at most 20 characters.")
        elif reference in seen_references:
            err("Reference", f"{reference} is used twice (also on row {seen_references[reference]}).")
        else:
            seen_references[reference] = number
            holder = by_reference.get(reference)
            if holder is not None and (action is None or holder.pk != action.pk):
                if action is None and not id_text:
                    action = holder  # matched by reference (no ID column value)
                else:
                    err("Reference", f"{reference} is already used by another action in this plan.")
        description = _text(cells["Description"])
        if not description:
            err("Description", "Describe the action.")
        email = _text(cells["Lead officer email"]).lower()
        lead = None
        if email:
            lead = members.get(email)
            if lead is None:
                err("Lead officer email", f"{email} is not a member of this partnership.")
        lead_org = None
        org_name = _text(cells["Lead organisation"])
        if org_name:
            lead_org = organisations.get(org_name.lower())
            if lead_org is None:
                err("Lead organisation", f"“{org_name}” is not an organisation of this partnership.")
        supporting: list[Organisation] = []
        for name in filter(None, (n.strip() for n in _text(cells["Supporting organisations"]).split(";"))):
            org = organisations.get(name.lower())
            if org is None:
                err("Supporting organisations", f"“{name}” is not an organisation of this partnership.")
            else:
                supporting.append(org)
        dates: dict[str, datetime.date | None] = {}
        for column in ("Start date", "Due date"):
            try:
                dates[column] = _date(cells[column])
            except ValueError as error:
                err(column, str(error))
        if dates.get("Start date") and dates.get("Due date") and dates["Due date"] < dates["Start date"]:  # type: ignore[operator]
            err("Due date", "The due date is before the start date.")
        status_text = _text(cells["Status"]).lower()
        status = STATUS_BY_LABEL.get(status_text or "not started")
        if status is None:
            err("Status", f"“{_text(cells['Status'])}” is not a status: use "
                          + ", ".join(label for _, label in ActionStatus.choices) + ".")
        if action is not None:
            in_file.add(action.pk)
        if errors:
            result.errors.extend(errors)
            continue
        for column, position in read_only.items():
            value = _text(raw[position] if position < len(raw) else None)
            current = ("" if action is None else action.get_rag_display() if column == "RAG"
                       else str(action.percent_complete))
            if value.lower() != current.lower():
                result.warnings.append(RowWarning(
                    f"Ignored: {READ_ONLY_NOTES[column]} The file says “{value or 'nothing'}”"
                    + (f", the plan has “{current}”." if action is not None else "."),
                    row=number, column=column, cell=f"{letters[column]}{number}",
                    reference=reference))

        new = {"reference": reference, "description": description, "lead_officer": lead,
               "lead_organisation": lead_org, "start_on": dates["Start date"],
               "due_on": dates["Due date"], "status": status}
        shown = {"Reference": reference, "Description": description,
                 "Lead officer email": email, "Lead organisation": _shown(lead_org),
                 "Supporting organisations": "; ".join(sorted(o.name for o in supporting)),
                 "Start date": _shown(dates["Start date"]), "Due date": _shown(dates["Due date"]),
                 "Status": ActionStatus(str(status)).label}
        planned = PlannedRow(row=number, kind="new", values=shown, action=action, new_fields=new,
                             supporting=supporting)
        if action is not None:
            old = {"Reference": action.reference, "Description": action.description,
                   "Lead officer email": action.lead_officer.email if action.lead_officer else "",
                   "Lead organisation": _shown(action.lead_organisation),
                   "Supporting organisations": "; ".join(sorted(
                       supporting_names.get(action.pk, ()))),
                   "Start date": _shown(action.start_on), "Due date": _shown(action.due_on),
                   "Status": action.get_status_display()}
            planned.changed = {k: old[k] for k in shown if shown[k] != old[k]}
            planned.kind = "changed" if planned.changed else "unchanged"
        result.rows.append(planned)
    for missing_action in sorted((a for pk, a in existing.items() if pk not in in_file),
                                 key=lambda a: (a.reference, a.pk)):
        result.warnings.append(RowWarning(
            f"{missing_action.reference} is not in the file: actions are never deleted by "
            "import. It stays in the plan unchanged.", reference=missing_action.reference))
    if not result.rows and not result.errors:
        result.errors.append(RowError(header_row + 1, "", "The spreadsheet has no actions."))
    return result
