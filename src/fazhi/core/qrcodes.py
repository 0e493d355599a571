"""QR codes drawn on the server as inline SVG (no script, no CDN)."""

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(text: str, *, css_class: str = "fz-qr", scale: int = 5) -> SafeString:
    svg = segno.make(text, error="m").svg_inline(
        scale=scale, border=2, svgclass=css_class, omitsize=True
    )
    # segno writes the markup itself; the text is encoded in path data, never echoed as markup.
    return mark_safe(svg)  # noqa: S308
