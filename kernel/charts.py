"""Charts drawn on the server as SVG: bars (columns or rows) and a trend line.

Each chart is an image with a title and a description for screen readers; the caller shows
the same numbers as a table beside it (charts.html's macro does both)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

WIDTH = 640
HEIGHT = 260
MARGIN_LEFT = 48
MARGIN_BOTTOM = 44
MARGIN_TOP = 16
BAR_COLOUR = "#1a5490"
LINE_COLOUR = "#8a1f3d"
AXIS_COLOUR = "#4a4a4a"
GRID_COLOUR = "#d6d6d6"


@dataclass(frozen=True)
class Series:
    """Labelled values to draw (None: no figure for that label)."""

    labels: Sequence[str]
    values: Sequence[float | None]

    def top(self) -> float:
        found = [v for v in self.values if v is not None]
        return max(found) if found else 0.0


def nice_ceiling(value: float) -> float:
    """A round top for the axis: 1, 2, 2.5 or 5 times a power of ten, at least `value`."""
    if value <= 0:
        return 1.0
    power = 1.0
    while power * 10 <= value:
        power *= 10
    while power > value:
        power /= 10
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


# How the numbers on a chart are written: the caller passes the reader's way ("12,5" in Danish).
Writer = Callable[[float], str]


def grid_steps(top: float) -> int:
    """How many lines divide the axis into round steps: 25 in 5 (5, 10 …), 20 in 4 (5, 10 …)."""
    power = 1.0
    while power * 10 <= top:
        power *= 10
    while power > top:
        power /= 10
    return 4 if round(top / power, 6) == 2 else 5


def _open(chart_id: str, title: str, description: str, width: int, height: int) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{escape(chart_id)}"'
        f' viewBox="0 0 {width} {height}" width="100%" role="img"'
        f' aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>',
    ]


def _grid(top: float, plot_height: float, width: int, write: Writer) -> list[str]:
    lines = []
    steps = grid_steps(top)
    for step in range(steps + 1):
        value = top * step / steps
        y = MARGIN_TOP + plot_height - plot_height * step / steps
        lines.append(
            f'<line x1="{MARGIN_LEFT}" y1="{y:.1f}" x2="{width - 8}" y2="{y:.1f}"'
            f' stroke="{GRID_COLOUR}" stroke-width="1"/>'
            f'<text x="{MARGIN_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12"'
            f' fill="{AXIS_COLOUR}">{escape(write(value))}</text>'
        )
    return lines


def _label_every(count: int, room: float) -> int:
    """Show every n-th category label so the labels do not run into each other."""
    return max(1, int(count * 34 // room) + (1 if count * 34 % room else 0))


def column_chart(
    chart_id: str,
    title: str,
    description: str,
    series: Series,
    *,
    height: int = HEIGHT,
    write: Writer = _number,
    top: float | None = None,
) -> Markup:
    """Vertical bars, one per label (hours of the day, weekdays); `top`: the axis's top at
    least this high (two charts side by side on one scale)."""
    width = WIDTH
    plot_width = width - MARGIN_LEFT - 8
    plot_height = height - MARGIN_TOP - MARGIN_BOTTOM
    top = nice_ceiling(max(series.top(), top or 0.0))
    parts = _open(chart_id, title, description, width, height) + _grid(
        top, plot_height, width, write
    )
    count = max(1, len(series.labels))
    slot = plot_width / count
    every = _label_every(count, plot_width)
    for index, (label, value) in enumerate(zip(series.labels, series.values, strict=True)):
        x = MARGIN_LEFT + index * slot
        if value:
            bar = plot_height * value / top
            parts.append(
                f'<rect x="{x + slot * 0.15:.1f}" y="{MARGIN_TOP + plot_height - bar:.1f}"'
                f' width="{slot * 0.7:.1f}" height="{bar:.1f}" fill="{BAR_COLOUR}"/>'
            )
        if index % every == 0:
            parts.append(
                f'<text x="{x + slot / 2:.1f}" y="{height - MARGIN_BOTTOM + 18}"'
                f' text-anchor="middle" font-size="12" fill="{AXIS_COLOUR}">{escape(label)}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))


def line_chart(
    chart_id: str,
    title: str,
    description: str,
    series: Series,
    *,
    height: int = HEIGHT,
    write: Writer = _number,
) -> Markup:
    """A trend: one point per label (weeks), joined; a gap where a value is missing."""
    width = WIDTH
    # Room on the right for half of the last label ("Uge 49, 2026"), centred under its point.
    plot_width = width - MARGIN_LEFT - 56
    plot_height = height - MARGIN_TOP - MARGIN_BOTTOM
    top = nice_ceiling(series.top())
    parts = _open(chart_id, title, description, width, height) + _grid(
        top, plot_height, width, write
    )
    count = len(series.labels)
    step = plot_width / max(1, count - 1)
    every = _label_every(count, plot_width)
    runs: list[list[str]] = [[]]
    for index, (label, value) in enumerate(zip(series.labels, series.values, strict=True)):
        x = MARGIN_LEFT + 8 + index * step
        if value is None:
            runs.append([])
        else:
            y = MARGIN_TOP + plot_height - plot_height * value / top
            runs[-1].append(f"{x:.1f},{y:.1f}")
        if index % every == 0:
            parts.append(
                f'<text x="{x:.1f}" y="{height - MARGIN_BOTTOM + 18}" text-anchor="middle"'
                f' font-size="12" fill="{AXIS_COLOUR}">{escape(label)}</text>'
            )
    for run in runs:
        if len(run) > 1:
            parts.append(
                f'<polyline points="{" ".join(run)}" fill="none" stroke="{LINE_COLOUR}"'
                ' stroke-width="2.5"/>'
            )
        elif run:
            x, y = run[0].split(",")
            parts.append(f'<circle cx="{x}" cy="{y}" r="3" fill="{LINE_COLOUR}"/>')
    parts.append("</svg>")
    return Markup("".join(parts))


def bar_chart(
    chart_id: str, title: str, description: str, series: Series, *, write: Writer = _number
) -> Markup:
    """Horizontal bars, one row per label (administrations, services): long names fit."""
    label_width = 230
    row = 26
    width = WIDTH
    height = MARGIN_TOP * 2 + row * max(1, len(series.labels))
    plot_width = width - label_width - 56
    top = nice_ceiling(series.top())
    parts = _open(chart_id, title, description, width, height)
    for index, (label, value) in enumerate(zip(series.labels, series.values, strict=True)):
        y = MARGIN_TOP + index * row
        short = label if len(label) <= 34 else label[:33] + "…"
        parts.append(
            f'<text x="{label_width - 8}" y="{y + row * 0.65:.1f}" text-anchor="end"'
            f' font-size="12" fill="{AXIS_COLOUR}">{escape(short)}</text>'
        )
        if value:
            bar = plot_width * value / top
            parts.append(
                f'<rect x="{label_width}" y="{y + 4}" width="{bar:.1f}" height="{row - 8}"'
                f' fill="{BAR_COLOUR}"/>'
                f'<text x="{label_width + bar + 6:.1f}" y="{y + row * 0.65:.1f}"'
                f' font-size="12" fill="{AXIS_COLOUR}">{escape(write(value))}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))
