"""The one way to find a funding object for a user (404 if unseen; lock on request).

``access_award(user=..., partnership=..., pk=...)`` and its siblings own the visibility filter
(``.visible_to(user).in_partnership(partnership)``: an OPCC officer sees sent returns only), what
the pages need joined in, and the row lock (``lock=True``: FOR UPDATE OF the row only, never the
shared FundingStream). Another partnership's object and a missing one get the same 404.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from partnership.access import access_object

from .models import BudgetLine, GrantAward, GrantReturn, Virement

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from partnership.models import Partnership, User


def access_award(*, user: User | AnonymousUser, partnership: Partnership, pk: Any,
                 lock: bool = False) -> GrantAward:
    return access_object(GrantAward.objects.visible_to(user).in_partnership(partnership)
                         .select_related("stream", "partnership"), pk=pk, lock=lock)


def access_budget_line(*, award: GrantAward, pk: Any, lock: bool = False) -> BudgetLine:
    """A line of an award already accessed (so already visible)."""
    return access_object(BudgetLine.objects.filter(award=award), pk=pk, lock=lock)


def access_virement(*, user: User | AnonymousUser, award: GrantAward, pk: Any,
                    lock: bool = False) -> Virement:
    return access_object(
        Virement.objects.visible_to(user).filter(from_line__award=award)
        .select_related("from_line__award__partnership", "to_line"), pk=pk, lock=lock)


def access_return(*, user: User | AnonymousUser, partnership: Partnership, pk: Any,
                  lock: bool = False) -> GrantReturn:
    return access_object(
        GrantReturn.objects.visible_to(user).in_partnership(partnership)
        .select_related("award__stream", "award__partnership__pcc_office", "submitted_by",
                        "decided_by", "created_by"), pk=pk, lock=lock)
