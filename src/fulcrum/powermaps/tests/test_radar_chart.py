from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from fulcrum.core.catalogue import load_catalogue
from fulcrum.core.powermap import PowerMapInput, score_power_map
from fulcrum.powermaps.charts import RadarSeries, power_map_radar, radar_svg


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - Fulcrum's own output, not untrusted input


NS = {"svg": "http://www.w3.org/2000/svg"}
AXES = ["Legitimate", "Coercive", "Expert", "Referent", "Reward", "Personal"]


def chart(*series: RadarSeries, axes: list[str] = AXES, **kwargs: object) -> ET.Element:
    return parse(radar_svg(axes, series, **kwargs))  # type: ignore[arg-type]


def polygons(root: ET.Element) -> list[ET.Element]:
    return root.findall("svg:polygon", NS)


def corners(polygon: ET.Element) -> list[tuple[float, float]]:
    return [
        (float(x), float(y)) for x, y in (p.split(",") for p in polygon.attrib["points"].split())
    ]


def test_it_is_valid_svg_with_one_polygon_per_side() -> None:
    root = chart(
        RadarSeries("practitioner", "You", (3, 3, 2, 0, 4, 1)),
        RadarSeries("client", "Client", (0, 1, 2, 3, 4, 0)),
    )
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.attrib["role"] == "img"
    found = polygons(root)
    assert [p.attrib["class"] for p in found] == [
        "series series-practitioner",
        "series series-client",
    ]
    assert all(len(corners(p)) == len(AXES) for p in found)
    assert [t.text for t in root.findall("svg:g/svg:text", NS)] == AXES


def test_it_puts_zero_at_the_centre_and_the_maximum_on_the_outer_ring() -> None:
    root = chart(
        RadarSeries("practitioner", "You", (0,) * 6), RadarSeries("client", "Client", (4,) * 6)
    )
    zero, full = (corners(p) for p in polygons(root))
    assert len(set(zero)) == 1
    centre = zero[0]
    radii = {round(((x - centre[0]) ** 2 + (y - centre[1]) ** 2) ** 0.5, 1) for x, y in full}
    assert radii == {160.0}


def test_it_clips_values_outside_the_scale() -> None:
    root = chart(
        RadarSeries("practitioner", "You", (9,) * 6), RadarSeries("client", "Client", (4,) * 6)
    )
    over, at_max = polygons(root)
    assert over.attrib["points"] == at_max.attrib["points"]


def test_it_escapes_every_text() -> None:
    evil = '<script>alert("x")</script>&'
    svg = radar_svg(
        [evil, "b", "c"],
        [RadarSeries('x" onload="boom', evil, (1, 2, 3))],
        title=evil,
    )
    assert "<script>" not in svg
    assert 'onload="boom' not in svg
    root = parse(svg)
    assert root.find("svg:title", NS) is not None
    assert root.find("svg:title", NS).text == evil  # type: ignore[union-attr]
    assert root.findall("svg:g/svg:text", NS)[0].text == evil


def test_it_describes_the_data_for_screen_readers() -> None:
    root = chart(RadarSeries("practitioner", "You", (1, 2, 3, 4, 0, 1)), labels=False)
    desc = root.find("svg:desc", NS)
    assert desc is not None
    assert desc.text is not None
    assert "You: Legitimate 1, Coercive 2" in desc.text
    assert root.findall("svg:g/svg:text", NS) == []


@pytest.mark.parametrize(("axes", "values"), [(["a", "b"], (1, 2)), (AXES, (1, 2, 3))])
def test_it_refuses_shapes_it_cannot_draw(axes: list[str], values: tuple[float, ...]) -> None:
    with pytest.raises(ValueError, match="axes"):
        radar_svg(axes, [RadarSeries("client", "Client", values)])


def test_it_draws_a_fully_rated_third_party_as_a_third_shape() -> None:
    everything = {k.id: 2 for k in load_catalogue().kinds}
    reading = score_power_map(
        PowerMapInput(
            ratings={"practitioner": {"expert": 3}, "client": {}, "third_party": everything}
        )
    )
    root = parse(power_map_radar(reading, load_catalogue()))
    assert len(polygons(root)) == 3
    two_sided = score_power_map(PowerMapInput(ratings={"practitioner": {}, "client": {}}))
    thumb = parse(power_map_radar(two_sided, load_catalogue(), thumbnail=True))
    assert len(polygons(thumb)) == 2


def test_it_leaves_kinds_a_third_party_was_not_rated_on_off_the_chart() -> None:
    reading = score_power_map(
        PowerMapInput(
            ratings={"practitioner": {"expert": 3}, "client": {}, "third_party": {"coercive": 4}}
        )
    )
    root = parse(power_map_radar(reading, load_catalogue()))
    # No third shape pulled to the centre on the five kinds nobody rated.
    assert [p.attrib["class"] for p in polygons(root)] == [
        "series series-practitioner",
        "series series-client",
    ]
    third = root.find("svg:g[@class='series series-third_party partial']", NS)
    assert third is not None
    dots = third.findall("svg:circle", NS)
    assert len(dots) == 1
    centre_x = float(root.attrib["viewBox"].split()[2]) / 2
    assert abs(float(dots[0].attrib["cx"]) - centre_x) > 1  # coercive is off the vertical axis
    desc = root.find("svg:desc", NS)
    assert desc is not None
    assert "Third party: Legitimate not rated, Coercive 4" in str(desc.text)


def test_it_draws_nothing_for_a_series_with_no_values() -> None:
    root = chart(
        RadarSeries("practitioner", "You", (1,) * 6),
        RadarSeries("third_party", "Third party", (None,) * 6),
    )
    assert len(polygons(root)) == 1
    assert root.find("svg:g[@class='series series-third_party partial']", NS) is None
