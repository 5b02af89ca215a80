"""Virements: asking to move budget between lines, and deciding."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from partnership.access import lock
from partnership.models import User
from partnership.roles import require_perm

from ..models import (
    BudgetLine,
    Virement,
    VirementStatus,
)
from ..money import ZERO
from ..selectors import LineFigures, figures_for, lines_with_figures
from .awards import _positive, _require_active


def _locked_figures(line: BudgetLine) -> LineFigures:
    """Lock the line, then read its budget, spend and pending virements afresh."""
    lock(line)
    return figures_for(lines_with_figures(award=line.award).get(pk=line.pk))


@transaction.atomic
def virement_request(*, from_line: BudgetLine, to_line: BudgetLine, by: User, amount: Decimal,
                     reason: str) -> Virement:
    """Ask to move budget between two lines of the same kind; nothing moves until approved."""
    require_perm(by, "funding.request_virement", from_line.award.partnership)
    _require_active(from_line.award, "money can no longer be moved between its lines")
    amount = _positive(amount, "amount")
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for moving the money."})
    virement = Virement(from_line=from_line, to_line=to_line, amount=amount, reason=reason.strip(),
                        requested_by=by)
    virement.full_clean()
    available = _locked_figures(from_line).available_to_move
    if amount > available:
        raise ValidationError({"amount": (
            f"“{from_line.title}” has £{max(available, ZERO):,.2f} of remaining budget that is not "
            f"already asked for: you cannot move £{amount:,.2f}.")})
    virement.save()
    return virement


@transaction.atomic
def virement_decide(*, virement: Virement, by: User, approve: bool) -> Virement:
    """Approve (the budgets change now) or reject a pending virement."""
    require_perm(by, "funding.approve_virement", virement)
    virement = Virement.objects.select_for_update(of=("self",)).select_related(
        "from_line__award", "to_line").get(pk=virement.pk)
    if virement.status != VirementStatus.PENDING:
        raise ValidationError(f"This virement was already {virement.get_status_display().lower()}.")
    if approve:
        _require_active(virement.from_line.award, "money can no longer be moved between its lines")
        remaining = _locked_figures(virement.from_line).remaining
        if virement.amount > remaining:
            raise ValidationError(
                f"“{virement.from_line.title}” has only £{max(remaining, ZERO):,.2f} of remaining "
                f"budget, less than the £{virement.amount:,.2f} asked for: reject this virement "
                "or ask for less.")
    virement.status = VirementStatus.APPROVED if approve else VirementStatus.REJECTED
    virement.decided_by = by
    virement.decided_at = timezone.now()
    virement.full_clean()
    virement.save()
    return virement
