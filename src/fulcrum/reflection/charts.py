"""The disclosure mini chart: one stacked bar per month, by whose need was served."""

from __future__ import annotations

from fulcrum.core.reflection import SERVED, DisclosurePattern, Served
from fulcrum.kernel.svg import document, esc, num

SERVED_LABELS: dict[Served, str] = {
    "client": "The client's",
    "practitioner": "Mine",
    "both": "Both",
    "unsure": "Not sure",
    "unrecorded": "Not recorded",
}
# Classes rather than colours so the stylesheet decides (and print can override).
SERVED_CLASSES: dict[Served, str] = {s: f"served-{s}" for s in SERVED}

BAR_WIDTH = 18
GAP = 8
HEIGHT = 90
LABEL_SPACE = 16


def disclosure_chart(pattern: DisclosurePattern) -> str:
    """An SVG stacked-bar chart of ``pattern.months``; every text is escaped."""
    months = pattern.months
    tallest = max((m.total for m in months), default=1) or 1
    scale = (HEIGHT - LABEL_SPACE - 4) / tallest
    parts: list[str] = []
    for i, month in enumerate(months):
        x = GAP + i * (BAR_WIDTH + GAP)
        y = float(HEIGHT - LABEL_SPACE)
        for served, n in month.counts:
            if not n:
                continue
            h = n * scale
            y -= h
            parts.append(
                f'<rect x="{num(x)}" y="{num(y)}" width="{BAR_WIDTH}" height="{num(h)}" '
                f'class="{SERVED_CLASSES[served]}"><title>{esc(month.month)}: {n} · '
                f"{esc(SERVED_LABELS[served])}</title></rect>"
            )
        parts.append(
            f'<text x="{num(x + BAR_WIDTH / 2)}" y="{HEIGHT - 4}" text-anchor="middle" '
            f'class="axis">{esc(month.month[2:])}</text>'
        )
    width = GAP + len(months) * (BAR_WIDTH + GAP)
    desc = "; ".join(
        f"{m.month}: " + ", ".join(f"{n} {SERVED_LABELS[s]}" for s, n in m.counts if n)
        for m in months
    )
    return document(
        max(width, 120),
        HEIGHT,
        "".join(parts),
        title="Disclosures per month by whose need they served",
        desc=desc,
        css_class="disclosure-chart",
    )
