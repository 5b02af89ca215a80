"""Keeping one coordinator holds under concurrency: two threads against the real PostgreSQL.

Each thread's transaction pauses (at a barrier, 3 s at most) after its check and delete and
before it commits. Without a real lock both checks pass and both commit: the partnership is
left with no coordinator. With the Partnership row locked the second thread waits for the
first to commit, then sees there is no other coordinator and is refused.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from partnership import services
from partnership.models import Membership, Role
from tests import factories

PartnershipFactory: Any = factories.PartnershipFactory
MembershipFactory: Any = factories.MembershipFactory


def _race(monkeypatch: Any, first: Callable[[], Any], second: Callable[[], Any]) -> list[Any]:
    """Run both writes at once; each pauses before committing. Returns what each raised."""
    barrier = threading.Barrier(2)
    real_forget = services.forget_roles

    def pause_before_commit(user: Any) -> None:
        # A broken barrier means the other thread waits for our lock: commit and let it go on.
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=3)
        real_forget(user)

    monkeypatch.setattr(services, "forget_roles", pause_before_commit)
    outcomes: list[Any] = [None, None]

    def run(index: int, write: Callable[[], Any]) -> None:
        try:
            write()
        except ValidationError as error:
            outcomes[index] = error
        except BaseException as error:  # noqa: BLE001 - reported to the test thread
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(0, first)),
               threading.Thread(target=run, args=(1, second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def _two_coordinators() -> tuple[Any, Any]:
    partnership = PartnershipFactory()
    return (MembershipFactory(partnership=partnership, coordinator=True),
            MembershipFactory(partnership=partnership, coordinator=True))


def _coordinators(partnership_id: int) -> int:
    return Membership.objects.filter(partnership_id=partnership_id,
                                     roles__contains=[Role.COORDINATOR]).count()


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_removing_each_other_leave_one(monkeypatch: Any) -> None:
    a, b = _two_coordinators()
    outcomes = _race(monkeypatch,
                     lambda: services.membership_remove(membership=b, by=a.user),
                     lambda: services.membership_remove(membership=a, by=b.user))
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(refused) == 1, outcomes
    assert refused[0].messages == ["A partnership must keep at least one coordinator."]
    assert outcomes.count(None) == 1
    assert _coordinators(a.partnership_id) == 1


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_demoting_each_other_leave_one(monkeypatch: Any) -> None:
    a, b = _two_coordinators()
    outcomes = _race(
        monkeypatch,
        lambda: services.membership_update(membership=b, by=a.user, roles=[Role.VIEWER],
                                           organisation=None),
        lambda: services.membership_update(membership=a, by=b.user, roles=[Role.VIEWER],
                                           organisation=None))
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(refused) == 1, outcomes
    assert refused[0].message_dict == {"roles": ["A partnership must keep at least one coordinator."]}
    assert _coordinators(a.partnership_id) == 1


@pytest.mark.django_db
def test_the_last_coordinator_cannot_be_demoted() -> None:
    a, b = _two_coordinators()
    services.membership_update(membership=b, by=a.user, roles=[Role.VIEWER], organisation=None)
    admin = factories.UserFactory(is_superuser=True)
    with pytest.raises(ValidationError) as refused:
        services.membership_update(membership=a, by=admin, roles=[Role.VIEWER], organisation=None)
    assert refused.value.message_dict == {
        "roles": ["A partnership must keep at least one coordinator."]}
    a.refresh_from_db()
    assert a.roles == [Role.COORDINATOR]
