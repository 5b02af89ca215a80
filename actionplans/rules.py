"""Who may do what with action plans (rules predicates; objects expose ``.partnership``)."""

from __future__ import annotations

from typing import Any

import rules

from partnership.rules import can_manage, can_read, is_admin, is_member


@rules.predicate
def is_action_lead(user: Any, action: Any) -> bool:
    return bool(action is not None and getattr(action, "lead_officer_id", None) == user.pk)


rules.add_perm("actionplans.view_actions", can_read)
rules.add_perm("actionplans.view_my_actions", is_admin | is_member)
rules.add_perm("actionplans.manage_actions", can_manage)
rules.add_perm("actionplans.review_update", can_manage)
@rules.predicate
def is_update_lead(user: Any, update: Any) -> bool:
    return is_action_lead(user, getattr(update, "action", None))


# Evidence attached to an update: the reviewers and the action's own lead officer.
rules.add_perm("actionplans.view_evidence", can_manage | (is_member & is_update_lead))
# A lead officer updates only the actions they lead (object: the action).
rules.add_perm("actionplans.submit_update", is_member & is_action_lead)
