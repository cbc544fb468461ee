"""SVG charts drawn on the server.

Functions here turn figures into geometry (coordinates in SVG user units);
templates in templates/includes/charts/ turn geometry into markup. Every chart
is shown next to a table of the same figures.
"""

import math
from dataclasses import dataclass, field
from datetime import date

WIDTH = 640
HEIGHT = 260
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 32


def nice_step(value):
    """The smallest whole 1, 2, 2.5 or 5 times a power of ten that is >= value."""
    power = 10 ** max(math.floor(math.log10(value)), 0) if value > 0 else 1
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= value and step * power % 1 == 0)


def y_axis(maximum, *, height=HEIGHT, most_ticks=5):
    """A linear axis from 0 to a round number >= maximum: (value -> y function, [(tick value, y)])."""
    step = nice_step(maximum / most_ticks)
    count = max(math.ceil(maximum / step), 1)
    top = step * count
    plot = height - TOP - BOTTOM

    def y(value):
        return round(TOP + plot * (1 - value / top), 1)

    return y, [(step * i, y(step * i)) for i in range(count + 1)]


@dataclass
class Series:
    key: str
    label: str
    points: list = field(default_factory=list)  # [(x, y, value, date)]

    @property
    def path(self):
        return " ".join(f"{x},{y}" for x, y, _, _ in self.points)


@dataclass
class LineChart:
    series: list
    y_ticks: list
    x_ticks: list
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def bottom(self):
        return self.height - BOTTOM


def line_chart(rows, keys):
    """rows: [(date, {key: value or None})], keys: [(key, label)]. Unknown values leave no point."""
    dates = [day for day, _ in rows]
    values = [value for _, figures in rows for value in figures.values() if value is not None]
    if not dates or not values:
        return None
    y, y_ticks = y_axis(max(values))
    first, last = min(dates).toordinal(), max(dates).toordinal()
    span = max(last - first, 1)

    def x(day):
        return round(LEFT + (WIDTH - LEFT - RIGHT) * (day.toordinal() - first) / span, 1)

    series = [Series(key, label) for key, label in keys]
    for day, figures in rows:
        for line in series:
            if figures.get(line.key) is not None:
                line.points.append((x(day), y(figures[line.key]), figures[line.key], day))
    years = range(min(dates).year + 1, max(dates).year + 1)
    x_ticks = [(year, x(date(year, 1, 1))) for year in years]
    return LineChart(series=[line for line in series if line.points], y_ticks=y_ticks, x_ticks=x_ticks)


@dataclass
class Segment:
    key: str
    label: str
    value: int
    y: float
    height: float


@dataclass
class Bar:
    label: str
    total: int
    x: float
    width: float
    segments: list
    top: float
    figures: dict

    @property
    def centre(self):
        return round(self.x + self.width / 2, 1)


@dataclass
class BarChart:
    bars: list
    y_ticks: list
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def bottom(self):
        return self.height - BOTTOM


def stacked_bars(rows, keys):
    """rows: [(label, {key: value})] in order; keys: [(key, label)] from the bottom of each bar up."""
    if not rows:
        return None
    y, y_ticks = y_axis(max(sum(figures.values()) for _, figures in rows))
    slot = (WIDTH - LEFT - RIGHT) / len(rows)
    bars = []
    for index, (label, figures) in enumerate(rows):
        running, segments = 0, []
        for key, key_label in keys:
            value = figures.get(key, 0)
            if value:
                lower, running = y(running), running + value
                segments.append(Segment(key, key_label, value, y(running), round(lower - y(running), 1)))
        bars.append(
            Bar(
                label=label,
                total=running,
                x=round(LEFT + slot * index + slot * 0.15, 1),
                width=round(slot * 0.7, 1),
                segments=segments,
                top=y(running),
                figures=figures,
            )
        )
    return BarChart(bars=bars, y_ticks=y_ticks)


@dataclass
class Row:
    label: str
    value: int
    y: float
    length: float


@dataclass
class RowChart:
    rows: list
    height: int
    label_width: int
    width: int = WIDTH
    row_height: int = 28


def row_chart(rows, *, label_width=200):
    """Horizontal bars, one per (label, value), longest first as given."""
    if not rows:
        return None
    largest = max(value for _, value in rows) or 1
    room = WIDTH - label_width - 56
    return RowChart(
        rows=[
            Row(label, value, 8 + index * 28, round(room * value / largest, 1) if value else 0)
            for index, (label, value) in enumerate(rows)
        ],
        height=16 + 28 * len(rows),
        label_width=label_width,
    )
