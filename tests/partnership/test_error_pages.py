"""The real 404 page with DEBUG on too (no URL list), and a 403 logged on one line."""

from __future__ import annotations

import logging
from typing import Any

from django.test import override_settings

from partnership.models import Role
from tests.factories import PartnershipFactory, member


@override_settings(DEBUG=True)
def test_debug_mode_serves_the_real_404_page_not_the_url_list(db: Any, client_for: Any) -> None:
    partnership = PartnershipFactory()
    client = client_for(member(partnership, Role.VIEWER))
    for url in ("/no-such-page/", f"/p/{partnership.slug}/meetings/999999/"):
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 404
        assert "Page not found" in page and "URLconf" not in page and "urlpatterns" not in page


@override_settings(DEBUG=True)
def test_debug_mode_serves_the_real_403_page(db: Any, client_for: Any) -> None:
    partnership = PartnershipFactory()
    client = client_for(member(partnership, Role.VIEWER))
    response = client.get(f"/p/{partnership.slug}/meetings/add/")
    assert response.status_code == 403 and "Traceback" not in response.content.decode()


def test_a_403_is_logged_on_one_line_without_a_traceback(db: Any, client_for: Any,
                                                         caplog: Any) -> None:
    partnership = PartnershipFactory()
    client = client_for(member(partnership, Role.VIEWER))
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get(f"/p/{partnership.slug}/meetings/add/").status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert [r.getMessage() for r in records] == [
        f"Forbidden (Permission denied): /p/{partnership.slug}/meetings/add/"]
    assert records[0].exc_info is None
    assert "\n" not in logging.Formatter().format(records[0])
