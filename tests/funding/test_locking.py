"""Locks on an award lock the award only: two partnerships on one funding stream do not queue.

A thread keeps a budget-line write on partnership A's award open (uncommitted, so its lock is
held) while the test writes a budget line on partnership B's award from the same stream with a
2-second lock timeout. Locking ``FOR UPDATE`` without ``OF`` also locked the shared
FundingStream row (joined in by the award's default ordering), so B's write timed out.
"""

from __future__ import annotations

import threading
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, connections, transaction

from funding import services
from funding.models import BudgetLine, Kind
from partnership.models import Role
from tests.factories import member
from tests.funding.factories import FundingStreamFactory, GrantAwardFactory

GrantAward: Any = GrantAwardFactory
Stream: Any = FundingStreamFactory


@pytest.mark.django_db(transaction=True)
def test_a_write_on_one_award_does_not_block_another_partnership_on_the_same_stream() -> None:
    stream = Stream(name="Community Safety Fund")
    award_a, award_b = GrantAward(stream=stream), GrantAward(stream=stream)
    by_a = member(award_a.partnership, Role.COORDINATOR)
    by_b = member(award_b.partnership, Role.COORDINATOR)
    holding, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def hold_lock_on_a() -> None:
        try:
            with transaction.atomic():
                services.budget_line_add(award=award_a, by=by_a, title="Street pastors",
                                         kind=Kind.REVENUE, budget=Decimal("100.00"))
                holding.set()
                release.wait(timeout=20)
        except BaseException as error:  # noqa: BLE001 - reported to the test thread
            errors.append(error)
        finally:
            holding.set()
            connections.close_all()

    thread = threading.Thread(target=hold_lock_on_a)
    thread.start()
    try:
        assert holding.wait(timeout=20)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            services.budget_line_add(award=award_b, by=by_b, title="Street pastors",
                                     kind=Kind.REVENUE, budget=Decimal("200.00"))
    finally:
        release.set()
        thread.join(timeout=30)
    assert not errors, errors
    assert sorted(BudgetLine.objects.values_list("budget", flat=True)) == [
        Decimal("100.00"), Decimal("200.00")]
