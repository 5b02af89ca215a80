"""Saving a return links each line's measures without a query per line (django-zeal raises on
an N+1 in this module: tests/conftest.py), and the links end up exactly as chosen."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from funding import services
from funding.models import GrantAward

pytestmark = pytest.mark.django_db


def test_saving_a_return_sets_every_lines_measures_without_n_plus_one(
        demo: dict[str, Any], client_for: Any) -> None:
    coordinator = demo["users"]["coordinator@huntingdonshire.example"]
    award = GrantAward.objects.get(partnership=demo["hunts"], year_start=2015)
    h2 = services.return_start(award=award, by=coordinator, part="H2")
    client = client_for(coordinator)
    url = reverse("funding:return_edit", args=["huntingdonshire", h2.pk])
    response = client.get(url)
    # The measures each line offers (its priority's, else all the partnership's).
    offers = {line.pk: [str(pk) for pk, _ in form.fields["measure_ids"].choices]
              for line, form in response.context["pairs"]}
    lines = list(h2.lines.order_by("pk"))
    assert len(lines) >= 3 and set(offers) == {line.pk for line in lines}

    def post(keep: int) -> dict[int, set[int]]:
        data: dict[str, Any] = {"return-summary": "Second half"}
        chosen = {}
        for line in lines:
            data[f"line-{line.pk}-forecast"] = str(line.budget)
            offered = offers[line.pk]
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
