from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from partnership.models import Role
from tests.factories import PASSWORD, PartnershipFactory, member


def sign_in(client: Client, email: str, password: str) -> Any:
    return client.post(reverse("login"), {"username": email, "password": password})


def test_sign_in_by_email_any_case(db: Any) -> None:
    user = member(PartnershipFactory(), Role.VIEWER, email="Lead.Officer@example.org".lower())
    response = sign_in(Client(), "LEAD.OFFICER@example.org", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert int(Client().session.get("_auth_user_id") or 0) != user.pk  # a fresh client is anonymous


def test_wrong_password_shows_an_error_in_the_page(db: Any) -> None:
    member(PartnershipFactory(), Role.VIEWER, email="someone@example.org")
    response = sign_in(Client(), "someone@example.org", "wrong-password")
    assert response.status_code == 200
    assert "Enter a correct email address and password" in response.content.decode()


def test_account_locks_after_five_failures_even_with_the_right_password(db: Any) -> None:
    member(PartnershipFactory(), Role.VIEWER, email="target@example.org")
    client = Client()
    for _ in range(5):
        sign_in(client, "target@example.org", "guess-again")
    response = sign_in(client, "target@example.org", PASSWORD)
    assert response.status_code == 429
    assert "Your account is locked" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_four_failures_do_not_lock(db: Any) -> None:
    member(PartnershipFactory(), Role.VIEWER, email="careful@example.org")
    client = Client()
    for _ in range(4):
        sign_in(client, "careful@example.org", "guess-again")
    assert sign_in(client, "careful@example.org", PASSWORD).status_code == 302


def test_password_validators_refuse_weak_passwords(db: Any) -> None:
    import pytest
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ("short", "password1234", "123456789012"):
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("correct-horse-battery-staple")
