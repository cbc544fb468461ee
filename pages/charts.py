"""SVG charts drawn on the server.

Each function turns figures into a `Chart`: every line, bar, dot and label with its coordinates
(SVG user units) and its text already written in the reader's language. The one template
`includes/charts/svg.html` draws any chart as it is told; nothing is computed there. Every chart
is shown next to a table of the same figures.

A `Layout` says how big the drawing is and how much room its labels get, so the same figures
can be drawn for a wide screen or a phone.
"""

import math
from dataclasses import dataclass, field
from datetime import date

from django.utils.formats import number_format


@dataclass(frozen=True)
class Layout:
    width: int = 640
    height: int = 260
    left: int = 56  # room for the y axis labels
    right: int = 16
    top: int = 16
    bottom: int = 32  # room for the x axis labels
    most_ticks: int = 5
    row_height: int = 28  # horizontal bars
    bar_thickness: int = 20
    label_width: int = 200  # horizontal bars: room for the labels on their left
    tick_gap: int = 6  # between an axis label and what it labels

    @property
    def plot_bottom(self):
        return self.height - self.bottom


WIDE = Layout()


@dataclass
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    css: str


@dataclass
class Text:
    x: float
    y: float
    text: str
    css: str
    anchor: str = "middle"
    middle: bool = False  # vertically centred on y, rather than sitting on it


@dataclass
class Rect:
    x: float
    y: float
    width: float
    height: float
    css: str
    title: str = ""


@dataclass
class Polyline:
    points: str
    css: str


@dataclass
class Circle:
    x: float
    y: float
    css: str
    r: int = 4


@dataclass
class Chart:
    width: int
    height: int
    lines: list = field(default_factory=list)
    rects: list = field(default_factory=list)
    polylines: list = field(default_factory=list)
    circles: list = field(default_factory=list)
    texts: list = field(default_factory=list)
    legend: list = field(default_factory=list)  # [(key, label)] for the series drawn


def number(value):
    """A count as the reader writes it: 2,500 in English, 2 500 in French."""
    return number_format(value, decimal_pos=0, force_grouping=True)


def nice_step(value):
    """The smallest whole 1, 2, 2.5 or 5 times a power of ten that is >= value."""
    power = 10 ** max(math.floor(math.log10(value)), 0) if value > 0 else 1
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= value and step * power % 1 == 0)


def y_axis(chart, maximum, layout):
    """Draws a linear axis from 0 to a round number >= maximum, with grid lines; returns value -> y."""
    step = nice_step(maximum / layout.most_ticks)
    count = max(math.ceil(maximum / step), 1)
    top = step * count
    plot = layout.height - layout.top - layout.bottom

    def y(value):
        return round(layout.top + plot * (1 - value / top), 1)

    for tick in (step * i for i in range(count + 1)):
        chart.lines.append(Line(layout.left, y(tick), layout.width, y(tick), "chart__grid"))
        chart.texts.append(
            Text(layout.left - layout.tick_gap, y(tick), number(tick), "chart__tick", anchor="end", middle=True)
        )
    return y


def x_label(chart, x, text, layout):
    chart.texts.append(Text(x, layout.plot_bottom + 18, text, "chart__tick"))


def line_chart(rows, keys, *, layout=WIDE):
    """rows: [(date, {key: value or None})], keys: [(key, label)]. Unknown values leave no point."""
    dates = [day for day, _ in rows]
    values = [value for _, figures in rows for value in figures.values() if value is not None]
    if not dates or not values:
        return None
    chart = Chart(layout.width, layout.height)
    y = y_axis(chart, max(values), layout)
    first, last = min(dates).toordinal(), max(dates).toordinal()
    span = max(last - first, 1)

    def x(day):
        return round(layout.left + (layout.width - layout.left - layout.right) * (day.toordinal() - first) / span, 1)

    for year in range(min(dates).year + 1, max(dates).year + 1):
        tick = x(date(year, 1, 1))
        chart.lines.append(Line(tick, layout.plot_bottom, tick, layout.plot_bottom + 4, "chart__axis"))
        x_label(chart, tick, str(year), layout)
    for key, label in keys:
        points = [(x(day), y(figures[key])) for day, figures in rows if figures.get(key) is not None]
        if not points:
            continue
        chart.legend.append((key, label))
        chart.polylines.append(Polyline(" ".join(f"{px},{py}" for px, py in points), f"chart__line--{key}"))
        if len(points) < 3:  # too few to read as a line
            chart.circles += [Circle(px, py, f"chart__dot--{key}") for px, py in points]
    return chart


def stacked_bars(rows, keys, *, layout=WIDE):
    """rows: [(label, {key: value})] in order; keys: [(key, label)] from the bottom of each bar up."""
    if not rows:
        return None
    chart = Chart(layout.width, layout.height, legend=list(keys))
    y = y_axis(chart, max(sum(figures.values()) for _, figures in rows), layout)
    slot = (layout.width - layout.left - layout.right) / len(rows)
    for index, (label, figures) in enumerate(rows):
        x = round(layout.left + slot * index + slot * 0.15, 1)
        width = round(slot * 0.7, 1)
        centre = round(x + width / 2, 1)
        running = 0
        for key, key_label in keys:
            value = figures.get(key, 0)
            if value:
                lower, running = y(running), running + value
                title = f"{label}, {key_label}: {number(value)}"
                chart.rects.append(
                    Rect(x, y(running), width, round(lower - y(running), 1), f"chart__bar--{key}", title)
                )
        chart.texts.append(Text(centre, y(running) - 4, number(running), "chart__value"))
        x_label(chart, centre, str(label), layout)
    return chart


def row_chart(rows, *, layout=WIDE):
    """Horizontal bars, one per (label, value), in the order given."""
    if not rows:
        return None
    largest = max(value for _, value in rows) or 1
    room = layout.width - layout.label_width - layout.left
    chart = Chart(layout.width, 16 + layout.row_height * len(rows))
    for index, (label, value) in enumerate(rows):
        top = 8 + index * layout.row_height
        middle = top + layout.bar_thickness // 2
        length = round(room * value / largest, 1) if value else 0
        chart.texts.append(Text(layout.label_width - 8, middle, str(label), "chart__label", anchor="end", middle=True))
        chart.rects.append(Rect(layout.label_width, top, length, layout.bar_thickness, ""))
        chart.texts.append(
            Text(layout.label_width + length + 6, middle, number(value), "chart__value", anchor="start", middle=True)
        )
    return chart
