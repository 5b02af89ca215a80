"""Who may do what with grants, spend, virements and returns.

- Everyone who may read the partnership's business (members, its OPCC officers, admins) sees
  awards, returns and their exports.
- The coordinator and the finance officer keep awards and lines, record spend, request
  virements and complete and submit returns.
- Only the coordinator approves a virement, and never their own request.
- Only the OPCC officer for the partnership's force area (or an admin) accepts or returns a
  submitted return.
"""

from __future__ import annotations

from typing import Any

import rules

from partnership.rules import can_read, is_admin, is_coordinator, is_finance_officer, is_opcc_officer

can_keep_books = is_admin | is_coordinator | is_finance_officer


@rules.predicate
def not_own_request(user: Any, virement: Any) -> bool:
    return getattr(virement, "requested_by_id", None) != user.pk


@rules.predicate
def has_opcc_office(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and getattr(user, "opcc_office_id", None))


rules.add_perm("funding.view_funding", can_read)
rules.add_perm("funding.manage_awards", can_keep_books)
rules.add_perm("funding.record_spend", can_keep_books)
rules.add_perm("funding.request_virement", can_keep_books)
rules.add_perm("funding.approve_virement", is_admin | (is_coordinator & not_own_request))
rules.add_perm("funding.edit_return", can_keep_books)
rules.add_perm("funding.review_return", is_admin | is_opcc_officer)
# The cross-partnership OPCC pages (no partnership in the URL).
rules.add_perm("funding.use_opcc_pages", is_admin | has_opcc_office)
