from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from fulcrum.kernel.svg import document, esc, num, path_d, points


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - Fulcrum's own output, not untrusted input


@pytest.mark.parametrize(
    ("value", "text"),
    [(1.0, "1"), (1.5, "1.5"), (2.345678, "2.35"), (-0.001, "0"), (-3.2, "-3.2"), (0, "0")],
)
def test_it_formats_numbers_briefly(value: float, text: str) -> None:
    assert num(value) == text


def test_it_refuses_non_finite_numbers() -> None:
    with pytest.raises(ValueError, match="non-finite"):
        num(float("nan"))


def test_it_joins_points_and_paths() -> None:
    assert points([(0, 0), (1.25, 2)]) == "0,0 1.25,2"
    assert path_d([(0, 0), (10, 5.5)]) == "M0 0 L10 5.5"
    assert path_d([(0, 0), (1, 1), (2, 0)], closed=True) == "M0 0 L1 1 L2 0 Z"
    assert path_d([]) == ""


def test_it_escapes_text_for_bodies_and_attributes() -> None:
    assert esc('<a href="x">&\'') == "&lt;a href=&quot;x&quot;&gt;&amp;&#x27;"


def test_it_wraps_a_body_in_an_accessible_svg() -> None:
    svg = document(100, 50, '<circle cx="1" cy="1" r="1"/>', title='A <"chart">', desc="x & y")
    root = parse(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg"
    assert root.attrib["viewBox"] == "0 0 100 50"
    assert root.attrib["aria-label"] == 'A <"chart">'
    assert root.find(f"{ns}title").text == 'A <"chart">'  # type: ignore[union-attr]
    assert root.find(f"{ns}desc").text == "x & y"  # type: ignore[union-attr]
    assert root.find(f"{ns}circle") is not None
