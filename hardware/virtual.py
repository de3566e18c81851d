"""The virtual printer: each ticket as its raw bytes and a picture drawn from those bytes."""

from __future__ import annotations

import logging
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from hardware.errors import OFFLINE, PrinterError
from hardware.picture_worker import PictureProcess

log = logging.getLogger(__name__)

SAFE_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


def _write_atomically(target: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# Drawing the picture is pure Python (QR masks, PNG encoding): in the server's own process it
# would hold the interpreter lock for milliseconds per ticket and slow every request, so a
# child process draws it.
_PICTURES = PictureProcess()


def _picture_pool() -> PictureProcess:
    return _PICTURES


class VirtualPrinter:
    """Keeps each job as `<dir>/<name>.bin` and a picture of the receipt, `<dir>/<name>.png`.

    The picture is drawn from the very bytes in the .bin file (hardware.render), so it shows
    what a real printer would print. Both files appear whole or not at all.
    """

    kind = "virtual"
    polls = False  # nothing to poll: the disk is the printer

    def __init__(self, directory: Path, dots: int = 512, picture: bool = True) -> None:
        self.directory = Path(directory)
        self.dots = dots
        self.picture = picture

    def describe(self) -> str:
        return f"virtual printer writing to {self.directory}"

    def send(self, name: str, data: bytes, deadline: float | None = None) -> dict[str, Any]:
        if not SAFE_NAME.match(name):
            raise PrinterError(OFFLINE, f"unusable job name {name!r}")
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            if self.picture:
                try:
                    png = _picture_pool().draw(data, self.dots)
                except Exception:  # a picture bug must not lose the ticket itself
                    log.exception("drawing the picture of %s failed", name)
                else:
                    _write_atomically(self.directory / f"{name}.png", png)
            _write_atomically(self.directory / f"{name}.bin", data)
        except OSError as err:
            raise PrinterError(OFFLINE, str(err)) from err
        return {"online": True, "paper": "ok"}

    def status(self, deadline: float | None = None) -> dict[str, Any]:
        writable = os.access(
            self.directory if self.directory.exists() else self.directory.parent, os.W_OK
        )
        if not writable:
            return {"online": False, "paper": "unknown", "error": OFFLINE}
        return {"online": True, "paper": "ok"}

    def close(self) -> None:
        """Nothing stays open."""

    abort = close

    def printouts(self, limit: int = 10) -> list[dict[str, Any]]:
        """The newest printouts first: name, .bin and .png paths, when written."""
        found = []
        for path in self.directory.glob("*.bin"):
            try:
                found.append((path.stat().st_mtime, path))
            except FileNotFoundError:
                continue
        found.sort(reverse=True)
        return [
            {
                "name": path.stem,
                "bin": path,
                "png": path.with_suffix(".png") if path.with_suffix(".png").exists() else None,
                "mtime": mtime,
            }
            for mtime, path in found[:limit]
        ]
