"""Signed-in pages are never cached; every page, the admin included, has a CSP."""

from __future__ import annotations

from typing import Any

from django.test import Client

from partnership.models import Role
from tests.factories import PartnershipFactory, member


def test_signed_in_html_pages_are_private_and_not_stored(db: Any, client_for: Any) -> None:
    partnership = PartnershipFactory()
    user = member(partnership, Role.VIEWER)
    response = client_for(user).get(f"/p/{partnership.slug}/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_a_public_page_for_an_anonymous_visitor_is_not_marked_private(db: Any) -> None:
    response = Client().get("/accessibility/")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_admin_has_a_content_security_policy(db: Any) -> None:
    response = Client().get("/admin/login/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";", 1)[0]
