"""The transcript report as one self-contained HTML file, for ``fulcrum analyze --format html``.

It renders the same partial as the report page (``transcripts/_report.html``) from the
same ``build_report``, with Fulcrum's style sheets inlined: no link leaves the file, and
it opens the same way on any machine, with no server behind it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from fulcrum.transcripts.report import ReportUtterance, build_report, describe_coder

STYLESHEETS = ("fulcrum/fulcrum.css", "fulcrum/transcripts.css")


@dataclass(frozen=True)
class AnalysedFile:
    """A transcript analysed on the spot, never stored: what the report needs of it."""

    filename: str
    source_format: str
    speakers: Sequence[str]
    practitioner: str
    analysis: Mapping[str, Any]
    confidence: float
    named: bool
    coder_kind: str
    coder_name: str
    notes: Sequence[str] = ()
    warnings: Sequence[str] = field(default=())
    # Where the practitioner came from: "source", "label", "heuristic" or "named".
    basis: str = ""


def _css() -> str:
    parts = []
    for name in STYLESHEETS:
        found = finders.find(name)
        path = found[0] if isinstance(found, list) else found
        if path:
            with open(path, encoding="utf-8") as handle:
                parts.append(handle.read())
    # A style sheet cannot end the <style> element early.
    return "\n".join(parts).replace("</", "<\\/")


def render_export(source: AnalysedFile, utterances: Sequence[ReportUtterance]) -> str:
    """The report page's contents for one analysed file, as a standalone HTML document."""
    report = build_report(source, utterances)
    return render_to_string(
        "transcripts/report_export.html",
        {
            "source": source,
            "report": report,
            # timeline_chart escapes every piece of text it draws; the CSS is Fulcrum's own.
            "chart": mark_safe(report.chart),
            "css": mark_safe(_css()),
            "coder": describe_coder(source.coder_kind, source.coder_name, source.notes),
            "coder_kind": source.coder_kind,
            "coder_name": source.coder_name,
            "confidence": source.confidence,
            "named": source.named,
            "warnings": source.warnings,
        },
    )
