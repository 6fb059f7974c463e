"""One animated SVG rendered by a real headless browser: the pixels show the right window.

Chromium's virtual time makes the screenshot deterministic: after 0.1 s of page time the first
frame is showing, after 4.1 s (0.8 s a frame) the sixth. Skipped only where no browser is
installed (Debian: ``apt-get install chromium``).
"""

import shutil
import struct
import subprocess
import tempfile
import zlib
from pathlib import Path

import pytest

from cnnlab.draw import window_picture
from cnnlab.network.graph import LayerNode
from cnnlab.render.draw_svg import CELL, FILL, SECONDS, Layout, picture_svg
from cnnlab.shape import Shape
from cnnlab.spec import parse_layer

BROWSER = next((shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome")
                if shutil.which(name)), None)
pytestmark = pytest.mark.skipif(BROWSER is None, reason="no headless browser installed")


def _unfilter(raw: bytes, width: int, height: int, bpp: int) -> list[bytearray]:
    """Undo PNG's per-row filters (None, Sub, Up, Average, Paeth)."""
    stride, rows, prev, i = width * bpp, [], bytearray(width * bpp), 0
    for _ in range(height):
        kind, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b, c = prev[x], prev[x - bpp] if x >= bpp else 0
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return rows


def read_png(path: Path) -> tuple[int, int, int, list[bytearray]]:
    """(width, height, bytes per pixel, rows) of an 8-bit RGB or RGBA PNG."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, tag = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if tag == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif tag == b"IDAT":
            idat += chunk
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0
    bpp = 3 if colour == 2 else 4
    return width, height, bpp, _unfilter(zlib.decompress(idat), width, height, bpp)


def screenshot(svg: Path, size: tuple[int, int], at_ms: int) -> Path:
    png = svg.with_suffix(f".{at_ms}.png")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [BROWSER, "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--no-first-run", f"--user-data-dir={profile}", "--force-device-scale-factor=1",
             "--hide-scrollbars", f"--virtual-time-budget={at_ms}", f"--screenshot={png}",
             f"--window-size={size[0]},{size[1]}", svg.as_uri()],
            capture_output=True, timeout=120, check=False,
        )
    assert png.exists(), "the browser wrote no screenshot"
    return png


def window_cells(png: Path, layout: Layout) -> set[tuple[int, int]]:
    """Canvas cells whose centre pixel has the window's colour."""
    width, _, bpp, rows = read_png(png)
    target = bytes.fromhex(FILL["window"][1:])
    found = set()
    canvas_rows, canvas_cols = layout.picture.canvas
    for r in range(canvas_rows):
        for c in range(canvas_cols):
            x, y = layout.canvas_xy(r, c)
            px, py = int(x + CELL / 2), int(y + CELL / 2)
            if bytes(rows[py][px * bpp:px * bpp + 3]) == target:
                found.add((r, c))
    return found


def test_the_browser_shows_the_first_frame_then_the_sixth(tmp_path):
    text = "conv:f=3,k=1,s=2,p=1"
    picture = window_picture(LayerNode(parse_layer(text), text), Shape(1, 5, 5))
    layout = Layout(picture)
    svg = tmp_path / "conv.svg"
    svg.write_text(picture_svg(picture), encoding="utf-8")
    size = (round(layout.width), round(layout.height))
    first = window_cells(screenshot(svg, size, 100), layout)
    assert len(first) == 9
    assert first == set(picture.frame(0, 0).cells)
    # Virtual time is honoured by the page, but a heavily loaded machine can still land the
    # shot a frame early: try up to three times; a wrong geometry fails all three.
    expected = set(picture.frame(1, 2).cells)
    shots = []
    for k in range(3):
        shots.append(window_cells(screenshot(svg, size, int(5.1 * SECONDS * 1000) + k), layout))
        if shots[-1] == expected:
            break
    assert shots[-1] == expected, shots
