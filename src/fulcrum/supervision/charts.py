"""SVG charts for the printable report, drawn only from the report's own values."""

from __future__ import annotations

from fulcrum.checkins.charts import score_trend_chart
from fulcrum.core.drift import SessionPoint
from fulcrum.core.powermap import RATING_MAX
from fulcrum.core.report import ClientSection, MapSummary
from fulcrum.powermaps.charts import RadarSeries, radar_svg


def trend_svg(section: ClientSection) -> str:
    """The three scores across the period's sessions (the drift page's trend chart)."""
    points = [
        SessionPoint(str(i), p.at, p.over, p.under, p.skilful, frozenset())
        for i, p in enumerate(section.trend)
    ]
    return score_trend_chart(points)


def radar(summary: MapSummary) -> str:
    """The map's radar: you, the client and a third party where rated."""
    axes = [row.kind for row in summary.rows]
    series = [
        RadarSeries("practitioner", "You", tuple(float(r.practitioner) for r in summary.rows)),
        RadarSeries("client", "Client", tuple(float(r.client) for r in summary.rows)),
    ]
    if any(r.third_party is not None for r in summary.rows):
        # Kinds the third party was not rated on stay None, so they are left off the chart.
        series.append(
            RadarSeries(
                "third_party",
                summary.third_party or "Third party",
                tuple(
                    None if r.third_party is None else float(r.third_party) for r in summary.rows
                ),
            )
        )
    return radar_svg(
        axes, series, max_value=RATING_MAX, size=260, title="Who holds which kind of power"
    )
