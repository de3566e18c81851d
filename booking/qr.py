"""QR code images: SVG (sharp at any size) and PNG (for printers and mail programs)."""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg


def svg(text: str) -> bytes:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    out = io.BytesIO()
    image.save(out)
    return out.getvalue()


def png(text: str, box_size: int = 10) -> bytes:
    code = qrcode.QRCode(border=2, box_size=box_size)
    code.add_data(text)
    code.make(fit=True)
    out = io.BytesIO()
    code.make_image().save(out, format="PNG")
    return out.getvalue()
