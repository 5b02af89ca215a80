"""Writes for grants, spend, virements and returns. One function per write.

Each checks the permission first (``require_perm``), validates (``full_clean``) and runs in
one transaction: a refused write changes nothing. One module per noun: awards, budget lines,
spend, virements, returns; every public name is re-exported here so callers write
``from funding import services`` and ``services.<entity>_<action>(...)``.
"""

from .awards import SCHEDULES, award_create, award_set_status
from .budget_lines import budget_line_add, budget_line_update
from .returns import (
    LineEntry,
    ReturnNotReady,
    SubmitProblem,
    return_review,
    return_revise,
    return_start,
    return_submit,
    return_update,
)
from .spend import spend_record
from .virements import virement_decide, virement_request

__all__ = [
    "SCHEDULES",
    "LineEntry",
    "ReturnNotReady",
    "SubmitProblem",
    "award_create",
    "award_set_status",
    "budget_line_add",
    "budget_line_update",
    "return_review",
    "return_revise",
    "return_start",
    "return_submit",
    "return_update",
    "spend_record",
    "virement_decide",
    "virement_request",
]
