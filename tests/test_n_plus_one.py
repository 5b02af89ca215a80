"""Any N+1 query in a request made by the tests fails the test (django-zeal's middleware,
config/settings/test.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings
from zeal.errors import NPlusOneError

from partnership.models import Membership, Partnership, Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def members() -> Any:
    partnership = Partnership.objects.create(name="N+1 CSP", slug="n-plus-one", area="A",
                                             police_force_area="A")
    for i in range(3):
        Membership.objects.create(user=UserFactory(email=f"m{i}@example.org"),
                                  partnership=partnership, roles=[Role.VIEWER])
    return Membership.objects.select_related("user").first().user


@override_settings(ROOT_URLCONF="tests.n_plus_one_urls")
def test_a_request_with_an_n_plus_one_fails(members: Any, client_for: Any) -> None:
    with pytest.raises(NPlusOneError, match=r"N\+1 detected on partnership\.Membership\.user"):
        client_for(members).get("/one-by-one/")


@override_settings(ROOT_URLCONF="tests.n_plus_one_urls")
def test_the_same_page_without_it_passes(members: Any, client_for: Any) -> None:
    response = client_for(members).get("/joined/")
    assert response.status_code == 200
    assert response.content.decode().count("@example.org") == 3
