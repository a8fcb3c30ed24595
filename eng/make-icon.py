#!/usr/bin/env python3
"""Draws the package icon (eng/icon.png, 128 x 128): five journey stages joined by a path on a rounded square.

Pure Python (zlib only), so the icon can be redrawn anywhere: python3 eng/make-icon.py
"""
import math
import struct
import zlib
from pathlib import Path

SIZE = 128
BACKGROUND = (37, 99, 235)      # blue
PATH = (191, 219, 254)          # light blue
STAGE = (255, 255, 255)
GOAL = (250, 204, 21)           # amber: the goal stage
STAGES = [(24, 92), (46, 60), (68, 78), (88, 44), (106, 30)]
SAMPLES = 4                     # supersampling per axis, for smooth edges


def inside_rounded_square(x, y, radius=22):
    cx = min(max(x, radius), SIZE - radius)
    cy = min(max(y, radius), SIZE - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2


def distance_to_segment(px, py, a, b):
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def colour_at(x, y):
    if not inside_rounded_square(x, y):
        return None
    for i, (sx, sy) in enumerate(STAGES):
        d = math.hypot(x - sx, y - sy)
        if d <= 9:
            return GOAL if i == len(STAGES) - 1 else STAGE
    if any(distance_to_segment(x, y, STAGES[i], STAGES[i + 1]) <= 3.5 for i in range(len(STAGES) - 1)):
        return PATH
    return BACKGROUND


def pixel(x, y):
    r = g = b = a = 0
    for i in range(SAMPLES):
        for j in range(SAMPLES):
            c = colour_at(x + (i + 0.5) / SAMPLES, y + (j + 0.5) / SAMPLES)
            if c is not None:
                r, g, b, a = r + c[0], g + c[1], b + c[2], a + 1
    if a == 0:
        return (0, 0, 0, 0)
    return (r // a, g // a, b // a, 255 * a // (SAMPLES * SAMPLES))


def png(width, height, rows):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes(v for p in row for v in p) for row in rows)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


rows = [[pixel(x, y) for x in range(SIZE)] for y in range(SIZE)]
out = Path(__file__).with_name("icon.png")
out.write_bytes(png(SIZE, SIZE, rows))
print(f"wrote {out}")
