"""The action plan page shows 50 actions a page; its counts cover every matching action, and
its page links keep the filters."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.urls import reverse

from actionplans.models import Action
from tests.actionplans.factories import make_actions, plan_world

pytestmark = pytest.mark.django_db


def _refs(html: str) -> list[str]:
    return re.findall(r'/action-plans/actions/\d+/">(P1\.\d+)</a>', html)


@pytest.fixture
def page(client_for: Any) -> Any:
    world = plan_world()
    make_actions(world, 55)
    Action.objects.update(status="in_progress")  # green while due in 2030
    # Two overdue: red.
    Action.objects.filter(reference__in=["P1.3", "P1.54"]).update(due_on=datetime.date(2020, 1, 1))
    client = client_for(world.coordinator)
    url = reverse("actionplans:plans", args=[world.partnership.slug])

    def get(query: str = "") -> str:
        response = client.get(url + query)
        assert response.status_code == 200
        return str(response.content.decode())

    return world, get


def test_the_first_page_shows_50_of_the_matching_actions(page: Any) -> None:
    world, get = page
    html = get()
    refs = _refs(html)
    assert len(refs) == 50
    # References sort as text: P1.1, P1.10, P1.11, …
    assert refs[:3] == ["P1.1", "P1.10", "P1.11"]
    assert "Showing actions 1 to 50 of 55." in html
    assert "Page 1 of 2" in html
    # The RAG counts are over all 55, not the page.
    assert 'Red</strong> 2</li>' in html
    assert 'Green</strong> 53</li>' in html
    # Each row links to its action.
    action = Action.objects.get(reference="P1.1")
    assert f'href="/p/{world.partnership.slug}/action-plans/actions/{action.pk}/">P1.1<' in html


def test_the_second_page_and_its_links(page: Any) -> None:
    _world, get = page
    first = set(_refs(get()))
    html = get("?page=2")
    second = _refs(html)
    assert len(second) == 5
    assert not first & set(second)
    assert len(first | set(second)) == 55
    assert "Showing actions 51 to 55 of 55." in html
    assert 'href="?page=1" rel="prev"' in html


def test_page_links_keep_the_filters(page: Any) -> None:
    world, get = page
    html = get(f"?year={world.plan.year}&rag=red")
    assert sorted(_refs(html)) == ["P1.3", "P1.54"]
    assert "Showing 2 actions." in html
    assert "Page 1 of" not in html
    html = get(f"?year={world.plan.year}&status=in_progress")
    assert f'href="?year={world.plan.year}&amp;status=in_progress&amp;page=2" rel="next"' in html


# As every paged list of the portal (Paginator.get_page): junk is the first page, a number out of
# range (too high, or below 1) the last.
@pytest.mark.parametrize(("query", "number"), [("?page=abc", 1), ("?page=²", 1), ("?page=1.5", 1),
                                               ("?page=0", 2), ("?page=99", 2), ("?page=-1", 2),
                                               ("?page=99999999999999999999", 2)])
def test_any_page_parameter_gives_a_page(page: Any, query: str, number: int) -> None:
    _world, get = page
    assert f"Page {number} of 2" in get(query)
