#!/usr/bin/env python3
"""Renders a `tmux capture-pane -e -p` dump (text with SGR colour codes) into a PNG, cell by cell."""
import re
import sys
import unicodedata

from PIL import Image, ImageDraw, ImageFont

MONO = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
MONO_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf"
CJK = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
SIZE = 15
PALETTE = [(40, 42, 54), (255, 85, 85), (80, 250, 123), (241, 250, 140),
           (98, 114, 164), (255, 121, 198), (139, 233, 253), (248, 248, 242)]
FG, BG = (230, 230, 230), (30, 31, 40)


def load(path):
    try:
        return ImageFont.truetype(path, SIZE)
    except OSError:
        return None


def cells(line):
    """Yields (character, style) for each character of a line with SGR codes."""
    style = {"fg": None, "bg": None, "bold": False, "dim": False, "reverse": False}
    for token in re.split(r"(\x1b\[[0-9;]*m)", line):
        if token.startswith("\x1b["):
            codes = [int(c) if c else 0 for c in token[2:-1].split(";")]
            i = 0
            while i < len(codes):
                c = codes[i]
                if c == 0:
                    style = {"fg": None, "bg": None, "bold": False, "dim": False, "reverse": False}
                elif c == 1: style["bold"] = True
                elif c == 2: style["dim"] = True
                elif c == 7: style["reverse"] = True
                elif c == 22: style["bold"] = style["dim"] = False
                elif c == 27: style["reverse"] = False
                elif 30 <= c <= 37: style["fg"] = c - 30
                elif c == 39: style["fg"] = None
                elif 40 <= c <= 47: style["bg"] = c - 40
                elif c == 49: style["bg"] = None
                elif 90 <= c <= 97: style["fg"] = c - 90
                elif c in (38, 48) and i + 2 < len(codes) and codes[i + 1] == 5:
                    style["fg" if c == 38 else "bg"] = codes[i + 2] % 8
                    i += 2
                i += 1
            continue
        for ch in token:
            yield ch, dict(style)


def main(source, target, columns, rows):
    mono, bold, cjk = load(MONO), load(MONO_BOLD), load(CJK)
    cell_w = int(mono.getlength("M"))
    cell_h = SIZE + 5
    image = Image.new("RGB", (columns * cell_w + 16, rows * cell_h + 16), BG)
    draw = ImageDraw.Draw(image)
    lines = open(source, encoding="utf-8").read().split("\n")[:rows]
    for y, line in enumerate(lines):
        x = 0
        for ch, style in cells(line):
            width = 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
            if unicodedata.combining(ch):
                width = 0
            fg = PALETTE[style["fg"]] if style["fg"] is not None else FG
            bg = PALETTE[style["bg"]] if style["bg"] is not None else BG
            if style["dim"]:
                fg = tuple(int(c * 0.6 + b * 0.4) for c, b in zip(fg, BG))
            if style["reverse"]:
                fg, bg = bg, fg
            left, top = 8 + x * cell_w, 8 + y * cell_h
            if width:
                draw.rectangle([left, top, left + width * cell_w - 1, top + cell_h - 1], fill=bg)
            font = cjk if (width == 2 and cjk) else (bold if style["bold"] else mono)
            draw.text((left, top + 2), ch, font=font, fill=fg)
            x += width
    image.save(target)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
