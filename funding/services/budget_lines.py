"""Budget lines of an award: adding and changing them."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Sum

from partnership.access import lock
from partnership.models import Organisation, User
from partnership.roles import require_perm
from priorities.models import Priority

from ..models import (
    BudgetLine,
    GrantAward,
    Kind,
)
from ..money import ZERO, money
from ..selectors import figures_for, lines_with_figures
from .awards import _require_active


@transaction.atomic
def budget_line_add(*, award: GrantAward, by: User, title: str, kind: str, budget: Decimal,
                    lead_organisation: Organisation | None = None, priority: Priority | None = None,
                    profile_h1: Decimal | None = None, profile_h2: Decimal | None = None
                    ) -> BudgetLine:
    """Add a spending line; the lines of a kind may not add up to more than that kind's award."""
    require_perm(by, "funding.manage_awards", award.partnership)
    lock(award)  # serialise allocation
    _require_active(award, "lines can no longer be added")
    budget = money(budget)
    if budget < 0:
        raise ValidationError({"budget": "The budget cannot be negative."})
    if kind not in Kind.values:
        raise ValidationError({"kind": "Choose capital or revenue."})
    awarded = award.amount_for(kind)
    allocated = money(BudgetLine.objects.filter(award=award, kind=kind)
                      .aggregate(s=Sum("budget"))["s"] or ZERO)
    label = Kind(kind).label.lower()
    if allocated + budget > awarded:
        raise ValidationError({"budget": (
            f"This would allocate £{allocated + budget:,.2f} of {label}, more than the award's "
            f"£{awarded:,.2f} {label}: £{awarded - allocated:,.2f} is left to allocate.")})
    if BudgetLine.objects.filter(award=award, title=title.strip(), kind=kind).exists():
        raise ValidationError({"title": f"There is already a {label} line called “{title.strip()}”."})
    order = (BudgetLine.objects.filter(award=award).aggregate(top=Max("order"))["top"] or 0) + 1
    line = BudgetLine(award=award, title=title.strip(), kind=kind, budget=budget,
                      lead_organisation=lead_organisation, priority=priority,
                      profile_h1=None if profile_h1 is None else money(profile_h1),
                      profile_h2=None if profile_h2 is None else money(profile_h2), order=order)
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def budget_line_update(*, line: BudgetLine, by: User, title: str, budget: Decimal,
                       lead_organisation: Organisation | None = None, priority: Priority | None = None,
                       profile_h1: Decimal | None = None, profile_h2: Decimal | None = None
                       ) -> BudgetLine:
    """Change a line. Its kind never changes (capital stays capital); the lines of a kind may
    still not add up to more than the award, and a budget may not drop below what is spent."""
    award = line.award
    require_perm(by, "funding.manage_awards", award.partnership)
    lock(award)  # serialise allocation
    _require_active(award, "its lines can no longer be changed")
    budget = money(budget)
    if budget < 0:
        raise ValidationError({"budget": "The budget cannot be negative."})
    others = money(BudgetLine.objects.filter(award=award, kind=line.kind).exclude(pk=line.pk)
                   .aggregate(s=Sum("budget"))["s"] or ZERO)
    awarded = award.amount_for(line.kind)
    label = Kind(line.kind).label.lower()
    if others + budget > awarded:
        raise ValidationError({"budget": (
            f"This would allocate £{others + budget:,.2f} of {label}, more than the award's "
            f"£{awarded:,.2f} {label}: this line can have at most £{awarded - others:,.2f}.")})
    figures = figures_for(lines_with_figures(award=award).get(pk=line.pk))
    after = budget + (figures.budget - figures.original_budget)  # approved virements still apply
    if after < figures.spent + figures.pending_out:
        raise ValidationError({"budget": (
            f"£{figures.spent:,.2f} has been spent on this line"
            f"{f' and £{figures.pending_out:,.2f} is asked for in virements' if figures.pending_out else ''}"
            f": its budget cannot be less than that.")})
    if BudgetLine.objects.filter(award=award, title=title.strip(), kind=line.kind).exclude(
            pk=line.pk).exists():
        raise ValidationError({"title": f"There is already a {label} line called “{title.strip()}”."})
    line.title, line.budget = title.strip(), budget
    line.lead_organisation, line.priority = lead_organisation, priority
    line.profile_h1 = None if profile_h1 is None else money(profile_h1)
    line.profile_h2 = None if profile_h2 is None else money(profile_h2)
    line.full_clean()
    line.save()
    return line
