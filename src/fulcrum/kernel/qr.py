"""QR codes (client links, authenticator keys) drawn by segno as inline SVG; nothing fetched."""

from __future__ import annotations

import segno


def qr_svg(data: str) -> str:
    """An SVG QR code for ``data``, sized by the page's CSS (``class="qr"``)."""
    code = segno.make(data, error="m", micro=False)
    svg: str = code.svg_inline(
        scale=4, border=2, dark="#22252a", light="#ffffff", svgclass="qr", omitsize=True
    )
    return svg
