"""The partnership home page is the board's view: each figure, and the list it links to."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from actionplans.models import Action, ActionUpdate
from actionplans.rag import ActionStatus
from actionplans.states import UpdateState
from funding.models import GrantReturn
from partnership.models import BoardPack, Role
from reviews.stages import DhrStage
from tests.actionplans.factories import make_actions, plan_world
from tests.conftest import steady_queries
from tests.factories import AgendaItemFactory, MeetingFactory
from tests.funding.factories import BudgetLineFactory, GrantAwardFactory, SpendFactory
from tests.permission_matrix import verify_second_factor
from tests.priorities.factories import MeasureFactory, PlanFactory, PriorityFactory, value
from tests.reviews.factories import ReviewFactory

pytestmark = pytest.mark.django_db


def links(html: str) -> dict[str, str]:
    """Each link's text (tags stripped, whitespace normalised) -> its href."""
    found = {}
    for href, inner in re.findall(r'<a class="govuk-link" href="([^"]+)">(.*?)</a>', html, re.S):
        found[" ".join(re.sub(r"<[^>]+>", " ", inner).split())] = href.replace("&amp;", "&")
    return found


def board_world() -> dict[str, Any]:
    """A partnership with something in every panel: numbers chosen so no two figures match."""
    world = plan_world()
    partnership, today = world.partnership, timezone.localdate()
    past = today - datetime.timedelta(days=5)
    make_actions(world, 4, status=ActionStatus.IN_PROGRESS)  # green: due 2030
    red = make_actions(world, 3)  # red and overdue
    Action.objects.filter(pk__in=[a.pk for a in red]).update(due_on=past)
    make_actions(world, 2, status=ActionStatus.COMPLETE)  # closed: not counted
    ActionUpdate.objects.create(action=red[0], period=world.period, progress="Done a bit",
                                percent_complete=20, proposed_rag="red",
                                state=UpdateState.SUBMITTED, submitted_by=world.lead,
                                submitted_at=timezone.now())
    plan = PlanFactory(partnership=partnership)
    priority = PriorityFactory(plan=plan, title="Reduce violence")
    for name, before, after, target in (("Violence", 100, 90, 95), ("Burglary", 100, 120, 100),
                                        ("Robbery", 10, 12, None)):
        measure = MeasureFactory(partnership=partnership, priority=priority, name=name,
                                 target=target)
        value(measure, "2015/16", before)
        value(measure, "2016/17", after)
    year = timezone.localdate().year if today.month >= 4 else today.year - 1
    award = GrantAwardFactory(partnership=partnership, year_start=year)
    # nothing due within 60 days, whatever today is (each test says what it wants due)
    award.schedule.update(due_on=today + datetime.timedelta(days=200))
    SpendFactory(line=BudgetLineFactory(award=award, budget=Decimal("22990.00")),
                 amount=Decimal("5747.50"), spent_on=today)
    for stage, count in ((DhrStage.PANEL, 2), (DhrStage.DRAFTING, 1), (DhrStage.CLOSED, 4)):
        for _ in range(count):
            ReviewFactory(partnership=partnership, stage=stage)
    meeting = MeetingFactory(partnership=partnership, title="Partnership board Q3",
                             starts_at=timezone.now() + datetime.timedelta(days=9))
    pack = BoardPack.objects.create(meeting=meeting, status="ready", page_count=42,
                                    requested_by=world.coordinator)
    return {"world": world, "award": award, "priority": priority, "meeting": meeting,
            "pack": pack, "year": year}


def test_every_figure_links_to_the_list_that_shows_exactly_it(client_for: Any) -> None:
    data = board_world()
    world = data["world"]
    slug = world.partnership.slug
    client = client_for(world.coordinator)
    page = client.get(f"/p/{slug}/").content.decode()
    found = links(page)
    plans = f"/p/{slug}/action-plans/?year=2015"
    assert found["7 open actions"] == f"{plans}&status=open"
    assert found["3 red actions"] == f"{plans}&status=open&rag=red"
    assert found["0 amber actions"] == f"{plans}&status=open&rag=amber"
    assert found["4 green actions"] == f"{plans}&status=open&rag=green"
    assert found["3 overdue"] == f"{plans}&overdue=on"
    assert found["6 updates outstanding"] == f"{plans}&missing=on"
    # the list behind each figure shows that many actions
    for text, expected in (("7 open actions", 7), ("3 red actions", 3), ("4 green actions", 4),
                           ("3 overdue", 3), ("6 updates outstanding", 6)):
        assert client.get(found[text]).context["shown"] == expected, text

    priority_url = f"/p/{slug}/priorities/priority/{data['priority'].pk}/"
    assert found["1 on track"] == f"{priority_url}?status=on_track"
    assert found["1 off track"] == f"{priority_url}?status=off_track"
    assert found["1 without a target or figure"] == f"{priority_url}?status=none"
    measures = client.get(found["1 off track"]).context["measures"]
    assert [s.measure.name for s in measures] == ["Burglary"]

    award = data["award"]
    assert found["1 active grant award"] == f"/p/{slug}/funding/?status=active"
    assert "(25.0%)" in page  # £5,747.50 of £22,990.00
    assert found[f"£5,747.50 spent on {award.stream.name} {award.financial_year.label}"] == \
        f"/p/{slug}/funding/awards/{award.pk}/spend/"
    assert found["0 returns due"] == f"/p/{slug}/funding/?returns=due"

    assert found["2 reviews panel and terms of reference"] == f"/p/{slug}/reviews/?stage=panel"
    assert found["1 review drafting"] == f"/p/{slug}/reviews/?stage=drafting"
    assert "3 open reviews, by stage" in " ".join(page.split())
    assert "Adult" not in page  # anonymised: no pseudonym
    verify_second_factor(client, world.coordinator)  # review pages ask for a second factor
    rows = client.get(found["2 reviews panel and terms of reference"]).context["rows"]
    assert [row.stage for row in rows] == ["panel", "panel"]

    meeting, pack = data["meeting"], data["pack"]
    assert found["Partnership board Q3"] == f"/p/{slug}/meetings/{meeting.pk}/"
    assert found["Download the board pack for Partnership board Q3 (PDF, 42 pages)"] == \
        f"/p/{slug}/board-packs/{pack.pk}/"


def test_returns_due_link_to_the_awards_they_belong_to(client_for: Any) -> None:
    data = board_world()
    world, award = data["world"], data["award"]
    slug = world.partnership.slug
    today = timezone.localdate()
    due = award.schedule.order_by("due_on").first()
    due.due_on = today - datetime.timedelta(days=1)
    due.save()
    other = GrantAwardFactory(partnership=world.partnership, year_start=data["year"] - 1)
    other.schedule.update(due_on=today - datetime.timedelta(days=2))
    for row in other.schedule.all():  # overdue but all sent: nothing due
        GrantReturn.objects.create(award=other, part=row.part, status="submitted",
                                   is_current=True, revision=1)
    client = client_for(world.coordinator)
    found = links(client.get(f"/p/{slug}/").content.decode())
    assert found["1 return due"] == f"/p/{slug}/funding/?returns=due"
    awards = client.get(found["1 return due"]).context["awards"]
    assert [a.pk for a in awards] == [award.pk]


def grow(data: dict[str, Any], n: int) -> None:
    world = data["world"]
    partnership = world.partnership
    today = timezone.localdate()
    make_actions(world, 5 * n, status=ActionStatus.IN_PROGRESS)
    late = make_actions(world, 3 * n)
    Action.objects.filter(pk__in=[a.pk for a in late]).update(
        due_on=today - datetime.timedelta(days=3))
    for _ in range(n):
        priority = PriorityFactory(plan=data["priority"].plan)
        for _ in range(3):
            measure = MeasureFactory(partnership=partnership, priority=priority)
            value(measure, "2015/16", 10)
            value(measure, "2016/17", 12)
        award = GrantAwardFactory(partnership=partnership, year_start=data["year"])
        award.schedule.update(due_on=today - datetime.timedelta(days=3))  # each one overdue
        SpendFactory.create_batch(3, line=BudgetLineFactory(award=award), spent_on=today)
        ReviewFactory(partnership=partnership, stage=DhrStage.INFORMATION)
        ReviewFactory(partnership=partnership, stage=DhrStage.SCOPING)
        meeting = MeetingFactory(partnership=partnership,
                                 starts_at=timezone.now() + datetime.timedelta(days=30))
        AgendaItemFactory.create_batch(2, meeting=meeting)


# Issue 15: the switcher is read with the roles, and the open actions without this quarter's
# update are counted in the same query as their RAG (two queries fewer).
@pytest.mark.parametrize(("role", "expected"), [(Role.COORDINATOR, 21), (Role.BOARD_MEMBER, 20)])
def test_dashboard_query_budget_is_the_same_at_two_sizes(client_for: Any, role: Role,
                                                         expected: int) -> None:
    from tests.factories import member

    data = board_world()
    user = member(data["world"].partnership, role)
    client = client_for(user)
    url = f"/p/{data['world'].partnership.slug}/"
    grow(data, 1)
    small = steady_queries(lambda: client.get(url))
    grow(data, 12)
    large = steady_queries(lambda: client.get(url))
    assert client.get(url).status_code == 200
    assert (small, large) == (expected, expected)
