"""A font for Arabic-script text DejaVu Sans lacks (Urdu's ہ ے ۔): Noto Naskh Arabic with DejaVu
Sans's Latin letters, digits and punctuation merged in.

Pillow's raqm layout shapes a line with one font and no fallback, and Noto Naskh Arabic has no
Latin letters, hyphen or brackets; an Urdu line may hold them ("10:00", "(پیلا کارڈ)", a centre's
name). Merging the two (fontTools) gives one font, so raqm still shapes, orders and mirrors the
whole line, and Latin text looks as on a DejaVu ticket."""

from __future__ import annotations

import io
import logging
from functools import cache
from pathlib import Path

from fontTools import subset
from fontTools.merge import Merger
from fontTools.ttLib import TTFont
from fontTools.ttLib.scaleUpem import scale_upem

NOTO_DIR = Path("/usr/share/fonts/truetype/noto")
NASKH = {False: "NotoNaskhArabic-Regular.ttf", True: "NotoNaskhArabic-Bold.ttf"}
DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")
DEJAVU = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}
# What DejaVu gives the merged font: Basic Latin with the digits, Latin-1 and Latin Extended
# (Danish, Turkish, Polish names), typographic dashes, quotes and dots, and the euro sign.
LATIN = frozenset([*range(0x20, 0x7F), *range(0xA0, 0x250), *range(0x2010, 0x2027), 0x20AC])


def missing_font() -> Path | None:
    """The first font file the merged font needs that is not installed, else None."""
    paths = [NOTO_DIR / name for name in NASKH.values()]
    paths += [DEJAVU_DIR / name for name in DEJAVU.values()]
    return next((path for path in paths if not path.exists()), None)


def _subset(path: Path, unicodes: list[int]) -> TTFont:
    options = subset.Options()
    # Hinting tables cannot be merged across fonts; a 1-bit picture at 26 dots needs none.
    options.hinting = False
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = TTFont(path)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    return font


@cache
def merged_font(bold: bool) -> bytes:
    """The merged TrueType font (built once per process and weight, in about a second)."""
    naskh = NOTO_DIR / NASKH[bold]
    arabic_script = [code for code in TTFont(naskh).getBestCmap() if code not in LATIN]
    fonttools_log = logging.getLogger("fontTools")
    level = fonttools_log.level
    # The subsetter reports each table it drops (hinting, FontForge's own): expected here.
    fonttools_log.setLevel(logging.ERROR)
    try:
        arabic = _subset(naskh, arabic_script)
        latin = _subset(DEJAVU_DIR / DEJAVU[bold], sorted(LATIN))
        scale_upem(latin, arabic["head"].unitsPerEm)
        parts = []
        for font in (arabic, latin):
            buffer = io.BytesIO()
            font.save(buffer)
            buffer.seek(0)
            parts.append(buffer)
        merged = Merger().merge(parts)
    finally:
        fonttools_log.setLevel(level)
    out = io.BytesIO()
    merged.save(out)
    return out.getvalue()


@cache
def dejavu_covers() -> frozenset[int]:
    """The code points both DejaVu Sans weights draw."""
    regular, bold = (set(TTFont(DEJAVU_DIR / name).getBestCmap()) for name in DEJAVU.values())
    return frozenset(regular & bold)


@cache
def merged_covers() -> frozenset[int]:
    """The code points both weights of the merged font draw."""
    regular, bold = (
        set(TTFont(io.BytesIO(merged_font(weight))).getBestCmap()) for weight in (False, True)
    )
    return frozenset(regular & bold)
