"""A small, strict ESC/POS reader for tests: printed bytes back into text lines, QR codes, images.

Independent of hardware/render.py on purpose: the tests check the product's bytes with a second
reading. Commands the ticket layout should never send raise ValueError.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np
from PIL import Image, ImageOps

CODE_PAGES = {0: "cp437", 2: "cp850", 5: "cp865", 16: "cp1252", 19: "cp858", 58: "cp865"}


@dataclass
class Line:
    text: str
    width: int  # the largest character width multiplier on the line
    height: int
    bold: bool
    align: int  # 0 left, 1 centre, 2 right


@dataclass
class Printout:
    lines: list[Line] = field(default_factory=list)
    qr_codes: list[dict] = field(default_factory=list)  # native: {"data", "size", "ec"}
    images: list[Image.Image] = field(default_factory=list)
    code_pages: list[int] = field(default_factory=list)
    cuts: int = 0
    resets: int = 0

    def texts(self) -> list[str]:
        return [line.text for line in self.lines if line.text]

    def line(self, text: str) -> Line:
        return next(line for line in self.lines if line.text == text)


def read(data: bytes) -> Printout:
    out = Printout()
    code_page, bold, align = "cp437", False, 0
    width = height = 1
    text, sizes, line_bold = bytearray(), [], False
    qr: dict = {}

    def end_line() -> None:
        nonlocal text, sizes, line_bold
        decoded = bytes(text).decode(code_page)
        w = max((s[0] for s in sizes), default=width)
        h = max((s[1] for s in sizes), default=height)
        out.lines.append(Line(decoded, w, h, line_bold, align))
        text, sizes, line_bold = bytearray(), [], False

    i = 0
    while i < len(data):
        b = data[i]
        if b == 0x0A:
            end_line()
            i += 1
        elif b >= 0x20:
            text.append(b)
            sizes.append((width, height))
            line_bold = line_bold or bold
            i += 1
        elif b == 0x1B:
            cmd, arg = chr(data[i + 1]), data[i + 2] if i + 2 < len(data) else None
            if cmd == "@":
                out.resets += 1
                code_page, bold, align, width, height = "cp437", False, 0, 1, 1
                i += 2
                continue
            if cmd == "t":
                out.code_pages.append(arg)
                code_page = CODE_PAGES[arg]
            elif cmd == "!":  # ESC ! replaces the size set by GS ! (last one wins)
                bold = bool(arg & 8)
                width, height = (2 if arg & 32 else 1), (2 if arg & 16 else 1)
            elif cmd == "E":
                bold = bool(arg & 1)
            elif cmd == "a":
                align = arg % 48
            elif cmd == "d":
                if text:
                    end_line()
                    arg -= 1
                for _ in range(arg):
                    end_line()
            else:
                raise ValueError(f"unexpected ESC {cmd!r} at byte {i}")
            i += 3
        elif b == 0x1D:
            cmd = chr(data[i + 1])
            if cmd == "!":
                arg = data[i + 2]
                width, height = (arg >> 4) + 1, (arg & 7) + 1
                i += 3
            elif cmd == "V":
                out.cuts += 1
                i += 4 if data[i + 2] in (65, 66) else 3
            elif cmd == "(" and chr(data[i + 2]) == "k":
                size = data[i + 3] + data[i + 4] * 256
                payload = data[i + 5 : i + 5 + size]
                cn, fn = payload[0], chr(payload[1])
                assert cn == 49, "only QR codes are expected"
                if fn == "C":
                    qr["size"] = payload[2]
                elif fn == "E":
                    qr["ec"] = "LMQH"[payload[2] - 48]
                elif fn == "P":
                    qr["data"] = payload[3:].decode("utf-8")
                elif fn == "Q":
                    out.qr_codes.append(dict(qr))
                i += 5 + size
            elif cmd == "v" and data[i + 2] == 48:
                width_bytes = data[i + 4] + data[i + 5] * 256
                rows = data[i + 6] + data[i + 7] * 256
                bits = data[i + 8 : i + 8 + width_bytes * rows]
                image = Image.frombytes("1", (width_bytes * 8, rows), bits, "raw", "1;I")
                out.images.append(image.convert("L"))
                i += 8 + width_bytes * rows
            else:
                raise ValueError(f"unexpected GS {cmd!r} at byte {i}")
        else:
            raise ValueError(f"unexpected control byte {b:#04x} at byte {i}")
    if text:
        end_line()
    return out


def decode_qr(image: Image.Image) -> str:
    """The text of the QR code in a picture (OpenCV), '' when none is found."""
    framed = np.array(ImageOps.expand(image.convert("L"), border=40, fill=255))
    value, _, _ = cv2.QRCodeDetector().detectAndDecode(framed)
    if not value:
        # The classic detector misses some valid codes (booking code 9CCW37's, for one): the
        # ArUco-based one reads them, so a test fails only on a code no decoder can read.
        value, _, _ = cv2.QRCodeDetectorAruco().detectAndDecode(framed)
    return value
