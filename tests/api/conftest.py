"""Shared set-up for the read API's tests: the demo data, a draft and a submitted return, and
a bearer token per person."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from api.services import api_token_create
from funding import services as funding_services
from funding.models import GrantAward


@pytest.fixture
def api_world(demo: dict[str, Any]) -> dict[str, Any]:
    hunts, users = demo["hunts"], demo["users"]
    coordinator = users["coordinator@huntingdonshire.example"]
    csf = GrantAward.objects.get(partnership=hunts, year_start=2015)
    sscf = GrantAward.objects.get(partnership=hunts, year_start=2008)
    draft = funding_services.return_start(award=csf, by=coordinator, part="H2")
    submitted = funding_services.return_start(award=sscf, by=coordinator, part="H1")
    funding_services.return_submit(grant_return=submitted, by=coordinator, no_personal_data=True)
    return {**demo, "draft": draft, "submitted": submitted}


@pytest.fixture
def token_client() -> Callable[[Any], Client]:
    """A client that sends a fresh bearer token of ``user`` (no session)."""

    def make(user: Any) -> Client:
        secret = api_token_create(user=user, name="Tests").secret
        return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")

    return make
