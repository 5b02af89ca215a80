"""An accessible SVG bar chart of a measure's figures (the same figures are in a table)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from . import calculations as calc

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 640, 260, 60, 40, 20


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    width: int
    height: int
    label: str
    value_label: str
    label_x: int


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    baseline_y: int
    bars: list[Bar]
    max_label: str
    target_y: int | None
    target_label: str


def bar_chart(points: list[tuple[str, Decimal]], *, target: Decimal | None = None) -> Chart | None:
    """Bars for (period label, value) pairs, scaled to the largest value (or target)."""
    if not points:
        return None
    values = [max(v, Decimal(0)) for _, v in points]
    top = max([*values, target or Decimal(0)]) or Decimal(1)
    plot_h = HEIGHT - BOTTOM - TOP
    plot_w = WIDTH - LEFT - 10
    slot = plot_w // len(points)
    width = max(4, min(60, int(slot * 0.6)))
    bars = []
    for index, (label, value) in enumerate(points):
        height = int(plot_h * max(value, Decimal(0)) / top)
        x = LEFT + index * slot + (slot - width) // 2
        bars.append(Bar(x=x, y=TOP + plot_h - height, width=width, height=height, label=label,
                        value_label=calc.format_number(value), label_x=x + width // 2))
    target_y = None
    if target is not None and target >= 0:
        target_y = TOP + plot_h - int(plot_h * target / top)
    return Chart(width=WIDTH, height=HEIGHT, baseline_y=TOP + plot_h, bars=bars,
                 max_label=calc.format_number(top), target_y=target_y,
                 target_label=calc.format_number(target) if target is not None else "")
