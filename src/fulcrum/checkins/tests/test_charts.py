from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest

from fulcrum.checkins.charts import control_chart, score_trend_chart, sparkline
from fulcrum.core.drift import ChartPoint, SessionPoint

NS = {"svg": "http://www.w3.org/2000/svg"}
START = datetime(2026, 3, 2, 10, tzinfo=UTC)


def session_points(values: list[tuple[float, float, float]]) -> list[SessionPoint]:
    return [
        SessionPoint(str(i), START + timedelta(days=7 * i), o, u, s, frozenset())
        for i, (o, u, s) in enumerate(values)
    ]


def chart_points(values: list[float], signals: set[int]) -> list[ChartPoint]:
    return [
        ChartPoint(str(i), START + timedelta(days=7 * i), v, 1.0, 6.0, 0.0, i in signals)
        for i, v in enumerate(values)
    ]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output


def coords(d: str) -> list[tuple[float, float]]:
    pairs = []
    for part in d.replace("M", " ").replace("L", " ").split("  "):
        bits = part.split()
        for x, y in zip(bits[::2], bits[1::2], strict=True):
            pairs.append((float(x), float(y)))
    return pairs


def test_it_draws_one_line_per_score() -> None:
    root = parse(score_trend_chart(session_points([(1, 0, 4), (3, 1, 2), (6, 2, 0)])))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img"
    for key in ("over", "under", "skilful"):
        path = root.find(f".//svg:path[@class='series {key}']", NS)
        assert path is not None
        assert len(coords(path.get("d", ""))) == 3
    desc = root.find("svg:desc", NS)
    assert desc is not None
    assert "Over-use: 1.0, 3.0, 6.0." in (desc.text or "")


def test_it_puts_higher_scores_higher_up() -> None:
    root = parse(score_trend_chart(session_points([(0, 0, 0), (10, 0, 0)]), keys=("over",)))
    path = root.find(".//svg:path[@class='series over']", NS)
    assert path is not None
    (x0, y0), (x1, y1) = coords(path.get("d", ""))
    assert x1 > x0
    assert y1 < y0


def test_it_keeps_every_point_inside_the_picture() -> None:
    svg = control_chart(chart_points([0, 12, -3, 5], {1}), direction="over", width=300)
    root = parse(svg)
    for path in root.iter("{http://www.w3.org/2000/svg}path"):
        for x, y in coords(path.get("d", "")):
            assert 0 <= x <= 300
            assert 0 <= y <= 220


def test_it_highlights_the_signal_points() -> None:
    root = parse(control_chart(chart_points([1, 2, 6, 7], {2, 3}), direction="over"))
    signals = root.findall(".//svg:circle[@class='signal']", NS)
    ordinary = root.findall(".//svg:circle[@class='point']", NS)
    assert len(signals) == 2
    assert len(ordinary) == 2
    assert root.find(".//svg:path[@class='limit']", NS) is not None
    assert root.find(".//svg:path[@class='centre']", NS) is not None
    assert root.find(".//svg:path[@class='value']", NS) is not None
    desc = root.find("svg:desc", NS)
    assert desc is not None
    assert "2 session(s) signalled" in (desc.text or "")


def test_it_draws_a_single_session() -> None:
    root = parse(control_chart(chart_points([3], set()), direction="under"))
    assert root.find(".//svg:circle[@class='point']", NS) is not None
    root = parse(score_trend_chart(session_points([(2, 1, 3)])))
    assert len(root.findall(".//svg:circle", NS)) == 3


def test_it_says_so_when_there_are_no_sessions() -> None:
    for svg in (score_trend_chart([]), control_chart([], direction="over"), sparkline([])):
        root = parse(svg)
        assert "No check-ins yet" in "".join(root.itertext())


def test_it_escapes_text() -> None:
    root = parse(sparkline(session_points([(1, 2, 3)]), title='<script>"x" & y</script>'))
    title = root.find("svg:title", NS)
    assert title is not None
    assert title.text == '<script>"x" & y</script>'
    assert root.find(".//script") is None


def test_it_refuses_an_unknown_direction_or_score() -> None:
    with pytest.raises(ValueError, match="direction"):
        control_chart([], direction="sideways")
    with pytest.raises(ValueError, match="Unknown score"):
        score_trend_chart([], keys=("bogus",))


def test_it_draws_small_multiples_with_over_and_under_only() -> None:
    root = parse(sparkline(session_points([(1, 2, 3), (2, 3, 4)])))
    assert root.find(".//svg:path[@class='series over']", NS) is not None
    assert root.find(".//svg:path[@class='series under']", NS) is not None
    assert root.find(".//svg:path[@class='series skilful']", NS) is None
