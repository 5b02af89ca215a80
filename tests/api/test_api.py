"""The read API: each list scoped as the pages are (another partnership's rows never, an OPCC
officer sent returns only, reviews nowhere), filters by partnership, period and status with
clear 400s, and cursor pages that add up to the whole list."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from actionplans.models import Action
from funding.models import GrantAward
from priorities.models import MeasureValue

pytestmark = pytest.mark.django_db

LISTS = ["partnerships", "measures", "measure-values", "actions", "action-updates", "awards",
         "budget-lines", "spend", "returns", "meetings"]
COORDINATOR = "coordinator@huntingdonshire.example"
OPCC = "opcc@cambridgeshire-pcc.example"
OTHER = "coordinator@blaby-hinckley.example"


def rows(client: Client, name: str, **params: Any) -> list[dict[str, Any]]:
    """Every row of a list, following the cursor pages."""
    found: list[dict[str, Any]] = []
    url: str | None = f"/api/v1/{name}/"
    query: dict[str, Any] | None = {"page_size": 500, **params}
    while url:
        response = client.get(url, query)
        assert response.status_code == 200, (name, response.content[:300])
        assert response["Content-Type"] == "application/json"
        assert response["Cache-Control"] == "private, no-store"
        body = response.json()
        found += body["results"]
        url, query = body["next"], None
    return found


def test_a_member_sees_only_partnerships_they_belong_to(api_world: dict[str, Any],
                                                         token_client: Any) -> None:
    users = api_world["users"]
    hunts = token_client(users[COORDINATOR])
    assert [p["slug"] for p in rows(hunts, "partnerships")] == ["huntingdonshire"]
    for name in LISTS:
        assert {row.get("partnership", row.get("slug")) for row in rows(hunts, name)} <= {
            "huntingdonshire"}, name
    # The demo partnership's business is all there (counted here straight from the tables).
    # Every action of the partnership's own plans; a DHR review's recommendations (its plan's
    # actions) are need-to-know and never in the API.
    assert len(rows(hunts, "actions")) == Action.objects.filter(
        partnership__slug="huntingdonshire").exclude(plan__owner_kind="review").count() > 0
    assert not [row for row in rows(hunts, "actions") if row["reference"].startswith("R")]
    assert len(rows(hunts, "measure-values")) == MeasureValue.objects.filter(
        measure__partnership__slug="huntingdonshire").count() > 0


def test_another_partnership_sees_nothing_of_it(api_world: dict[str, Any],
                                                token_client: Any) -> None:
    other = token_client(api_world["users"][OTHER])
    for name in LISTS:
        assert rows(other, name, partnership="huntingdonshire") == [], name
    action = Action.objects.filter(partnership=api_world["hunts"]).community().order_by("pk").first()
    assert action is not None
    assert other.get(f"/api/v1/actions/{action.pk}/").status_code == 404


def test_the_opcc_sees_submitted_returns_never_drafts(api_world: dict[str, Any],
                                                      token_client: Any) -> None:
    draft, submitted = api_world["draft"], api_world["submitted"]
    opcc = token_client(api_world["users"][OPCC])
    seen = {row["id"] for row in rows(opcc, "returns", partnership="huntingdonshire")}
    assert submitted.pk in seen and draft.pk not in seen
    assert opcc.get(f"/api/v1/returns/{draft.pk}/").status_code == 404
    assert opcc.get(f"/api/v1/returns/{submitted.pk}/").json()["status"] == "submitted"
    coordinator = token_client(api_world["users"][COORDINATOR])
    assert coordinator.get(f"/api/v1/returns/{draft.pk}/").json()["status"] == "draft"


def test_reviews_are_never_exposed(api_world: dict[str, Any], token_client: Any) -> None:
    client = token_client(api_world["users"]["admin@csp-portal.example"])
    schema = client.get("/api/v1/schema/", {"format": "json"})
    assert schema.status_code == 200
    assert not [path for path in schema.json()["paths"] if "review" in path.lower()]
    assert client.get("/api/v1/reviews/").status_code == 404


def test_filters_by_period_and_status(api_world: dict[str, Any], token_client: Any) -> None:
    client = token_client(api_world["users"][COORDINATOR])
    awards = rows(client, "awards", period="2015/16")
    assert [a["year_start"] for a in awards] == [2015] * GrantAward.objects.filter(
        partnership=api_world["hunts"], year_start=2015).count()
    assert awards
    some = MeasureValue.objects.filter(measure__partnership=api_world["hunts"]).first()
    assert some is not None
    year = some.period[:7]
    values = rows(client, "measure-values", period=year)
    assert values and {v["period"][:7] for v in values} == {year}
    assert len(values) == MeasureValue.objects.filter(
        measure__partnership=api_world["hunts"], period__startswith=year).count()
    submitted = rows(client, "returns", status="submitted")
    assert api_world["submitted"].pk in [r["id"] for r in submitted]
    assert {r["status"] for r in submitted} == {"submitted"}
    assert {r["status"] for r in rows(client, "actions", status="complete")} <= {"complete"}


@pytest.mark.parametrize(("params", "message"), [
    ({"period": "2016"}, "is not a period"),
    ({"period": "2016/18"}, "a financial year runs from one year into the next"),
    ({"status": "lost"}, "is not a status"),
    ({"cursor": "not-a-cursor"}, "Invalid cursor"),
])
def test_bad_filters_are_a_clear_400_or_404(api_world: dict[str, Any], token_client: Any,
                                            params: dict[str, str], message: str) -> None:
    client = token_client(api_world["users"][COORDINATOR])
    response = client.get("/api/v1/returns/", params)
    assert response.status_code in (400, 404)
    assert message in response.json()["detail"]


def test_cursor_pages_add_up_to_the_whole_list(api_world: dict[str, Any],
                                               token_client: Any) -> None:
    client = token_client(api_world["users"][COORDINATOR])
    whole = [row["id"] for row in rows(client, "actions")]
    paged: list[int] = []
    url: str | None = "/api/v1/actions/?page_size=7"
    pages = 0
    while url:
        body = client.get(url).json()
        paged += [row["id"] for row in body["results"]]
        url, pages = body["next"], pages + 1
    assert paged == whole == sorted(whole)
    assert pages == -(-len(whole) // 7) and pages > 1
