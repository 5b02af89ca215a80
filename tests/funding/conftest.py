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


@pytest.fixture
def submitted_bhb_q1(demo: dict[str, Any]) -> Any:
    """A submitted Q1 return of Blaby and Hinckley and Bosworth's 2017/18 Locality Fund."""
    from funding import services
    from funding.models import GrantAward

    award = GrantAward.objects.get(partnership=demo["bhb"], year_start=2017)
    coordinator = demo["users"]["coordinator@blaby-hinckley.example"]
    grant_return = services.return_start(award=award, by=coordinator, part="Q1")
    return services.return_submit(grant_return=grant_return, by=coordinator, no_personal_data=True)
