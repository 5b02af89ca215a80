"""The board pack's performance section: seed 004 Fig 1.1, one table per priority."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.template.loader import render_to_string

from partnership.registry import registry
from priorities.models import PlanStatus
from tests.conftest import count_queries
from tests.factories import PartnershipFactory
from tests.priorities.factories import MeasureFactory, PlanFactory, PriorityFactory, value

pytestmark = pytest.mark.django_db


class Blocks(HTMLParser):
    """Headings, paragraphs and table rows of the section, in order, as text."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[Any] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._text: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag in ("h3", "p"):
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.blocks.append(self._row)
            self._row = None
        elif tag in ("h3", "p") and self._text is not None:
            self.blocks.append(f"{tag}: " + " ".join("".join(self._text).split()))
            self._text = None

    def handle_data(self, data: str) -> None:
        for part in (self._cell, self._text):
            if part is not None:
                part.append(data)


def section_blocks(partnership: Any) -> list[Any]:
    section = next(s for s in registry.board_pack if s.key == "priorities-performance")
    parser = Blocks()
    parser.feed(render_to_string(section.template, section.context(partnership)))
    return parser.blocks


HEADER = ["Performance measure", "2015/16", "2016/17", "Year on year % change",
          "Year on year % change LLR", "2 year trend", "2 year trend LLR", "Status"]


def test_demo_blaby_table_is_seed_004_fig_1_1(demo: dict[str, Any]) -> None:
    blocks = section_blocks(demo["bhb"])
    start = blocks.index("h3: Partnership-wide measures")
    # Fig 1.1, row for row: measure, 2015/16, 2016/17, change H&B, change LLR, trend H&B, LLR
    # (percentages to one decimal place, as on the performance page: the seed's "+13%" is
    # +13.0%), then the status (these measures have no target).
    assert blocks[start + 1:start + 11] == [HEADER] + [
        [name, before, after, change, llr, trend, trend, "No target"]
        for name, before, after, change, llr, trend in [
            ("Total crime", "4,746", "5,433", "+14.5%", "+13.0%", "↑ Rising"),
            ("Domestic burglary", "296", "354", "+19.6%", "+1.7%", "↑ Rising"),
            ("Theft from motor vehicle", "561", "673", "+20.0%", "+7.0%", "↑ Rising"),
            ("Theft of motor vehicle", "164", "193", "+17.7%", "+4.1%", "↑ Rising"),
            ("Violence with injury", "337", "459", "+36.2%", "+32.0%", "↑ Rising"),
            ("Domestic violence with injury", "121", "182", "+50.4%", "+49.8%", "↑ Rising"),
            ("Criminal damage", "694", "716", "+3.2%", "+1.1%", "↑ Rising"),
            ("Shoplifting", "505", "485", "-4.0%", "+9.1%", "↑ Rising"),
            ("ASB reported (police data)", "1,324", "1,382", "+4.4%", "+10.4%", "↓ Falling"),
        ]]
    assert len(blocks) == start + 11  # nothing after it


def test_every_priority_of_the_current_plan_has_its_own_table_in_plan_order() -> None:
    partnership = PartnershipFactory()
    old = PlanFactory(partnership=partnership, start_year=2013, end_year=2015,
                      status=PlanStatus.SUPERSEDED, title="Old plan")
    plan = PlanFactory(partnership=partnership, start_year=2016, end_year=2018)
    second = PriorityFactory(plan=plan, order=2, title="Reduce violence")
    first = PriorityFactory(plan=plan, order=1, title="Tackle anti-social behaviour")
    PriorityFactory(plan=plan, order=3, title="Cybercrime")  # no measure yet
    retired = PriorityFactory(plan=old, order=1, title="Retired priority")
    asb = MeasureFactory(partnership=partnership, priority=first, name="ASB incidents",
                         order=1, target=900)
    value(asb, "2015/16", 1000)
    value(asb, "2016/17", 880)
    injury = MeasureFactory(partnership=partnership, priority=second,
                            name="Violence with injury", order=1)
    value(injury, "2015/16", 337)
    value(injury, "2016/17", 459)
    MeasureFactory(partnership=partnership, priority=second, name="No figures", order=2)
    kept = MeasureFactory(partnership=partnership, priority=retired, name="Old measure")
    value(kept, "2016/17", 10)
    wide = MeasureFactory(partnership=partnership, name="Total crime", comparator_area="LLR")
    value(wide, "2015/16", 4746, comparator=100)
    value(wide, "2016/17", 5433, comparator=113)

    blocks = section_blocks(partnership)
    headings = [b for b in blocks if isinstance(b, str) and b.startswith("h3: ")]
    assert headings == ["h3: Priority 1: Tackle anti-social behaviour",
                        "h3: Priority 2: Reduce violence", "h3: Priority 3: Cybercrime",
                        "h3: Priority 1: Retired priority", "h3: Partnership-wide measures"]

    def rows_under(heading: str) -> list[Any]:
        start = blocks.index(heading) + 1
        end = next((i for i in range(start, len(blocks)) if isinstance(blocks[i], str)
                    and blocks[i].startswith("h3: ")), len(blocks))
        return blocks[start:end]

    assert rows_under("h3: Priority 1: Tackle anti-social behaviour")[1:] == [
        ["ASB incidents", "1,000", "880", "-12.0%", "n/a", "n/a", "n/a", "On track"]]
    assert rows_under("h3: Priority 2: Reduce violence")[1:] == [
        ["Violence with injury", "337", "459", "+36.2%", "n/a", "n/a", "n/a", "No target"]]
    assert rows_under("h3: Priority 3: Cybercrime") == [
        "p: No figures for 2016/17 or 2015/16 under this priority."]
    assert rows_under("h3: Partnership-wide measures") == [
        HEADER, ["Total crime", "4,746", "5,433", "+14.5%", "+13.0%", "n/a", "n/a", "No target"]]


def test_section_queries_do_not_grow_with_priorities_and_measures() -> None:
    partnership = PartnershipFactory()
    plan = PlanFactory(partnership=partnership)

    def grow(n: int) -> None:
        for _ in range(n):
            priority = PriorityFactory(plan=plan)
            for _ in range(3):
                measure = MeasureFactory(partnership=partnership, priority=priority)
                value(measure, "2015/16", 10)
                value(measure, "2016/17", 12)

    grow(1)
    small = count_queries(lambda: section_blocks(partnership))
    grow(15)
    large = count_queries(lambda: section_blocks(partnership))
    assert (small, large) == (5, 5)


def test_no_figures_says_so_in_one_line() -> None:
    partnership = PartnershipFactory()
    PriorityFactory(plan=PlanFactory(partnership=partnership), title="Only priority")
    assert section_blocks(partnership) == ["p: No performance figures have been recorded."]
