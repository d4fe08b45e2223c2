"""Draws Tandem's toolbar icons (two overlapping speech bubbles on a rounded teal square) as PNGs.

Plain zlib + struct, no imaging library, so anyone can regenerate them:
    python3 extension/icons/make_icons.py
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

SIZES = (16, 32, 48, 128)
SUPERSAMPLE = 4  # anti-aliasing: draw 4x4 samples per pixel and average
TEAL, WHITE, PALE = (15, 118, 110), (255, 255, 255), (153, 246, 228)


def _inside_rounded_square(x: float, y: float, radius: float) -> bool:
    cx, cy = min(max(x, radius), 1 - radius), min(max(y, radius), 1 - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2


def _inside_bubble(x: float, y: float, cx: float, cy: float, r: float, tail: int) -> bool:
    """A circle with a small triangular tail at the bottom (left or right)."""
    if (x - cx) ** 2 + (y - cy) ** 2 <= r ** 2:
        return True
    tip_x, tip_y = cx + tail * r * 0.95, cy + r * 1.05
    base_x = cx + tail * r * 0.35
    # triangle between (base_x, cy + r*0.6), (cx, cy + r*0.8) and the tip
    if not cy + r * 0.5 <= y <= tip_y:
        return False
    t = (y - (cy + r * 0.5)) / (tip_y - (cy + r * 0.5))
    left, right = sorted((base_x + (tip_x - base_x) * t, cx + (tip_x - cx) * t * 0.6))
    return left <= x <= right


def _colour(x: float, y: float) -> tuple[int, int, int, int]:
    if not _inside_rounded_square(x, y, 0.22):
        return (0, 0, 0, 0)
    if _inside_bubble(x, y, 0.62, 0.56, 0.24, 1):
        return (*PALE, 255)
    if _inside_bubble(x, y, 0.38, 0.40, 0.24, -1):
        return (*WHITE, 255)
    return (*TEAL, 255)


def render(size: int) -> bytes:
    rows = []
    n = SUPERSAMPLE
    for py in range(size):
        row = bytearray([0])  # filter type 0 for this scanline
        for px in range(size):
            samples = [_colour((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size)
                       for sx in range(n) for sy in range(n)]
            alpha = sum(s[3] for s in samples)
            if alpha == 0:
                row += bytes(4)
                continue
            rgb = [round(sum(s[i] * s[3] for s in samples) / alpha) for i in range(3)]
            row += bytes(rgb + [round(alpha / len(samples))])
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b""))


if __name__ == "__main__":
    folder = Path(__file__).parent
    for size in SIZES:
        (folder / f"icon-{size}.png").write_bytes(render(size))
