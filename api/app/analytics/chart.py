"""Horizontal bar charts as inline SVG, drawn on the server (the pages load no script).

Accessible: ``role="img"`` named by the chart's ``<title>`` and described by its ``<desc>``, and
the page puts the same figures in a table next to it (the text alternative). Bars are drawn from
the start of the line in right-to-left pages too (``direction`` flips the geometry).
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 640
LABEL_WIDTH = 220
BAR_HEIGHT = 22
GAP = 8
BAR_COLOUR = "#1f5f99"  # 7:1 against white; the figures are written as text beside the bars
TEXT_COLOUR = "#1b1b1b"


@dataclass(frozen=True)
class Bar:
    label: str
    value: int


def bar_chart(chart_id: str, title: str, description: str, bars: list[Bar], direction: str = "ltr") -> Markup:
    """An SVG bar chart; ``chart_id`` keeps the ids of its title and description unique."""
    largest = max((bar.value for bar in bars), default=0) or 1
    height = len(bars) * (BAR_HEIGHT + GAP) + GAP
    room = WIDTH - LABEL_WIDTH - 60  # the figure after the longest bar
    rtl = direction == "rtl"
    rows = []
    for index, bar in enumerate(bars):
        y = GAP + index * (BAR_HEIGHT + GAP)
        length = round(room * bar.value / largest)
        middle = y + BAR_HEIGHT / 2
        # Text starts at its x in the reading direction ("start" is the right end in RTL).
        if rtl:
            label_x, bar_x, value_x = WIDTH - 4, WIDTH - LABEL_WIDTH - length, WIDTH - LABEL_WIDTH - length - 6
        else:
            label_x, bar_x, value_x = 4, LABEL_WIDTH, LABEL_WIDTH + length + 6
        rows.append(
            f'<text x="{label_x}" y="{middle}" dominant-baseline="middle">{escape(_shorten(bar.label))}</text>'
            f'<rect x="{bar_x}" y="{y}" width="{max(length, 1)}" height="{BAR_HEIGHT}" fill="{BAR_COLOUR}"></rect>'
            f'<text x="{value_x}" y="{middle}" dominant-baseline="middle">{bar.value}</text>'
        )
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" style="max-width:{WIDTH}px" direction="{escape(direction)}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-size="13" fill="{TEXT_COLOUR}">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
        + "".join(rows)
        + "</svg>"
    )


def _shorten(label: str, limit: int = 30) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
