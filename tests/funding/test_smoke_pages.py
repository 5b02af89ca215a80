"""Every funding page renders for the demo data (the journey in detail is in other modules)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from funding.models import GrantAward, GrantReturn


def test_demo_pages_render(demo: dict[str, Any], client_for: Any) -> None:
    hunts = demo["hunts"]
    coordinator = demo["users"]["coordinator@huntingdonshire.example"]
    client = client_for(coordinator)
    award = GrantAward.objects.get(partnership=hunts, year_start=2015)
    grant_return = GrantReturn.objects.get(award=award, part="H1")
    for url in [reverse("funding:awards", args=[hunts.slug]),
                reverse("funding:award", args=[hunts.slug, award.pk]),
                reverse("funding:return", args=[hunts.slug, grant_return.pk]),
                reverse("partnership:dashboard", args=[hunts.slug])]:
        response = client.get(url)
        assert response.status_code == 200, url
    assert "£22,990.00" in client.get(reverse("funding:award", args=[hunts.slug, award.pk])).content.decode()
