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


def test_password_spraying_from_one_address_is_locked_across_emails(db: Any, settings: Any) -> None:
    """One wrong password for each of many emails (under the per-account limit each)."""
    settings.AXES_IP_FAILURE_LIMIT = 8
    member(PartnershipFactory(), Role.VIEWER, email="victim@example.org")
    answers = [sign_in(Client(), f"person{n}@example.org", "Summer2026!").status_code
               for n in range(8)]
    assert answers == [200] * 7 + [429]  # the eighth failure from the address locks it
    response = sign_in(Client(), "victim@example.org", PASSWORD)
    assert response.status_code == 429
    other_address = Client(REMOTE_ADDR="203.0.113.9")
    assert sign_in(other_address, "victim@example.org", PASSWORD).status_code == 302


def test_seven_failures_across_emails_do_not_lock_the_address(db: Any, settings: Any) -> None:
    settings.AXES_IP_FAILURE_LIMIT = 8
    member(PartnershipFactory(), Role.VIEWER, email="office@example.org")
    for n in range(7):
        sign_in(Client(), f"typo{n}@example.org", "oops")
    assert sign_in(Client(), "office@example.org", PASSWORD).status_code == 302


def test_forwarded_for_is_ignored_unless_a_proxy_is_trusted(db: Any, settings: Any) -> None:
    from django.test import RequestFactory

    from config.client_ip import client_ip

    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5",
                                   HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.5"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "198.51.100.7"  # what our proxy saw, not what the client wrote
    settings.TRUSTED_PROXY_COUNT = 3
    assert client_ip(request) == "10.0.0.5"  # fewer hops than proxies: not trusted


def test_a_forged_forwarded_for_does_not_reset_the_lockout(db: Any, settings: Any) -> None:
    settings.TRUSTED_PROXY_COUNT = 0
    member(PartnershipFactory(), Role.VIEWER, email="target2@example.org")
    for n in range(5):
        Client(HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").post(
            reverse("login"), {"username": "target2@example.org", "password": "guess"})
    response = Client(HTTP_X_FORWARDED_FOR="192.0.2.99").post(
        reverse("login"), {"username": "target2@example.org", "password": PASSWORD})
    assert response.status_code == 429
