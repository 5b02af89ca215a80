"""API tokens: made on the person's own page and shown once, stored only as a hash, revoked
there, last use recorded, every change audited; a bad, revoked or inactive token is a 401."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken
from partnership.models import Role
from tests.factories import PartnershipFactory, member

pytestmark = pytest.mark.django_db

API = "/api/v1/partnerships/"


@pytest.fixture
def person() -> Any:
    return member(PartnershipFactory(), Role.VIEWER)


def create(client: Any, name: str = "Quarterly workbook") -> tuple[Any, str]:
    response = client.post(reverse("api_tokens"), {"name": name}, follow=True)
    page = response.content.decode()
    secret = page.split('id="new-token">')[1].split("<")[0] if 'id="new-token"' in page else ""
    return response, secret


def test_a_token_is_shown_once_and_stored_only_as_its_hash(person: Any, client_for: Any) -> None:
    client = client_for(person)
    response, secret = create(client)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert secret.startswith("csp_") and len(secret) > 50
    token = ApiToken.objects.get(user=person)
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret.split("_")[1] == token.prefix
    with connection.cursor() as cursor:  # nowhere in the table, nor in its audit events
        cursor.execute("SELECT count(*) FROM api_apitoken WHERE key_hash = %s OR prefix = %s "
                       "OR name = %s", [secret, secret, secret])
        assert cursor.fetchone()[0] == 0
        cursor.execute("SELECT count(*) FROM api_apitokenevent WHERE key_hash = %s", [secret])
        assert cursor.fetchone()[0] == 0
    page = client.get(reverse("api_tokens")).content.decode()
    assert "Quarterly workbook" in page and f"csp_{token.prefix}_" in page
    assert secret not in page  # never shown again


def test_the_token_reads_the_api_and_its_use_is_recorded(person: Any, client_for: Any,
                                                         client: Any) -> None:
    _response, secret = create(client_for(person))
    response = client.get(API, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200
    token = ApiToken.objects.get(user=person)
    assert token.last_used_at is not None
    assert timezone.now() - token.last_used_at < datetime.timedelta(minutes=1)


@pytest.mark.parametrize("header", [
    "Bearer csp_0123456789ab_not-the-secret", "Bearer nonsense", "Bearer ", "Bearer csp__x",
])
def test_a_wrong_token_is_refused_with_401(client: Any, header: str) -> None:
    response = client.get(API, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


def test_no_credentials_is_a_401(client: Any) -> None:
    assert client.get(API).status_code == 401


def test_revoked_and_inactive_tokens_stop_working(person: Any, client_for: Any,
                                                  client: Any) -> None:
    browser = client_for(person)
    _response, secret = create(browser)
    token = ApiToken.objects.get(user=person)
    revoke = browser.post(reverse("api_token_revoke", args=[token.pk]))
    assert revoke.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get(API, HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401
    _response, second = create(browser, "Second")
    person.is_active = False
    person.save()
    assert client.get(API, HTTP_AUTHORIZATION=f"Bearer {second}").status_code == 401


def test_only_the_owner_revokes_a_token(person: Any, client_for: Any) -> None:
    create(client_for(person))
    token = ApiToken.objects.get(user=person)
    stranger = member(PartnershipFactory(), Role.COORDINATOR)
    response = client_for(stranger).post(reverse("api_token_revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_creating_and_revoking_are_audited(person: Any, client_for: Any) -> None:
    browser = client_for(person)
    create(browser)
    token = ApiToken.objects.get(user=person)
    browser.post(reverse("api_token_revoke", args=[token.pk]))
    events = list(token.events.order_by("pgh_id").values_list("pgh_label", "revoked_at"))
    assert [label for label, _ in events] == ["insert", "update"]
    assert events[0][1] is None and events[1][1] is not None


@pytest.mark.parametrize(("name", "message"), [
    ("", "Enter a name for the token"), ("   ", "Enter a name for the token"),
    ("x" * 101, "The name must be 100 characters or fewer"),
    ("tab\there", "The name must not contain control characters"),
])
def test_a_bad_name_is_explained_and_nothing_is_made(person: Any, client_for: Any, name: str,
                                                     message: str) -> None:
    response, secret = create(client_for(person), name)
    assert response.status_code == 200 and message in response.content.decode()
    assert secret == "" and not ApiToken.objects.exists()


def test_at_most_ten_active_tokens(person: Any, client_for: Any) -> None:
    browser = client_for(person)
    for number in range(10):
        create(browser, f"Token {number}")
    response, secret = create(browser, "Eleventh")
    assert "You already have 10 tokens" in response.content.decode() and secret == ""
    assert ApiToken.objects.filter(user=person).count() == 10
