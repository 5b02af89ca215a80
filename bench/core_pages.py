"""Core pages (dashboard, My work, meetings, a meeting, people) at two data sizes.

Prints the time and query count of each page with 10 and 500 meetings. The query counts
must not grow with the data; the times show what a coordinator waits.
Run: .venv/bin/python bench/core_pages.py
"""

from __future__ import annotations

from harness import bench_database, timed


def main() -> None:
    from django.test import Client

    from partnership.models import Role
    from tests.factories import (
        AgendaItemFactory,
        MeetingActionFactory,
        MeetingFactory,
        MembershipFactory,
        PartnershipFactory,
        member,
    )

    with bench_database():
        partnership = PartnershipFactory()
        coordinator = member(partnership, Role.COORDINATOR)
        client = Client()
        client.force_login(coordinator, backend="django.contrib.auth.backends.ModelBackend")
        created = 0
        for size in (10, 500):
            for _ in range(size - created):
                meeting = MeetingFactory(partnership=partnership)
                AgendaItemFactory.create_batch(3, meeting=meeting)
                MeetingActionFactory(meeting=meeting, owner=coordinator)
                MembershipFactory(partnership=partnership)
            created = size
            last = partnership.meetings.order_by("-pk").first()
            assert last is not None
            for page in ("", "my-work/", "meetings/", f"meetings/{last.pk}/", "people/"):
                url = f"/p/{partnership.slug}/{page}"
                client.get(url)  # warm up
                with timed(f"{size:4d} meetings  GET {url}"):
                    response = client.get(url)
                assert response.status_code == 200, url


if __name__ == "__main__":
    main()
