"""Grant awards: creating one (with its return schedule) and opening or closing it."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from partnership.models import Partnership, User
from partnership.periods import FinancialYear
from partnership.roles import require_perm
from partnership.uploads import check_upload

from ..models import (
    AwardStatus,
    FundingStream,
    GrantAward,
    ReturnDue,
    default_schedule,
    quarterly_schedule,
)
from ..money import money

SCHEDULES = {"six_monthly": default_schedule, "quarterly": quarterly_schedule}


def _require_active(award: GrantAward, what: str) -> None:
    if award.status != AwardStatus.ACTIVE:
        raise ValidationError(f"This award is closed: {what}. Reopen it first if this is a correction.")


def _positive(amount: Decimal, field: str, what: str = "The amount") -> Decimal:
    amount = money(amount)
    if amount <= 0:
        raise ValidationError({field: f"{what} must be more than £0.00."})
    return amount


@transaction.atomic
def award_create(*, partnership: Partnership, by: User, stream: FundingStream, year_start: int,
                 revenue_amount: Decimal, capital_amount: Decimal, conditions: str = "",
                 variance_threshold_percent: Decimal = Decimal("10.00"),
                 schedule: str = "six_monthly", award_letter: UploadedFile | None = None
                 ) -> GrantAward:
    """Record a grant award and its return schedule (six-monthly unless said otherwise)."""
    require_perm(by, "funding.manage_awards", partnership)
    if schedule not in SCHEDULES:
        raise ValidationError({"schedule": "Choose six-monthly or quarterly returns."})
    for field, value in (("revenue_amount", revenue_amount), ("capital_amount", capital_amount)):
        if money(value) < 0:
            raise ValidationError({field: "An amount cannot be negative."})
    if GrantAward.objects.filter(partnership=partnership, stream=stream, year_start=year_start).exists():
        raise ValidationError({"year_start": f"There is already a {stream} award for "
                                             f"{FinancialYear(year_start).label}."})
    award = GrantAward(partnership=partnership, stream=stream, year_start=year_start,
                       revenue_amount=money(revenue_amount), capital_amount=money(capital_amount),
                       amount=money(revenue_amount) + money(capital_amount), conditions=conditions,
                       variance_threshold_percent=variance_threshold_percent)
    if award_letter is not None:
        checked = check_upload(award_letter)
        award.award_letter_name = checked.original_name
        award.award_letter_type = checked.content_type
        award.award_letter.save(checked.original_name, checked.file, save=False)
    try:
        award.full_clean()
        award.save()
    except Exception:
        if award.award_letter:
            award.award_letter.delete(save=False)
        raise
    for part, due_on in SCHEDULES[schedule](award.financial_year):
        ReturnDue.objects.create(award=award, part=part, due_on=due_on)
    return award


@transaction.atomic
def award_set_status(*, award: GrantAward, by: User, status: AwardStatus) -> GrantAward:
    """Close an award at the end of its life (no more spend, lines or virements), or reopen it."""
    require_perm(by, "funding.manage_awards", award.partnership)
    if status not in AwardStatus.values:
        raise ValidationError("Choose active or closed.")
    award.status = status
    award.full_clean()
    award.save(update_fields=["status"])
    return award
