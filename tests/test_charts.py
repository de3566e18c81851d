"""Server-drawn charts: valid SVG images with a title and description, bars to scale."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from kernel.charts import Series, bar_chart, column_chart, line_chart, nice_ceiling
from kernel.report_charts import standard_charts
from kernel.reports import from_facts
from tests.test_report_arithmetic import CATALOGUE, DAY, FACTS, served

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup) -> ET.Element:
    return ET.fromstring(str(markup))


@pytest.mark.parametrize("draw", [column_chart, line_chart, bar_chart])
def test_every_chart_is_an_image_named_by_its_title_and_description(draw):
    svg = parse(draw("c1", "Besøg <pr. time>", "Flest kl. 10", Series(["10", "11"], [4, 2])))
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "c1-title c1-desc"
    assert svg.find(f"{SVG}title").text == "Besøg <pr. time>"
    assert svg.find(f"{SVG}title").get("id") == "c1-title"
    assert svg.find(f"{SVG}desc").text == "Flest kl. 10"


def test_column_heights_are_to_scale_and_a_missing_value_draws_no_bar():
    svg = parse(column_chart("c", "t", "d", Series(["a", "b", "c"], [10, 5, None])))
    bars = [float(r.get("height")) for r in svg.iter(f"{SVG}rect")]
    assert len(bars) == 2 and bars[0] == pytest.approx(2 * bars[1])


def test_row_bars_carry_their_numbers_and_long_names_are_shortened():
    name = "Familie- og Arbejdsmarkedsforvaltningen, en meget lang afdeling"
    svg = parse(bar_chart("c", "t", "d", Series([name, "KI"], [120, 30])))
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "120" in texts and "30" in texts
    assert any(t.endswith("…") and len(t) <= 34 for t in texts)


def test_a_trend_with_a_gap_draws_two_lines():
    svg = parse(line_chart("c", "t", "d", Series(list("abcde"), [1, 2, None, 3, 4])))
    assert len(list(svg.iter(f"{SVG}polyline"))) == 2


@pytest.mark.parametrize(
    "value, top", [(0, 1), (3, 5), (7, 10), (12, 20), (21, 25), (180, 200), (999, 1000)]
)
def test_the_axis_top_is_a_round_number_at_least_the_largest_value(value, top):
    assert nice_ceiling(value) == top


def test_the_standard_charts_hold_the_reports_numbers(app):
    with app.test_request_context("/?lang=da"):
        charts = standard_charts(from_facts(FACTS, DAY, DAY, CATALOGUE), CATALOGUE, {"a": "A"})
    assert [c.id for c in charts] == [
        "chart-hour-visits",
        "chart-hour-wait",
        "chart-weekday-visits",
        "chart-weekday-wait",
        "chart-week-trend",
        "chart-administration",
    ]
    hours = charts[0]
    assert hours.labels == ["10–11", "11–12", "12–13"] and hours.values == [3, 2, 3]
    assert charts[2].labels == ["Tirsdag"]
    administrations = charts[5]
    assert administrations.labels[0] == "Københavns Skatter og Registre"
    assert administrations.values == [6, 2]
    assert "Højest" in hours.description


def test_the_axis_is_divided_in_round_steps():
    svg = parse(column_chart("c", "t", "d", Series(["a", "b"], [21.8, 9])))  # top 25
    axis = [t.text for t in svg.iter(f"{SVG}text") if t.get("text-anchor") == "end"]
    assert axis == ["0", "5", "10", "15", "20", "25"]
    svg = parse(column_chart("c", "t", "d", Series(["a"], [17])))  # top 20
    axis = [t.text for t in svg.iter(f"{SVG}text") if t.get("text-anchor") == "end"]
    assert axis == ["0", "5", "10", "15", "20"]


def test_two_column_charts_can_share_one_scale():
    """The what-if page draws the day as planned and with changes on one axis."""
    svg = parse(column_chart("c", "t", "d", Series(["a"], [9]), top=21.8))  # top 25
    axis = [t.text for t in svg.iter(f"{SVG}text") if t.get("text-anchor") == "end"]
    assert axis == ["0", "5", "10", "15", "20", "25"]


def test_the_standard_charts_write_numbers_the_readers_way(app):
    # Two waits of 10 and 15 minutes at 10 local time: a mean of 12.5.
    facts = [served(1, "2026-11-24T09:00:00+00:00", 10), served(2, "2026-11-24T09:05:00+00:00", 15)]
    with app.test_request_context("/?lang=da"):
        waits = standard_charts(from_facts(facts, DAY, DAY, CATALOGUE), CATALOGUE, {"a": "A"})[1]
    assert waits.description.endswith("Højest: 10–11 med 12,5.")
    with app.test_request_context("/?lang=en"):
        waits = standard_charts(from_facts(facts, DAY, DAY, CATALOGUE), CATALOGUE, {"a": "A"})[1]
    assert waits.description.endswith("Highest: 10–11 with 12.5.")
    marks = [
        t.text
        for t in parse(
            column_chart("c", "t", "d", Series(["a"], [2.5]), write=lambda v: f"<{v}>")
        ).iter(f"{SVG}text")
    ]
    assert "<0.5>" in marks  # the axis is written by the writer given
