from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from partnership.models import Role
from tests.factories import member

from .factories import BudgetLineFactory, GrantAwardFactory


@pytest.fixture
def award(db: Any) -> Any:
    return GrantAwardFactory(with_capital=True)


@pytest.fixture
def people(award: Any) -> dict[str, Any]:
    p = award.partnership
    return {
        "coordinator": member(p, Role.COORDINATOR),
        "coordinator2": member(p, Role.COORDINATOR),
        "finance": member(p, Role.FINANCE_OFFICER),
        "lead": member(p, Role.LEAD_OFFICER),
    }


@pytest.fixture
def opcc(award: Any) -> Any:
    from tests.factories import UserFactory

    return UserFactory(opcc_office=award.partnership.pcc_office)


@pytest.fixture
def lines(award: Any) -> dict[str, Any]:
    return {
        "asb": BudgetLineFactory(award=award, title="2 x ASB case workers", budget=Decimal("15000.00")),
        "chest": BudgetLineFactory(award=award, title="Community Chest", budget=Decimal("4637.00")),
        "cctv": BudgetLineFactory(award=award, title="CCTV Women's Refuge", budget=Decimal("4450.00"),
                                  capital=True),
    }
