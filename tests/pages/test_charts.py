"""Chart geometry for any amount of data: labels thinned, shortened or laid out in rows, never drawn
over each other (the browser tests check the demo's charts as rendered; these check long series)."""

from datetime import date

from pages import charts


def label_boxes(chart, css):
    """(left, right, y) of each label of that class, from the same width estimate the charts use."""
    layout = charts.NARROW if chart.width == charts.NARROW.width else charts.WIDE
    boxes = []
    for text in chart.texts:
        if text.css == css:
            width = charts.text_width(text.text, layout)
            left = {"start": text.x, "middle": text.x - width / 2, "end": text.x - width}[text.anchor]
            boxes.append((left, left + width, text.y))
    return boxes


def test_a_long_series_on_a_phone_labels_fewer_years_the_latest_always():
    rows = [(date(year, month, 28), {"troops": 1000 * year % 7}) for year in range(1995, 2024) for month in (3, 9)]

    chart = charts.line_chart(rows, [("troops", "Troops")], layout=charts.NARROW)

    years = [text for text in chart.texts if text.css == "chart__tick" and text.anchor == "middle"]  # the x axis
    half = charts.text_width("2023", charts.NARROW) / 2
    assert years[-1].text == "2023"
    assert 3 <= len(years) < 28
    assert all(later.x - half > earlier.x + half for earlier, later in zip(years, years[1:], strict=False))
    assert all(left >= 0 and right <= chart.width for left, right, _y in label_boxes(chart, "chart__value"))


def test_many_years_of_bars_turn_into_rows_rather_than_crowd_their_labels():
    rows = [(year, {"malicious_act": year % 5 + 1}) for year in range(1990, 2024)]
    keys = [("malicious_act", "Malicious act")]

    columns = charts.stacked_bars(rows[-4:], keys, layout=charts.WIDE)
    crowded = charts.stacked_bars(rows, keys, layout=charts.WIDE)

    assert [text.css for text in columns.texts].count("chart__label") == 4
    assert columns.height == charts.WIDE.height  # columns
    assert crowded.height > charts.WIDE.height  # one row per year instead
    assert [text.text for text in crowded.texts if text.css == "chart__label"] == [str(y) for y in range(1990, 2024)]


def test_a_long_name_is_shortened_to_fit_and_its_value_still_fits_the_chart():
    rows = [("United Kingdom of Great Britain and Northern Ireland", 1234), ("Chad", 33)]

    for layout in (charts.WIDE, charts.NARROW):
        chart = charts.row_chart(rows, layout=layout)
        names = [text.text for text in chart.texts if text.css == "chart__label"]
        assert names[0].endswith("…") and names[1] == "Chad"
        assert all(right <= chart.width for _left, right, _y in label_boxes(chart, "chart__value"))
        assert all(left >= 0 for left, _right, _y in label_boxes(chart, "chart__label"))
