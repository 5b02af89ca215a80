"""Permission matrix rows for the read API and its pages (see tests/permission_matrix.py).

The API's lists answer every signed-in person with what they may see (another partnership's
people get an empty list, not a 404); one object of another partnership is a 404; no
credentials is a 401 (an API answers, it does not redirect to a sign-in page)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from actionplans.models import Action
from api.services import api_token_create
from funding import services as funding_services
from funding.models import GrantAward
from tests.permission_matrix import ACTOR_EMAILS, OUTSIDERS, READERS, Row, check_row

pytestmark = pytest.mark.django_db

SIGNED_IN = READERS | OUTSIDERS
NO_CREDENTIALS = {"anonymous": 401}
LISTS = ["partnerships", "measures", "measure-values", "actions", "action-updates", "awards",
         "budget-lines", "spend", "returns", "meetings"]


@pytest.fixture
def world(demo: dict[str, Any]) -> dict[str, Any]:
    hunts, users = demo["hunts"], demo["users"]
    coordinator = users["coordinator@huntingdonshire.example"]
    # This year's award: the funding matrix starts returns on the 2015 and 2008 awards, and the
    # bad-input sweep builds every matrix's world into one database.
    newest = GrantAward.objects.filter(partnership=hunts).order_by("-year_start").first()
    assert newest is not None
    draft = funding_services.return_start(award=newest, by=coordinator, part="H1")
    token = api_token_create(user=coordinator, name="Matrix").token
    action = Action.objects.filter(partnership=hunts).order_by("pk").first()
    return {**demo, "draft": draft, "token": token, "action": action}


# Only the coordinator owns the token: anyone else revoking it gets the same 404 as for a
# token that does not exist.
NOT_THEIRS = {actor: 404 for actor in ACTOR_EMAILS if actor not in ("anonymous", "coordinator")}

ROWS = [
    *[Row(f"API list of {name}", lambda w, name=name: f"/api/v1/{name}/", SIGNED_IN,
          overrides=NO_CREDENTIALS) for name in LISTS],
    Row("API action", lambda w: f"/api/v1/actions/{w['action'].pk}/", READERS,
        overrides=NO_CREDENTIALS),
    # A draft return is the partnership's working copy: the OPCC does not know it exists.
    Row("API draft return", lambda w: f"/api/v1/returns/{w['draft'].pk}/", READERS,
        overrides={**NO_CREDENTIALS, "opcc": 404}),
    Row("API schema", lambda w: reverse("api:schema"), SIGNED_IN, overrides=NO_CREDENTIALS),
    Row("API docs", lambda w: reverse("api:docs"), SIGNED_IN),
    Row("API tokens", lambda w: reverse("api_tokens"), SIGNED_IN),
    Row("create an API token", lambda w: reverse("api_tokens"), SIGNED_IN, method="post",
        data={"name": "Workbook"}, ok_status=302),
    Row("revoke an API token", lambda w: reverse("api_token_revoke", args=[w["token"].pk]),
        frozenset({"coordinator"}), method="post", ok_status=302, overrides=NOT_THEIRS),
]


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_permission_matrix(row: Row, world: dict[str, Any]) -> None:
    check_row(row, world)
