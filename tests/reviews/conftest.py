"""Review pages need a session verified with a second factor: ``client_for`` gives one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.permission_matrix import verify_second_factor


@pytest.fixture
def client_for() -> Callable[[Any], Client]:
    def make(user: Any) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
            verify_second_factor(client, user)
        return client

    return make
