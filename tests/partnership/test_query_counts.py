"""Pages run a constant number of queries whatever the data size."""

from __future__ import annotations

from typing import Any

import pytest

from partnership.models import Role
from tests.conftest import steady_queries
from tests.factories import (
    AgendaItemFactory,
    MeetingActionFactory,
    MeetingFactory,
    MembershipFactory,
    PartnershipFactory,
    member,
)


def grow(partnership: Any, user: Any, n: int) -> None:
    from partnership.models import SubGroup

    for number in range(n):
        meeting = MeetingFactory(partnership=partnership)
        group = SubGroup.objects.create(partnership=partnership, name=f"Group {SubGroup.objects.count()}",
                                        remit="x") if number % 2 else None
        MeetingFactory(partnership=partnership, group=group)  # a group's, or the board's
        AgendaItemFactory.create_batch(2, meeting=meeting)
        MeetingActionFactory(meeting=meeting, owner=user)
        MembershipFactory(partnership=partnership)


# The partnership switcher is read with the roles (one query fewer on every page since issue 15).
# The dashboard's current plan is one query (adopted first, else the newest draft), not one
# for each (19 -> 18 here, where the partnership has no plan).
@pytest.mark.parametrize(("page", "expected"), [
    ("", 18), ("my-work/", 12), ("meetings/", 7), ("people/", 5), ("organisations/", 5)])
def test_pages_are_flat(db: Any, client_for: Any, page: str, expected: int) -> None:
    partnership = PartnershipFactory()
    coordinator = member(partnership, Role.COORDINATOR)
    client = client_for(coordinator)
    url = f"/p/{partnership.slug}/{page}"
    grow(partnership, coordinator, 2)
    small = steady_queries(lambda: client.get(url))
    grow(partnership, coordinator, 40)
    large = steady_queries(lambda: client.get(url))
    assert client.get(url).status_code == 200
    assert (small, large) == (expected, expected), f"{url}: {small} queries, then {large}"


def papers_for(item: Any, by: Any, n: int) -> None:
    """n papers on the item: one current, one superseded by it, one withdrawn, and so on."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from partnership.models import Paper

    for number in range(n):
        paper = Paper(agenda_item=item, title=f"Paper {number}", original_name="p.pdf",
                      content_type="application/pdf", size=9, uploaded_by=by)
        paper.file.save("p.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
        if number % 3 == 1:
            previous = Paper.objects.filter(agenda_item=item).exclude(pk=paper.pk).latest("pk")
            Paper.objects.filter(pk=previous.pk).update(status="superseded", replaced_by=paper)
        elif number % 3 == 2:
            Paper.objects.filter(pk=paper.pk).update(status="withdrawn",
                                                     withdrawn_at=timezone.now())


def test_meeting_page_is_flat(db: Any, client_for: Any) -> None:
    partnership = PartnershipFactory()
    coordinator = member(partnership, Role.COORDINATOR)
    meeting = MeetingFactory(partnership=partnership)
    client = client_for(coordinator)
    url = f"/p/{partnership.slug}/meetings/{meeting.pk}/"
    first, _ = AgendaItemFactory.create_batch(2, meeting=meeting, duration_minutes=10)
    papers_for(first, coordinator, 3)
    small = steady_queries(lambda: client.get(url))
    from partnership.models import SubGroup

    groups = [SubGroup.objects.create(partnership=partnership, name=f"Group {n}", remit="x")
              for n in range(3)]  # reports from groups: each item names its group
    for number, item in enumerate(AgendaItemFactory.create_batch(
            60, meeting=meeting, duration_minutes=5, minutes="Discussed",
            decisions="Agreed\nNoted")):
        item.report_from = groups[number % 3]
        item.save()
        papers_for(item, coordinator, 3)
    MeetingActionFactory.create_batch(30, meeting=meeting, owner=coordinator, agenda_item=first)
    large = steady_queries(lambda: client.get(url))
    assert (small, large) == (10, 10)


def test_past_meetings_are_paginated(db: Any, client_for: Any) -> None:
    partnership = PartnershipFactory()
    coordinator = member(partnership, Role.COORDINATOR)
    MeetingFactory.create_batch(30, partnership=partnership, past=True)
    MeetingFactory.create_batch(2, partnership=partnership)
    client = client_for(coordinator)
    first = client.get(f"/p/{partnership.slug}/meetings/")
    assert len(first.context["past"]) == 25 and len(first.context["upcoming"]) == 2
    assert "Page 1 of 2" in first.content.decode()
    second = client.get(f"/p/{partnership.slug}/meetings/?page=2")
    assert len(second.context["past"]) == 5
    junk = client.get(f"/p/{partnership.slug}/meetings/?page=abc")
    assert junk.status_code == 200 and len(junk.context["past"]) == 25
