"""The demo grants match the seed documents and loading twice changes nothing."""

from __future__ import annotations

import os
from decimal import Decimal
from typing import Any

from django.core.management import call_command
from django.db.models import Sum

from funding.models import BudgetLine, GrantAward, GrantReturn, GrantReturnLine, Spend

D = Decimal


def kind_total(award: GrantAward, kind: str) -> Decimal:
    return award.lines.filter(kind=kind).aggregate(s=Sum("budget"))["s"] or D("0.00")


def test_demo_grants_follow_the_seeds(demo: dict[str, Any]) -> None:
    csf = GrantAward.objects.get(partnership=demo["hunts"], year_start=2015)
    assert (csf.stream.name, csf.amount, csf.revenue_amount) == (
        "Community Safety Fund", D("22990.00"), D("22990.00"))
    assert kind_total(csf, "revenue") == D("22990.00")
    h1 = GrantReturn.objects.get(award=csf, part="H1")
    assert h1.status == "accepted" and h1.no_personal_data
    assert h1.lines.aggregate(s=Sum("actual_to_date"))["s"] == D("12368.45")
    assert GrantReturnLine.objects.filter(grant_return=h1, measures__isnull=False).distinct().count() == 5
    assert BudgetLine.objects.filter(award=csf, priority__isnull=False).count() == 5
    sscf = GrantAward.objects.get(partnership=demo["hunts"], year_start=2008)
    assert (sscf.capital_amount, sscf.revenue_amount) == (D("28996.00"), D("123051.00"))
    assert kind_total(sscf, "capital") == D("28996.00")  # seed 001 §6.5 adds up exactly
    assert kind_total(sscf, "revenue") == D("94055.00")  # seed 001 §6.4's lines
    cctv = BudgetLine.objects.get(award=sscf, title="CCTV up-grade to Women's Refuge")
    assert (cctv.kind, cctv.budget) == ("capital", D("4450.00"))
    assert BudgetLine.objects.filter(award=sscf, title="Community Chest").count() == 2
    plf = GrantAward.objects.get(partnership=demo["bhb"], year_start=2017)
    assert plf.amount == D("49573.00") and kind_total(plf, "revenue") == D("49573.00")
    assert [d.part for d in plf.schedule.all()] == ["Q1", "Q2", "Q3", "Q4"]


def test_loading_the_demo_twice_changes_nothing(demo: dict[str, Any]) -> None:
    counts = (GrantAward.objects.count(), BudgetLine.objects.count(), Spend.objects.count(),
              GrantReturn.objects.count(), GrantReturnLine.objects.count())
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert counts == (GrantAward.objects.count(), BudgetLine.objects.count(), Spend.objects.count(),
                      GrantReturn.objects.count(), GrantReturnLine.objects.count())


def test_board_pack_section_renders_each_active_award(demo: dict[str, Any]) -> None:
    from django.template.loader import render_to_string

    from partnership.registry import registry

    section = next(s for s in registry.board_pack if s.key == "funding")
    html = " ".join(render_to_string(section.template, section.context(demo["hunts"])).split())
    assert "Community Safety Fund 2015/16" in html
    assert "£22,990.00" in html and "H1 accepted" in html
    assert "Safer Stronger Communities Fund" not in html  # closed


def test_a_correction_keeps_the_linked_measures(demo: dict[str, Any]) -> None:
    from funding import services

    h1 = GrantReturn.objects.get(award__partnership=demo["hunts"], award__year_start=2015, part="H1")
    new = services.return_revise(grant_return=h1, by=demo["users"]["coordinator@huntingdonshire.example"],
                                 reason="Late invoice")
    old_links = {(line.title, m.name) for line in h1.lines.all() for m in line.measures.all()}
    new_links = {(line.title, m.name) for line in new.lines.all() for m in line.measures.all()}
    assert len(old_links) == 5 and new_links == old_links
