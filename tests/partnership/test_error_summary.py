"""Every link in an error summary reaches its field, including radios and checkboxes."""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse

from partnership.models import Role
from tests.factories import PartnershipFactory, member


def test_checkbox_errors_link_to_an_element_that_exists(db: Any, client_for: Any) -> None:
    partnership = PartnershipFactory()
    coordinator = member(partnership, Role.COORDINATOR)
    response = client_for(coordinator).post(
        reverse("partnership:person_add", args=[partnership.slug]),
        {"full_name": "", "email": "not-an-email"})
    body = response.content.decode()
    links = re.findall(r'govuk-error-summary__list.*?</ul>', body, re.S)[0]
    targets = re.findall(r'href="#([^"]+)"', links)
    assert "id_roles_1" in targets  # not "id_roles", which no element has
    assert {"id_full_name", "id_email"} <= set(targets)
    for target in targets:
        assert f'id="{target}"' in body, f"#{target} points nowhere"
