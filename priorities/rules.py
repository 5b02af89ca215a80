"""Permissions for the plan, measures and strategic assessments.

Coordinators (and admins) edit; every reader of the partnership (members, its OPCC) reads.
"""

from __future__ import annotations

import rules

from partnership.rules import can_manage, can_read

rules.add_perm("priorities.view_plan", can_read)
rules.add_perm("priorities.manage_plan", can_manage)
rules.add_perm("priorities.import_measures", can_manage)
rules.add_perm("priorities.view_assessment", can_read)
rules.add_perm("priorities.manage_assessment", can_manage)
rules.add_perm("priorities.decide_recommendation", can_manage)
