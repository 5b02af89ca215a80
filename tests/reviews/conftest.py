"""Review pages need a session verified with a second factor: ``client_for`` gives one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.permission_matrix import verify_second_factor


@pytest.fixture
def client_for(client_for: Callable[[Any], Client]) -> Callable[[Any], Client]:
    """The suite's ``client_for``, then verified with an authenticator."""
    signed_in = client_for

    def make(user: Any) -> Client:
        client = signed_in(user)
        if user is not None:
            verify_second_factor(client, user)
        return client

    return make
