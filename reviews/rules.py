"""Who may do what with reviews. Need to know first: ``reviews/access.py`` decides who may open
a review at all (DHR coordinators of its partnership, its panel members); these predicates then
decide what they may do with it.

- The anonymised list: members of the partnership and system admins (never the OPCC).
- Recording a notification: the partnership's DHR coordinators.
- Moving a review, pausing it, keeping its panel and requests, reading its access log: the
  partnership's DHR coordinators (a panel member reads, never runs, the review).
"""

from __future__ import annotations

from typing import Any

import rules
from django.core.exceptions import PermissionDenied

from partnership.rules import is_admin, is_dhr_coordinator, is_member

can_list = is_admin | is_member



def allowed(user: Any, perm: str, obj: Any) -> bool:
    """The rule itself, for everyone: unlike ``user.has_perm`` a system admin is not waved
    through (Django lets an active superuser have every permission). Need to know binds admins."""
    return bool(rules.has_perm(perm, user, obj))


def require(user: Any, perm: str, obj: Any) -> None:
    if not allowed(user, perm, obj):
        raise PermissionDenied


rules.add_perm("reviews.view_list", can_list)
rules.add_perm("reviews.add_review", is_dhr_coordinator)
rules.add_perm("reviews.run_review", is_dhr_coordinator)
rules.add_perm("reviews.view_access_log", is_dhr_coordinator)

# The never-publish list (real names and addresses) and publishing: DHR coordinators only, not
# the panel (need to know beyond need to know).
rules.add_perm("reviews.manage_never_publish", is_dhr_coordinator)
rules.add_perm("reviews.publish", is_dhr_coordinator)
rules.add_perm("reviews.export_recommendations", is_dhr_coordinator)
