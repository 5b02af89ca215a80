"""Saving a return links each line's measures without a query per line (django-zeal raises on
an N+1 in this module: tests/conftest.py), and the links end up exactly as chosen."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from funding import services
from funding.models import GrantAward
from priorities.models import PerformanceMeasure

pytestmark = pytest.mark.django_db


def test_saving_a_return_sets_every_lines_measures_without_n_plus_one(
        demo: dict[str, Any], client_for: Any) -> None:
    coordinator = demo["users"]["coordinator@huntingdonshire.example"]
    award = GrantAward.objects.get(partnership=demo["hunts"], year_start=2015)
    h2 = services.return_start(award=award, by=coordinator, part="H2")
    assert not PerformanceMeasure.objects.filter(partnership=demo["hunts"]).exists()
    PerformanceMeasure.objects.bulk_create([  # no priority: every line offers both
        PerformanceMeasure(partnership=demo["hunts"], name=f"Measure {i}", order=i)
        for i in range(2)])
    client = client_for(coordinator)
    url = reverse("funding:return_edit", args=["huntingdonshire", h2.pk])
    page = client.get(url).content.decode()
    lines = list(h2.lines.order_by("pk"))
    assert len(lines) >= 3

    def post(keep: int) -> dict[int, set[int]]:
        data: dict[str, Any] = {"return-summary": "Second half"}
        chosen = {}
        for line in lines:
            data[f"line-{line.pk}-forecast"] = str(line.budget)
            offered = re.findall(rf'<input[^>]*name="line-{line.pk}-measure_ids"[^>]*'
                                 r'value="(\d+)"', page)
            assert len(offered) >= 2, f"line {line.pk} offers {offered}"
            data[f"line-{line.pk}-measure_ids"] = offered[:keep]
            chosen[line.pk] = {int(pk) for pk in offered[:keep]}
        assert client.post(url, data).status_code == 302
        return chosen

    chosen = post(keep=2)  # two measures linked to every line
    assert {line.pk: {m.pk for m in line.measures.all()} for line in lines} == chosen
    chosen = post(keep=1)  # then only the first: the second links are removed
    assert {line.pk: {m.pk for m in line.measures.all()} for line in lines} == chosen
    assert all(len(pks) == 1 for pks in chosen.values())
