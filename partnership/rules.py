"""Permissions for partnerships, people and meetings, as `rules` predicates."""

from __future__ import annotations

from typing import Any

import rules

from .models import Role
from .roles import has_role, is_opcc_for, roles_in


@rules.predicate
def is_admin(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def role_predicate(*roles: Role) -> rules.Predicate:
    names = "_or_".join(role.value for role in roles)

    @rules.predicate(name=f"has_{names}")
    def predicate(user: Any, obj: Any) -> bool:
        return has_role(user, obj, *roles)

    return predicate


is_coordinator = role_predicate(Role.COORDINATOR)
is_lead_officer = role_predicate(Role.LEAD_OFFICER)
is_board_member = role_predicate(Role.BOARD_MEMBER)
is_finance_officer = role_predicate(Role.FINANCE_OFFICER)
is_dhr_coordinator = role_predicate(Role.DHR_COORDINATOR)


@rules.predicate
def is_member(user: Any, obj: Any) -> bool:
    return bool(roles_in(user, obj))


@rules.predicate
def is_opcc_officer(user: Any, obj: Any) -> bool:
    return is_opcc_for(user, obj)


@rules.predicate
def item_not_confidential(user: Any, obj: Any) -> bool:
    return not getattr(obj, "confidential", False)


# Anyone who may read the partnership's (non-confidential) business.
can_read = is_admin | is_member | is_opcc_officer
can_manage = is_admin | is_coordinator
can_see_confidential = is_admin | is_coordinator | is_board_member

rules.add_perm("partnership.view_partnership", can_read)
rules.add_perm("partnership.view_people", is_admin | is_member)
rules.add_perm("partnership.manage_people", can_manage)
rules.add_perm("partnership.view_meeting", can_read)
rules.add_perm("partnership.manage_meetings", can_manage)
rules.add_perm("partnership.view_groups", can_read)
rules.add_perm("partnership.manage_groups", can_manage)
rules.add_perm("partnership.view_confidential", can_see_confidential)
rules.add_perm("partnership.view_paper", can_read & (item_not_confidential | can_see_confidential))
rules.add_perm("partnership.update_meeting_action", can_manage)
