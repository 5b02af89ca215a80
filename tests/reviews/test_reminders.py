"""Review reminders and chasers in the outbox: who hears, what the line says (reference only),
once per deadline and once a week while overdue."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from partnership.models import Notification, Role
from reviews.models import PanelRole
from reviews.reminders import queue_reminders
from tests.factories import PartnershipFactory, member

from .factories import InformationRequestFactory, PanelMemberFactory, ReviewFactory

pytestmark = pytest.mark.django_db
D = dt.date


def lines() -> set[tuple[str, str, str]]:
    return set(Notification.objects.values_list("kind", "recipient__email", "line"))


@pytest.fixture
def people() -> dict[str, Any]:
    hunts = PartnershipFactory()
    return {"hunts": hunts,
            "dhr": member(hunts, Role.DHR_COORDINATOR, email="dhr@hunts.example"),
            "coordinator": member(hunts, Role.COORDINATOR, email="coordinator@hunts.example")}


def test_decision_due_and_overdue(people: dict[str, Any]) -> None:
    ReviewFactory(partnership=people["hunts"], year=2026, number=1, pseudonym="Adult A",
                  notified_on=D(2026, 1, 31), stage="scoping")  # decision due 28 February
    assert queue_reminders(today=D(2026, 2, 20)) == 0  # 8 days left: not yet
    queue_reminders(today=D(2026, 2, 21))
    assert lines() == {("reviews.decision_due", "dhr@hunts.example",
                        "DHR-2026-01: the decision whether to hold a review is due by "
                        "28 February 2026")}
    queue_reminders(today=D(2026, 2, 22))  # the same deadline: nothing new
    assert Notification.objects.count() == 1
    queue_reminders(today=D(2026, 3, 1))
    queue_reminders(today=D(2026, 3, 7))  # the same overdue week: nothing new
    assert ("reviews.decision_due", "dhr@hunts.example",
            "DHR-2026-01: the decision whether to hold a review was due on 28 February 2026: "
            "1 day overdue") in lines()
    assert Notification.objects.count() == 2
    queue_reminders(today=D(2026, 3, 8))  # a week later: chased again
    assert Notification.objects.count() == 3
    assert not any("Adult A" in line for _, _, line in lines())


def test_completion_target_goes_to_the_chair_and_not_while_paused(people: dict[str, Any]) -> None:
    review = ReviewFactory(partnership=people["hunts"], year=2026, number=2, stage="drafting",
                           decision="hold", decided_on=D(2026, 2, 28))  # target 28 August
    chair = PanelMemberFactory(review=review, role=PanelRole.CHAIR).user
    PanelMemberFactory(review=review, role=PanelRole.MEMBER)
    queue_reminders(today=D(2026, 7, 29))
    assert lines() == {
        ("reviews.completion_due", email, "DHR-2026-02: the completion target is due by "
                                          "28 August 2026")
        for email in ("dhr@hunts.example", chair.email)}
    review.pauses.create(reason="inquest", started_on=D(2026, 8, 1))
    Notification.objects.all().delete()
    assert queue_reminders(today=D(2026, 9, 1)) == 0


def test_late_requests_chase_the_contact_and_escalate(people: dict[str, Any]) -> None:
    review = ReviewFactory(partnership=people["hunts"], year=2026, number=3, stage="information",
                           decision="hold", decided_on=D(2026, 2, 1))
    contact = member(people["hunts"], Role.VIEWER, email="imr@agency.example")
    InformationRequestFactory(review=review, contact=contact, kind="imr", due_on=D(2026, 3, 1),
                              organisation__name="Cambridgeshire Constabulary")
    InformationRequestFactory(review=review, kind="chronology", due_on=D(2026, 3, 1),
                              received_on=D(2026, 2, 27))  # received: never chased
    queue_reminders(today=D(2026, 3, 3))
    what = "DHR-2026-03: the Individual Management Review (IMR) from Cambridgeshire Constabulary"
    late = f"{what} was due on 1 March 2026: 2 days overdue"
    assert {row for row in lines() if row[0].startswith("reviews.request")} == {
        ("reviews.request_late", "imr@agency.example", late),
        ("reviews.request_escalated", "dhr@hunts.example", late)}
