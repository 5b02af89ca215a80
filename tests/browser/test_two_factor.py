"""Two-factor pages in a real browser: set up (QR code, key), recovery codes, the sign-in code
step; each passes axe and works from the keyboard."""

from __future__ import annotations

from base64 import b32decode
from typing import Any

from django_otp.oath import totp

from partnership.models import Role
from tests.factories import PASSWORD, PartnershipFactory, member


def code_from_key(key_text: str, *, offset: int = 0) -> str:
    key = b32decode(key_text.replace(" ", ""))
    return f"{totp(key, step=30, t0=0, digits=6, drift=offset):06d}"


def test_set_up_and_sign_in_with_a_code(transactional_db: Any, live_server: Any, page: Any,
                                        login: Any, axe_check: Any) -> None:
    partnership = PartnershipFactory()
    member(partnership, Role.VIEWER, email="two.factor@example.org")
    login("two.factor@example.org", PASSWORD)
    page.get_by_role("link", name="Two-factor sign-in").click()
    assert page.get_by_role("heading", name="Set up two-factor sign-in").is_visible()
    assert page.locator(".app-qr-code svg").is_visible()
    axe_check(page)
    page.get_by_role("button", name="Continue").click()  # empty: the error summary
    assert page.locator(".govuk-error-summary").is_visible()
    axe_check(page)
    key = page.locator("#authenticator-key").inner_text()
    page.get_by_label("Code").fill(code_from_key(key))
    page.get_by_label("Code").press("Enter")
    assert page.get_by_role("heading", name="Two-factor sign-in is set up").is_visible()
    assert page.locator(".app-recovery-codes li").count() == 10
    axe_check(page)

    page.get_by_role("button", name="Sign out").click()
    login("two.factor@example.org", PASSWORD)
    assert page.get_by_role("heading", name="Enter your sign-in code").is_visible()
    axe_check(page)
    page.get_by_label("Code").fill(code_from_key(key, offset=1))  # the next window's code
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
    assert "/accounts/two-factor/verify/" not in page.url
    assert page.get_by_role("link", name="Two-factor sign-in").is_visible()
