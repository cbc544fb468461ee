"""SVG charts drawn on the server.

Each function turns figures into a `Chart`: every line, bar, dot and label with its coordinates
(SVG user units) and its text already written in the reader's language, and `svg()` writes it out
as markup (in Python: a template loop over hundreds of shapes was most of a page's rendering
time). Every chart is shown next to a table of the same figures.

A `Layout` says how big the drawing is and how much room its labels get. `drawn()` draws the same
figures for a wide screen and for a phone; the stylesheet shows the one that fits, so that chart
text is never shrunk below its size, and labels that would not fit are thinned out, shortened or
laid out in rows instead of being drawn over each other.
"""

import math
from dataclasses import dataclass, field
from datetime import date

from django.utils.formats import number_format
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe


@dataclass(frozen=True)
class Layout:
    width: int = 640
    height: int = 260
    left: int = 56  # least room for the y axis labels (more when they need it)
    right: int = 16
    top: int = 16
    bottom: int = 36  # room for the x axis labels
    most_ticks: int = 5
    row_height: int = 28  # horizontal bars
    bar_thickness: int = 20
    label_width: int = 200  # horizontal bars: room for the labels on their left; 0 puts each label above its bar
    tick_gap: int = 6  # between an axis label and what it labels
    font_size: int = 13
    horizontal: bool = False  # stacked bars: one row per label rather than one column

    @property
    def plot_bottom(self):
        return self.height - self.bottom


# The wide drawing is shown from 45rem (720 px) up, in a column at least 640 px wide; the narrow one
# below, 340 units drawn across a phone's 358 px column at 390 px: 13-unit text stays >= 12 px.
WIDE = Layout()
NARROW = Layout(
    width=340,
    height=220,
    left=40,
    right=8,
    most_ticks=4,
    row_height=24,
    bar_thickness=14,
    label_width=0,
    horizontal=True,
)
LAYOUTS = {"wide": WIDE, "narrow": NARROW}


@dataclass
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    css: str

    def svg(self):
        return f'<line class="{escape(self.css)}" x1="{self.x1}" x2="{self.x2}" y1="{self.y1}" y2="{self.y2}"></line>'


@dataclass
class Text:
    x: float
    y: float
    text: str
    css: str
    anchor: str = "middle"
    middle: bool = False  # vertically centred on y, rather than sitting on it

    def svg(self):
        middle = ' dominant-baseline="middle"' if self.middle else ""
        return (
            f'<text class="{escape(self.css)}" x="{self.x}" y="{self.y}" text-anchor="{self.anchor}"{middle}>'
            f"{conditional_escape(self.text)}</text>"
        )


@dataclass
class Rect:
    x: float
    y: float
    width: float
    height: float
    css: str
    title: str = ""

    def svg(self):
        title = f"<title>{conditional_escape(self.title)}</title>" if self.title else ""
        return (
            f'<rect class="chart__bar {escape(self.css)}" x="{self.x}" y="{self.y}" width="{self.width}" '
            f'height="{self.height}">{title}</rect>'
        )


@dataclass
class Polyline:
    points: str
    css: str

    def svg(self):
        return f'<polyline class="chart__line {escape(self.css)}" points="{self.points}"></polyline>'


@dataclass
class Circle:
    x: float
    y: float
    css: str
    r: int = 4

    def svg(self):
        return f'<circle class="chart__dot {escape(self.css)}" cx="{self.x}" cy="{self.y}" r="{self.r}"></circle>'


@dataclass
class Chart:
    width: int
    height: int
    font_size: int
    lines: list = field(default_factory=list)
    rects: list = field(default_factory=list)
    polylines: list = field(default_factory=list)
    circles: list = field(default_factory=list)
    texts: list = field(default_factory=list)
    legend: list = field(default_factory=list)  # [(key, label)] for the series drawn

    def svg(self, size, id):
        """The drawing as SVG markup, labelled by the caption `{id}-caption`. Numbers are written as
        Python writes them, never the reader's way (French would say 185,6)."""
        opening = (
            f'<svg class="chart__svg chart__svg--{size}" viewBox="0 0 {self.width} {self.height}" '
            f'width="{self.width}" height="{self.height}" font-size="{self.font_size}" role="img" '
            f'aria-labelledby="{escape(id)}-caption">'
        )
        shapes = [*self.lines, *self.rects, *self.polylines, *self.circles, *self.texts]
        return "\n".join([opening, *(shape.svg() for shape in shapes), "</svg>"])


def svg(charts, id):
    """Every drawing of `drawn()` charts, as safe HTML: the stylesheet shows the one that fits the screen."""
    return mark_safe("".join(chart.svg(size, id) for size, chart in charts.items()))


def drawn(chart_function, *args):
    """{"wide": Chart, "narrow": Chart}: the same figures drawn for each layout, or None without figures."""
    charts = {name: chart_function(*args, layout=layout) for name, layout in LAYOUTS.items()}
    return charts if charts["wide"] else None


def number(value):
    """A count as the reader writes it: 2,500 in English, 2 500 in French."""
    return number_format(value, decimal_pos=0, force_grouping=True)


def text_width(text, layout, *, bold=False):
    """A generous guess at how wide a label is drawn, from the widest common system font (DejaVu Sans,
    whose digits take 0.64 em, 0.7 in bold)."""
    return math.ceil(len(text) * layout.font_size * (0.72 if bold else 0.64))


def fit(text, room, layout):
    """The label, shortened with an ellipsis when it is wider than `room` (its table has it in full)."""
    if text_width(text, layout) <= room:
        return text
    keep = max(int(room / (layout.font_size * 0.64)) - 1, 1)
    return text[:keep].rstrip() + "…"


def nice_step(value):
    """The smallest whole 1, 2, 2.5 or 5 times a power of ten that is >= value."""
    power = 10 ** max(math.floor(math.log10(value)), 0) if value > 0 else 1
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= value and step * power % 1 == 0)


def y_axis(chart, maximum, layout, *, right):
    """Draws a linear axis from 0 to a round number >= maximum, with grid lines up to `right`.
    Returns (value -> y, the x where the plot starts: after the widest tick label)."""
    step = nice_step(maximum / layout.most_ticks)
    count = max(math.ceil(maximum / step), 1)
    top = step * count
    plot = layout.height - layout.top - layout.bottom
    ticks = [(step * i, number(step * i)) for i in range(count + 1)]
    left = max(layout.left, max(text_width(label, layout) for _, label in ticks) + layout.tick_gap)

    def y(value):
        return round(layout.top + plot * (1 - value / top))  # whole units: a line of many points stays short

    for tick, label in ticks:
        chart.lines.append(Line(left, y(tick), right, y(tick), "chart__grid"))
        chart.texts.append(Text(left - layout.tick_gap, y(tick), label, "chart__tick", anchor="end", middle=True))
    return y, left


def x_label(chart, x, text, layout, css="chart__tick"):
    # Low enough that the y axis's "0", centred on the bottom line, never touches it.
    chart.texts.append(Text(x, layout.plot_bottom + round(layout.font_size * 1.7), text, css))


def spread(labels, gap, low, high):
    """Moves value labels (Text, vertically centred) apart so that none overlaps the next, within [low, high]."""
    labels.sort(key=lambda label: label.y)
    for above, below in zip(labels, labels[1:], strict=False):
        below.y = max(below.y, above.y + gap)
    overflow = labels[-1].y - high if labels else 0
    for label in labels if overflow > 0 else []:
        label.y = max(label.y - overflow, low)
    for above, below in zip(labels, labels[1:], strict=False):
        below.y = max(below.y, above.y + gap)


def line_chart(rows, keys, *, layout=WIDE):
    """rows: [(date, {key: value or None})], keys: [(key, label)]. Unknown values leave no point.
    Each line ends with its latest value written beside it."""
    dates = [day for day, _ in rows]
    values = [value for _, figures in rows for value in figures.values() if value is not None]
    if not dates or not values:
        return None
    chart = Chart(layout.width, layout.height, layout.font_size)
    latest = {}
    for key, _label in keys:
        known = [(day, figures[key]) for day, figures in rows if figures.get(key) is not None]
        if known:
            latest[key] = max(known)
    right = layout.width - max(
        [layout.right]
        + [text_width(number(value), layout, bold=True) + layout.tick_gap for _day, value in latest.values()]
    )
    y, left = y_axis(chart, max(values), layout, right=right)
    first, last = min(dates).toordinal(), max(dates).toordinal()
    span = max(last - first, 1)

    def x(day):
        return round(left + (right - left) * (day.toordinal() - first) / span)

    years = range(min(dates).year + 1, max(dates).year + 1)
    year_room = (right - left) * 365.25 / span
    every = math.ceil((text_width("0000", layout) + layout.tick_gap) / year_room) if years else 1
    for year in years:
        tick = x(date(year, 1, 1))
        chart.lines.append(Line(tick, layout.plot_bottom, tick, layout.plot_bottom + 4, "chart__axis"))
        if (year - years[-1]) % every == 0:  # the latest year always keeps its label
            x_label(chart, tick, str(year), layout)
    ends = []
    for key, label in keys:
        points = [(x(day), y(figures[key])) for day, figures in rows if figures.get(key) is not None]
        if not points:
            continue
        chart.legend.append((key, label))
        chart.polylines.append(Polyline(" ".join(f"{px},{py}" for px, py in points), f"chart__line--{key}"))
        if len(points) < 3:  # too few to read as a line
            chart.circles += [Circle(px, py, f"chart__dot--{key}") for px, py in points]
        day, value = latest[key]
        ends.append(
            Text(x(day) + layout.tick_gap, y(value), number(value), "chart__value", anchor="start", middle=True)
        )
    spread(ends, layout.font_size + 4, layout.top, layout.plot_bottom)
    chart.texts += ends
    return chart


def stacked_bars(rows, keys, *, layout=WIDE):
    """rows: [(label, {key: value})] in order; keys: [(key, label)] from the bottom of each bar up.
    Drawn as rows when the layout says so, or when the labels would not fit under their columns."""
    if not rows:
        return None
    totals = [sum(figures.values()) for _, figures in rows]
    labels = [text_width(str(label), layout) for label, _ in rows]
    widest = max(labels + [text_width(number(total), layout, bold=True) for total in totals])
    slot = (layout.width - layout.left - layout.right) / len(rows)
    if layout.horizontal or widest + layout.tick_gap > slot:
        return stacked_rows(rows, keys, totals, layout)
    chart = Chart(layout.width, layout.height, layout.font_size, legend=list(keys))
    y, left = y_axis(chart, max(totals), layout, right=layout.width - layout.right)
    slot = (layout.width - left - layout.right) / len(rows)
    for index, (label, figures) in enumerate(rows):
        x = round(left + slot * index + slot * 0.15, 1)
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
        x_label(chart, centre, str(label), layout, "chart__label")
    return chart


def stacked_rows(rows, keys, totals, layout):
    """The stacked bars turned sideways: one row per label, its total at the end of the bar."""
    label_room = max(text_width(str(label), layout) for label, _ in rows) + layout.tick_gap
    value_room = max(text_width(number(total), layout, bold=True) for total in totals) + layout.tick_gap
    room = layout.width - label_room - value_room
    largest = max(totals) or 1
    chart = Chart(layout.width, 2 * layout.top + layout.row_height * len(rows), layout.font_size, legend=list(keys))
    for index, (label, figures) in enumerate(rows):
        top = layout.top + index * layout.row_height
        middle = top + layout.bar_thickness / 2
        running = 0
        for key, key_label in keys:
            value = figures.get(key, 0)
            if value:
                x = round(label_room + room * running / largest, 1)
                running += value
                title = f"{label}, {key_label}: {number(value)}"
                width = round(label_room + room * running / largest - x, 1)
                chart.rects.append(Rect(x, top, width, layout.bar_thickness, f"chart__bar--{key}", title))
        end = round(label_room + room * running / largest, 1)
        chart.texts.append(Text(label_room - layout.tick_gap, middle, str(label), "chart__label", "end", middle=True))
        chart.texts.append(Text(end + layout.tick_gap, middle, number(running), "chart__value", "start", middle=True))
    return chart


def row_chart(rows, *, layout=WIDE):
    """Horizontal bars, one per (label, value), in the order given: each label on the bar's left, or
    above it when the layout leaves no room on the left (a phone)."""
    if not rows:
        return None
    largest = max(value for _, value in rows) or 1
    value_room = max(text_width(number(value), layout, bold=True) for _, value in rows) + layout.tick_gap
    above = layout.label_width == 0
    label_room = 0 if above else layout.label_width
    room = layout.width - label_room - value_room
    # A label above its bar takes a line of text and a little space.
    row_height = layout.row_height + (layout.font_size + 4 if above else 0)
    chart = Chart(layout.width, 2 * layout.top + row_height * len(rows), layout.font_size)
    for index, (label, value) in enumerate(rows):
        top = layout.top + index * row_height
        if above:
            chart.texts.append(
                Text(0, top + layout.font_size, fit(str(label), layout.width, layout), "chart__label", "start")
            )
            top += layout.font_size + 4
        else:
            text = fit(str(label), label_room - 2 * layout.tick_gap, layout)
            middle = top + layout.bar_thickness / 2
            chart.texts.append(Text(label_room - layout.tick_gap, middle, text, "chart__label", "end", middle=True))
        middle = top + layout.bar_thickness / 2
        length = round(room * value / largest, 1) if value else 0
        chart.rects.append(Rect(label_room, top, length, layout.bar_thickness, ""))
        chart.texts.append(
            Text(label_room + length + layout.tick_gap, middle, number(value), "chart__value", "start", middle=True)
        )
    return chart
