"""QR codes (client links, authenticator keys, certificate checks) drawn by segno as inline
SVG for pages and PNG for PDFs; nothing fetched."""

from __future__ import annotations

import io

import segno


def qr_svg(data: str) -> str:
    """An SVG QR code for ``data``, sized by the page's CSS (``class="qr"``)."""
    code = segno.make(data, error="m", micro=False)
    svg: str = code.svg_inline(
        scale=4, border=2, dark="#22252a", light="#ffffff", svgclass="qr", omitsize=True
    )
    return svg


def qr_png(data: str) -> bytes:
    """A PNG QR code for ``data``, for drawing into a PDF."""
    image = io.BytesIO()
    segno.make(data, error="m", micro=False).save(image, kind="png", scale=4, border=2)
    return image.getvalue()
