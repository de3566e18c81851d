"""Where printed bytes go. The virtual printer keeps each ticket as a file."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path


class PrinterError(Exception):
    """The printer could not take the job; `code` says why (offline, paper_out, timeout...)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code


SAFE_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


class VirtualPrinter:
    """Writes each job's raw bytes to `<dir>/<name>.bin` (atomically: no half files)."""

    kind = "virtual"

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def send(self, name: str, data: bytes) -> Path:
        if not SAFE_NAME.match(name):
            raise PrinterError("bad_name", name)
        self.directory.mkdir(parents=True, exist_ok=True)
        target = self.directory / f"{name}.bin"
        fd, tmp = tempfile.mkstemp(dir=self.directory, suffix=".part")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, target)
        except OSError as err:
            Path(tmp).unlink(missing_ok=True)
            raise PrinterError("offline", str(err)) from err
        return target

    def status(self) -> dict:
        return {"online": True, "paper": "ok"}


def make_transport(kind: str, output_dir: Path, options: dict):
    """The transport named in the centre config."""
    if kind == "virtual":
        return VirtualPrinter(output_dir)
    raise ValueError(f"printer transport {kind!r} is not supported yet (use 'virtual')")
