"""Exact query counts per endpoint, the same for a page of one row and a page of every row
(no per-row queries): the token's lookup, then the page's one SELECT."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api.models import ApiToken

pytestmark = pytest.mark.django_db

# endpoint: queries for one page (token + the page's SELECT)
EXPECTED = {
    "partnerships": 2, "measures": 2, "measure-values": 2, "actions": 2, "action-updates": 2,
    "awards": 2, "budget-lines": 2, "spend": 2, "returns": 2, "meetings": 2,
}


def page(client: Any, name: str, size: int) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/api/v1/{name}/", {"page_size": size})
    assert response.status_code == 200
    return len(queries), len(response.json()["results"])


def test_list_queries_are_exact_and_flat(api_world: dict[str, Any], token_client: Any) -> None:
    admin = api_world["users"]["admin@csp-portal.example"]
    client = token_client(admin)
    ApiToken.objects.filter(user=admin).update(last_used_at=timezone.now())  # no touch write
    counts, rows = {}, {}
    for name in EXPECTED:
        small, one = page(client, name, 1)
        big, many = page(client, name, 500)
        counts[name], rows[name] = (small, big), (one, many)
    assert dict.fromkeys(EXPECTED, (1, True)) == {
        name: (one, many > 1) for name, (one, many) in rows.items()}, rows
    assert counts == {name: (count, count) for name, count in EXPECTED.items()}


def test_an_object_is_one_query_after_the_token(api_world: dict[str, Any],
                                                token_client: Any) -> None:
    admin = api_world["users"]["admin@csp-portal.example"]
    client = token_client(admin)
    ApiToken.objects.filter(user=admin).update(last_used_at=timezone.now())
    first = client.get("/api/v1/actions/", {"page_size": 1}).json()["results"][0]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/api/v1/actions/{first['id']}/").status_code == 200
    assert len(queries) == 2
