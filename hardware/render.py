"""A picture of a receipt, drawn from its ESC/POS bytes the way a thermal printer prints them."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont

ESC, GS, DLE, FS = 0x1B, 0x1D, 0x10, 0x1C
# ESC t numbers: Epson's, and the 50+ numbers some 58 mm printers use (per escpos profiles).
CODE_PAGES = {
    0: "cp437",
    2: "cp850",
    3: "cp860",
    4: "cp863",
    5: "cp865",
    16: "cp1252",
    17: "cp866",
    18: "cp852",
    19: "cp858",
    53: "cp858",
    54: "cp852",
    55: "cp860",
    56: "cp861",
    57: "cp863",
    58: "cp865",
    59: "cp866",
    71: "cp1252",
}
# Font A and font B cells in dots, as on Epson-style thermal printers.
CELLS = {0: (12, 24), 1: (9, 17)}
LINE_SPACING = 30
MARGIN = 16
QR_EC = {48: "L", 49: "M", 50: "Q", 51: "H"}
FONT_FILES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono{bold}.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationMono-{regular}.ttf",
)
# Commands this renderer skips, with how many parameter bytes follow the command letter.
ESC_SKIP = {ord(c): n for c, n in {" ": 1, "$": 2, "=": 1, "V": 1, "{": 1, "c": 2, "p": 3}.items()}
GS_SKIP = {ord(c): n for c, n in {"L": 2, "W": 2, "H": 1, "h": 1, "w": 1, "f": 1, "b": 1}.items()}
GS_SKIP.update({ord("a"): 1, ord("P"): 2, ord("$"): 2, ord("\\"): 2, ord("r"): 1, ord("I"): 1})


@lru_cache(maxsize=8)
def _font(bold: bool, size: int) -> ImageFont.ImageFont:
    for pattern in FONT_FILES:
        path = Path(
            pattern.format(bold="-Bold" if bold else "", regular="Bold" if bold else "Regular")
        )
        if path.exists():
            return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size)


@lru_cache(maxsize=4096)
def _glyph(char: str, font: int, bold: bool, underline: bool, invert: bool, w: int, h: int):
    cell_w, cell_h = CELLS[font]
    cell = Image.new("L", (cell_w, cell_h), 255)
    draw = ImageDraw.Draw(cell)
    size = 20 if font == 0 else 15
    draw.text(
        (cell_w / 2, cell_h - (5 if font == 0 else 3)), char, font=_font(bold, size), anchor="ms"
    )
    if underline:
        draw.line([(0, cell_h - 2), (cell_w, cell_h - 2)], fill=0, width=2)
    cell = cell.point(lambda v: 0 if v < 140 else 255)
    if invert:
        cell = cell.point(lambda v: 255 - v)
    return cell.resize((cell_w * w, cell_h * h), Image.NEAREST)


@dataclass
class _Style:
    font: int = 0
    bold: bool = False
    underline: bool = False
    invert: bool = False
    width: int = 1
    height: int = 1
    align: int = 0
    code_page: str = "cp437"
    spacing: int = LINE_SPACING


@dataclass
class _Receipt:
    dots: int
    style: _Style = field(default_factory=_Style)
    blocks: list[tuple[Image.Image | None, int, int]] = field(default_factory=list)
    line: list[tuple[Image.Image, int]] = field(default_factory=list)
    line_width: int = 0
    line_align: int = 0
    qr: dict = field(default_factory=dict)

    def char(self, char: str) -> None:
        s = self.style
        glyph = _glyph(char, s.font, s.bold, s.underline, s.invert, s.width, s.height)
        if self.line_width + glyph.width > self.dots:
            self.flush()  # a printer wraps what does not fit
        if not self.line:
            self.line_align = s.align
        self.line.append((glyph, self.line_width))
        self.line_width += glyph.width

    def flush(self, empty_feed: bool = True) -> None:
        """Print the line buffer (LF): text lines, or one empty line."""
        if not self.line:
            if empty_feed:
                self.blocks.append((None, 0, self.style.spacing))
            return
        tallest = max(g.height for g, _ in self.line)
        row = Image.new("L", (self.line_width, tallest), 255)
        for glyph, x in self.line:
            row.paste(glyph, (x, tallest - glyph.height))
        self.picture(row, self.line_align, max(self.style.spacing, tallest + 6))
        self.line, self.line_width = [], 0

    def picture(self, image: Image.Image, align: int, advance: int | None = None) -> None:
        image = image.crop((0, 0, min(image.width, self.dots), image.height))
        x = {0: 0, 1: (self.dots - image.width) // 2, 2: self.dots - image.width}[align % 3]
        self.blocks.append((image, x, advance or image.height))

    def cut(self) -> None:
        self.flush(empty_feed=False)
        mark = Image.new("L", (self.dots, 12), 255)
        draw = ImageDraw.Draw(mark)
        for x in range(0, self.dots, 12):
            draw.line([(x, 6), (x + 6, 6)], fill=0, width=1)
        self.blocks.append((mark, 0, 12))

    def image(self) -> Image.Image:
        self.flush(empty_feed=False)
        height = sum(advance for _, _, advance in self.blocks) + 2 * MARGIN
        page = Image.new("L", (self.dots, height), 255)
        y = MARGIN
        for block, x, advance in self.blocks:
            if block is not None:
                page.paste(block, (x, y))
            y += advance
        return page


def _raster(data: bytes, mode: int, width_bytes: int, rows: int) -> Image.Image:
    # ESC/POS sets a bit for a black dot; PIL's "1;I" raw mode reads exactly that.
    image = Image.frombytes("1", (width_bytes * 8, rows), data, "raw", "1;I").convert("L")
    scale_w, scale_h = (2 if mode & 1 else 1), (2 if mode & 2 else 1)
    if scale_w > 1 or scale_h > 1:
        image = image.resize((image.width * scale_w, image.height * scale_h), Image.NEAREST)
    return image


def _qr_picture(content: bytes, module: int, ec: str) -> Image.Image:
    levels = {
        "L": qrcode.constants.ERROR_CORRECT_L,
        "M": qrcode.constants.ERROR_CORRECT_M,
        "Q": qrcode.constants.ERROR_CORRECT_Q,
        "H": qrcode.constants.ERROR_CORRECT_H,
    }
    # A fixed mask: every mask is a valid code, and choosing the best one is most of the
    # cost of drawing it (the printer picks its own anyway).
    code = qrcode.QRCode(
        box_size=max(1, module), border=4, error_correction=levels[ec], mask_pattern=0
    )
    code.add_data(content)
    code.make(fit=True)
    return code.make_image().get_image().convert("L")


def _two_d_code(receipt: _Receipt, payload: bytes) -> None:
    """GS ( k: the printer's own QR code (other symbologies are skipped)."""
    if len(payload) < 2 or payload[0] != 49:  # cn 49: QR code
        return
    fn, rest = payload[1], payload[2:]
    if fn == 67 and rest:
        receipt.qr["module"] = rest[0]
    elif fn == 69 and rest:
        receipt.qr["ec"] = QR_EC.get(rest[0], "L")
    elif fn == 80:
        receipt.qr["data"] = rest[1:]
    elif fn == 81 and receipt.qr.get("data"):
        receipt.flush(empty_feed=False)
        picture = _qr_picture(
            receipt.qr["data"], receipt.qr.get("module", 3), receipt.qr.get("ec", "L")
        )
        receipt.picture(picture, receipt.style.align)


def _esc(receipt: _Receipt, data: bytes, i: int) -> int:
    """One ESC command at data[i] (the byte after ESC); returns the index after it."""
    s = receipt.style
    cmd = data[i]
    arg = data[i + 1] if i + 1 < len(data) else 0
    if cmd == ord("@"):
        receipt.flush(empty_feed=False)
        receipt.style = _Style()
        return i + 1
    if cmd == ord("!"):
        s.font, s.bold, s.underline = arg & 1, bool(arg & 8), bool(arg & 128)
        s.height, s.width = (2 if arg & 16 else 1), (2 if arg & 32 else 1)
    elif cmd in (ord("E"), ord("G")):
        s.bold = bool(arg & 1)
    elif cmd == ord("-"):
        s.underline = bool(arg % 48)
    elif cmd == ord("M"):
        s.font = arg & 1
    elif cmd == ord("a"):
        s.align = arg % 48
    elif cmd == ord("t"):
        s.code_page = CODE_PAGES.get(arg, "cp437")
    elif cmd == ord("d"):
        receipt.flush()
        for _ in range(max(0, arg - 1)):
            receipt.flush()
    elif cmd == ord("J"):
        receipt.flush(empty_feed=False)
        receipt.blocks.append((None, 0, arg))
    elif cmd == ord("2"):
        s.spacing = LINE_SPACING
        return i + 1
    elif cmd == ord("3"):
        s.spacing = arg
    elif cmd == ord("*"):
        # ESC * m nL nH: a column bit image (skipped); 1 or 3 bytes per column.
        columns = data[i + 2] + data[i + 3] * 256 if i + 3 < len(data) else 0
        return i + 4 + columns * (1 if arg in (0, 1) else 3)
    elif cmd in ESC_SKIP:
        return i + 1 + ESC_SKIP[cmd]
    return i + 2


def _gs(receipt: _Receipt, data: bytes, i: int) -> int:
    """One GS command at data[i] (the byte after GS); returns the index after it."""
    s = receipt.style
    cmd = data[i]
    arg = data[i + 1] if i + 1 < len(data) else 0
    if cmd == ord("!"):
        s.width, s.height = ((arg >> 4) & 7) + 1, (arg & 7) + 1
    elif cmd == ord("B"):
        s.invert = bool(arg & 1)
    elif cmd == ord("V"):
        receipt.cut()
        return i + (3 if arg in (65, 66, 97, 98, 103, 104) else 2)
    elif cmd == ord("v") and arg == 48:
        mode = data[i + 2] % 48
        width_bytes = data[i + 3] + data[i + 4] * 256
        rows = data[i + 5] + data[i + 6] * 256
        start = i + 7
        end = start + width_bytes * rows
        receipt.flush(empty_feed=False)
        receipt.picture(_raster(data[start:end], mode, width_bytes, rows), s.align)
        return end
    elif cmd in (ord("("), ord("8")):
        # GS ( k / GS ( L / GS 8 L: a function letter, then a length and that many bytes.
        wide = cmd == ord("8")
        size_at = i + 2
        size = int.from_bytes(data[size_at : size_at + (4 if wide else 2)], "little")
        payload_at = size_at + (4 if wide else 2)
        if cmd == ord("(") and arg == ord("k"):
            _two_d_code(receipt, data[payload_at : payload_at + size])
        return payload_at + size
    elif cmd == ord("k"):
        if arg <= 6:
            end = data.find(b"\x00", i + 2)
            return len(data) if end < 0 else end + 1
        return i + 3 + (data[i + 2] if i + 2 < len(data) else 0)
    elif cmd in GS_SKIP:
        return i + 1 + GS_SKIP[cmd]
    return i + 2


def render(data: bytes, dots: int = 512) -> Image.Image:
    """The receipt these bytes print, on paper `dots` wide (grey-scale, white paper)."""
    receipt = _Receipt(dots)
    i = 0
    while i < len(data):
        byte = data[i]
        if byte == ESC:
            i = _esc(receipt, data, i + 1)
        elif byte == GS:
            i = _gs(receipt, data, i + 1)
        elif byte == DLE:
            i += 3 if i + 1 < len(data) and data[i + 1] in (4, 5) else 5  # status, pulse
        elif byte == FS:
            i += 4 if i + 1 < len(data) and data[i + 1] == ord("p") else 2
        elif byte == 0x0A or byte == 0x0C:
            receipt.flush()
            i += 1
        elif byte == 0x09:
            for _ in range(8 - (len(receipt.line) % 8)):
                receipt.char(" ")
            i += 1
        elif byte >= 0x20:
            receipt.char(bytes([byte]).decode(receipt.style.code_page, errors="replace"))
            i += 1
        else:
            i += 1  # CR and other control bytes move nothing on a receipt
    return receipt.image()


def render_png(data: bytes, dots: int = 512) -> bytes:
    """The receipt as PNG bytes (1 bit per dot, like the printer)."""
    out = io.BytesIO()
    # zlib level 6: a tenth of the time of optimize=True for a file a few percent larger.
    render(data, dots).convert("1", dither=Image.NONE).save(out, "PNG", compress_level=6)
    return out.getvalue()
