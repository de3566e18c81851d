"""Lines of text drawn as a 1-bit picture, for receipts in a script the printer's code page lacks.

Arabic needs its letters joined and its lines laid out right to left: Pillow's raqm layout
(HarfBuzz shaping, FriBiDi ordering) does both, with DejaVu Sans (fonts-dejavu-core), which holds
the Arabic letters and their joining forms. Urdu needs letters DejaVu lacks (ہ ے ۔): a ticket
with any such character is drawn in Noto Naskh Arabic with DejaVu's Latin merged in
(`hardware/naskh_font.py`, fonts-noto-core), never with empty boxes. A left-to-right script the
code page lacks (Polish ą ę ł, Turkish ş ğ ı İ, Cyrillic) needs no shaping: without raqm it is
drawn with Pillow's basic layout, letter by letter."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, features

from hardware import naskh_font

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONTS = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}
ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
# Blank dots between two lines, as a fraction of the font size.
LEADING = 0.25


class PictureTextError(RuntimeError):
    """The picture cannot be drawn right (no raqm layout, or no font)."""


@dataclass(frozen=True)
class TextLine:
    """One paragraph of the picture: its text, its size in dots, whether it is bold."""

    text: str
    size: int
    bold: bool = False


def family(texts: Iterable[str]) -> str:
    """ "dejavu" when DejaVu Sans draws every character of the texts, else "naskh" (the merged
    font): one family for a whole ticket, so its lines do not change style from one to the next."""
    needed = {ord(char) for text in texts for char in text if not char.isspace()}
    return "dejavu" if needed <= naskh_font.dejavu_covers() else "naskh"


def _font(size: int, bold: bool, direction: str, family: str = "dejavu") -> ImageFont.FreeTypeFont:
    raqm = features.check("raqm")
    if (direction == "rtl" or family == "naskh") and not raqm:
        # Without raqm Arabic letters come out unjoined and left to right: never print that.
        raise PictureTextError("Pillow has no raqm layout: install libraqm0 (see README)")
    return _loaded(size, bold, raqm, family)


@cache
def _loaded(size: int, bold: bool, raqm: bool, family: str) -> ImageFont.FreeTypeFont:
    layout = ImageFont.Layout.RAQM if raqm else ImageFont.Layout.BASIC
    if family == "naskh":
        missing = naskh_font.missing_font()
        if missing:
            raise PictureTextError(f"no font at {missing}: install fonts-noto-core")
        data = io.BytesIO(naskh_font.merged_font(bold))
        return ImageFont.truetype(data, size, layout_engine=layout)
    path = FONT_DIR / FONTS[bold]
    if not path.exists():
        raise PictureTextError(f"no font at {path}: install fonts-dejavu-core")
    return ImageFont.truetype(str(path), size, layout_engine=layout)


def _layout(font: ImageFont.FreeTypeFont, direction: str) -> dict:
    """How raqm lays a line out: right to left for Arabic and Urdu; left to right without
    ligatures, since DejaVu's "fi" ligature hides the dot that tells Turkish i from ı. The basic
    layout takes no options (it draws left to right, one letter after another)."""
    if font.layout_engine != ImageFont.Layout.RAQM:
        return {}
    if direction == "rtl":
        return {"direction": "rtl"}
    return {"direction": "ltr", "features": ["-liga"]}


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int, direction: str) -> list[str]:
    """Words onto lines no wider than `width` dots (a word too long alone gets its own line)."""
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and font.getlength(candidate, **_layout(font, direction)) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


def draw_lines(
    lines: list[TextLine], width: int, direction: str = "ltr", font_family: str | None = None
) -> Image.Image:
    """The paragraphs centred on a white strip `width` dots wide, black text, mode "1", in
    `font_family` (by default the one `family` picks for these lines)."""
    font_family = font_family or family(line.text for line in lines)
    placed: list[tuple[str, ImageFont.FreeTypeFont, int]] = []
    height = 0
    for line in lines:
        # A line DejaVu draws whole (a centre's name, the number) keeps DejaVu in a Naskh picture:
        # the same Latin glyphs, without Naskh's tall line height.
        whole = family([line.text]) == "dejavu" and not ARABIC_SCRIPT.search(line.text)
        font = _font(line.size, line.bold, direction, "dejavu" if whole else font_family)
        # At least the font's own line height: Naskh's marks and descenders reach far further
        # than DejaVu's (whose lines keep the LEADING step).
        step = max(round(line.size * (1 + LEADING)), sum(font.getmetrics()))
        for text in _wrap(line.text, font, width, direction):
            placed.append((text, font, height))
            height += step
    image = Image.new("L", (width, max(height, 1)), 255)
    draw = ImageDraw.Draw(image)
    for text, font, top in placed:
        draw.text(
            (width / 2, top), text, font=font, fill=0, anchor="ma", **_layout(font, direction)
        )
    return image.point(lambda value: 0 if value < 128 else 255).convert("1")
