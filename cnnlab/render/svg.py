"""What every hand-written SVG document of cnnlab starts with: XML declaration, a viewBox-scaled
``<svg>`` element, a title, the style sheet and a white background."""

from __future__ import annotations

from xml.sax.saxutils import escape

TEXT_CSS = "text{font-family:sans-serif;font-size:13px;fill:#222}"


def document_head(width: float, height: float, title: str, css: str) -> list[str]:
    """The opening lines; close the document with ``"</svg>"``.

    >>> document_head(10, 20, "a & b", "")[1]
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 20" width="10" height="20">'
    """
    w, h = round(width), round(height)
    return [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}">',
        f"<title>{escape(title)}</title>",
        f"<style>{TEXT_CSS}{css}</style>",
        '<rect width="100%" height="100%" fill="#ffffff"/>',
    ]
