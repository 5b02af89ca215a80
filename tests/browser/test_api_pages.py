"""The API's pages in a real browser: make a token from your own page (errors first), copy it
once, read the docs page (no Content-Security-Policy violation: it runs no script), use the
token, revoke it by keyboard; each page passes axe."""

from __future__ import annotations

from typing import Any

from partnership.models import Role
from tests.factories import PASSWORD, PartnershipFactory, member


def test_make_use_and_revoke_a_token(transactional_db: Any, live_server: Any, page: Any,
                                     login: Any, axe_check: Any) -> None:
    partnership = PartnershipFactory(slug="testshire")
    member(partnership, Role.VIEWER, email="analyst@example.org")
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    login("analyst@example.org", PASSWORD)
    page.get_by_role("link", name="API tokens").click()
    assert page.get_by_role("heading", name="API tokens").is_visible()
    assert page.get_by_text("You have no tokens.").is_visible()
    axe_check(page)
    page.get_by_role("button", name="Create token").click()  # no name: the error summary
    assert page.locator(".govuk-error-summary").is_visible()
    axe_check(page)
    page.get_by_label("Name of the token").fill("Quarterly workbook")
    page.get_by_label("Name of the token").press("Enter")
    assert page.get_by_role("heading", name="Your new token").is_visible()
    secret = page.locator("#new-token").inner_text()
    assert secret.startswith("csp_")
    axe_check(page)

    answer = page.request.get(f"{live_server.url}/api/v1/partnerships/",
                              headers={"Authorization": f"Bearer {secret}"})
    assert answer.status == 200
    assert [p["slug"] for p in answer.json()["results"]] == ["testshire"]

    page.get_by_role("link", name="read API").click()
    assert page.get_by_role("heading", name="Read API for analysts").is_visible()
    assert page.get_by_role("heading", name="GET /api/v1/actions/", exact=True).is_visible()
    axe_check(page)

    page.go_back()
    page.reload()
    assert page.locator("#new-token").count() == 0  # shown once only
    revoke = page.get_by_role("button", name="Revoke Quarterly workbook")
    revoke.focus()
    page.keyboard.press("Enter")
    page.get_by_text("has been revoked").wait_for()  # the page after the redirect
    assert page.locator(".govuk-tag", has_text="Revoked").is_visible()
    axe_check(page)
    answer = page.request.get(f"{live_server.url}/api/v1/partnerships/",
                              headers={"Authorization": f"Bearer {secret}"})
    assert answer.status == 401
    assert violations == []
