"""Spend recorded against a budget line."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from partnership.models import User
from partnership.roles import require_perm

from ..models import (
    BudgetLine,
    Spend,
)
from .awards import _positive, _require_active


@transaction.atomic
def spend_record(*, line: BudgetLine, by: User, spent_on: datetime.date, amount: Decimal,
                 description: str, reference: str = "") -> Spend:
    """Record spend on a line. Passing the budget is allowed (the award page warns)."""
    require_perm(by, "funding.record_spend", line.award.partnership)
    _require_active(line.award, "spend can no longer be recorded")
    amount = _positive(amount, "amount")
    spend = Spend(line=line, spent_on=spent_on, amount=amount, description=description.strip(),
                  reference=reference.strip(), recorded_by=by)
    spend.full_clean()
    spend.save()
    return spend
