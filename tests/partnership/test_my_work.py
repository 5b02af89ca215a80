"""Every role lands on its own work: "My work" says what is due and by when, what came back
with the coordinator's comment, what waits for review, and the next board with its pack.
Constant queries whatever the data size (exact numbers at two sizes; two of them are the
two-factor check of a session not yet verified: has this person an authenticator?)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from actionplans.models import Action, ActionUpdate
from actionplans.selectors import current_period
from partnership.models import Meeting, MeetingAction
from tests.conftest import count_queries

LEAD = "lead.officer@huntingdonshire.example"
COORDINATOR = "coordinator@huntingdonshire.example"
BOARD = "board.member@huntingdonshire.example"
VIEWER = "viewer@huntingdonshire.example"
MY_WORK = "/p/huntingdonshire/my-work/"


def page(client_for: Any, demo: dict[str, Any], email: str) -> str:
    response = client_for(demo["users"][email]).get(MY_WORK)
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def test_home_lands_each_working_role_on_my_work(demo: dict[str, Any], client_for: Any) -> None:
    for email in (LEAD, COORDINATOR, BOARD):
        assert client_for(demo["users"][email]).get("/")["Location"] == MY_WORK
    assert client_for(demo["users"][VIEWER]).get("/")["Location"] == "/p/huntingdonshire/"


def test_lead_officer_sees_what_is_due_and_what_came_back(demo: dict[str, Any],
                                                          client_for: Any) -> None:
    hunts, lead = demo["hunts"], demo["users"][LEAD]
    period = current_period(hunts)
    mine = Action.objects.filter(lead_officer=lead, plan__status="live").exclude(
        status__in=["complete", "cancelled", "deferred"])
    done = ActionUpdate.objects.filter(action__in=mine, period=period,
                                       state__in=["submitted", "resubmitted", "accepted"])
    expected = mine.count() - done.count()
    assert expected > 1
    html = page(client_for, demo, LEAD)
    assert f"{expected} updates due by {period.deadline:%-d %B}" in html
    assert "Returned to you" in html
    assert ("Claire Cooper: “Please add the numbers of cases and the date of the next "
            "milestone.”") in html
    history = Action.objects.filter(lead_officer=lead, plan__year=2015).first()
    assert f"/actions/{history.pk}/update/" not in html  # closed plans ask nothing


def test_coordinator_sees_the_review_count(demo: dict[str, Any], client_for: Any) -> None:
    waiting = ActionUpdate.objects.filter(action__partnership=demo["hunts"],
                                          state__in=["submitted", "resubmitted"]).count()
    assert waiting > 1
    html = page(client_for, demo, COORDINATOR)
    assert f"{waiting} updates waiting for review" in html
    assert "/p/huntingdonshire/action-plans/review/" in html


def test_board_member_sees_the_next_meeting_and_its_pack(demo: dict[str, Any],
                                                         client_for: Any) -> None:
    html = page(client_for, demo, BOARD)
    assert "Next meeting" in html and "Partnership board – next quarter" in html
    assert "The board pack has not been compiled yet." in html
    assert "updates due by" not in html and "waiting for review" not in html


def test_board_member_gets_the_newest_ready_pack_not_one_in_flight(demo: dict[str, Any],
                                                                   client_for: Any) -> None:
    from partnership.models import BoardPack, BoardPackStatus

    board = Meeting.objects.get(partnership=demo["hunts"],
                                title="Partnership board – next quarter")
    now = timezone.now()
    ready = BoardPack.objects.create(meeting=board, status=BoardPackStatus.READY, page_count=12,
                                     requested_at=now - datetime.timedelta(hours=2))
    BoardPack.objects.create(meeting=board, status=BoardPackStatus.COMPILING, requested_at=now)
    html = page(client_for, demo, BOARD)
    assert (f'href="/p/huntingdonshire/board-packs/{ready.pk}/">'
            "Download the board pack (PDF, 12 pages)") in html


def grow(demo: dict[str, Any], extra: int) -> None:
    """More of everything My work lists: actions due, returned updates, meetings, actions."""
    hunts, lead, coordinator = demo["hunts"], demo["users"][LEAD], demo["users"][COORDINATOR]
    period = current_period(hunts)
    template = Action.objects.filter(lead_officer=lead, plan__status="live").first()
    for n in range(extra):
        action = Action.objects.create(
            plan=template.plan, partnership=hunts, reference=f"X.{n}", description=f"Extra {n}",
            lead_officer=lead, start_on=template.start_on, due_on=template.due_on,
            status="in_progress", percent_complete=10)
        ActionUpdate.objects.create(action=action, period=period, progress="Some", percent_complete=10,
                                    proposed_rag="amber", proposed_status="in_progress",
                                    state="returned" if n % 2 else "submitted",
                                    submitted_by=lead, submitted_at=timezone.now(),
                                    reviewed_by=coordinator if n % 2 else None,
                                    review_comment="More detail, please." if n % 2 else "")
        meeting = Meeting.objects.create(partnership=hunts, title=f"Extra board {n}",
                                         starts_at=timezone.now() + datetime.timedelta(days=60 + n))
        MeetingAction.objects.create(meeting=meeting, owner=lead, description=f"Do {n}",
                                     due_on=timezone.localdate() + datetime.timedelta(days=n))


# Issue 15: the switcher is read with the roles (one query fewer for everyone), and the lead's
# actions still to write are counted from the rows read (one more fewer for a lead); then the
# actions to write and those returned are read from "My actions" rows (three fewer, 14 -> 11).
@pytest.mark.parametrize(("email", "queries"), [(LEAD, 11), (COORDINATOR, 12), (BOARD, 9),
                                                (VIEWER, 9)])
def test_my_work_queries_are_flat(demo: dict[str, Any], client_for: Any, email: str,
                                  queries: int) -> None:
    client = client_for(demo["users"][email])
    client.get(MY_WORK)  # warm the session
    small = count_queries(lambda: client.get(MY_WORK))
    grow(demo, 12)
    large = count_queries(lambda: client.get(MY_WORK))
    assert (small, large) == (queries, queries)
