"""A child process that draws receipt pictures, so the server's interpreter lock stays free.

Protocol on stdin/stdout, one job at a time: request = 4-byte length, 4-byte dot width, the
ESC/POS bytes; answer = 4-byte length and the PNG (length 0: drawing failed).
"""

from __future__ import annotations

import struct
import subprocess
import sys
import threading

from hardware.render import render_png

HEADER = struct.Struct(">II")
LENGTH = struct.Struct(">I")


def _read_exactly(stream, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = stream.read(size - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def serve(stdin=None, stdout=None) -> None:
    """The child's loop: draw until the parent closes the pipe."""
    stdin = stdin or sys.stdin.buffer
    stdout = stdout or sys.stdout.buffer
    while True:
        try:
            size, dots = HEADER.unpack(_read_exactly(stdin, HEADER.size))
            data = _read_exactly(stdin, size)
        except EOFError:
            return
        try:
            png = render_png(data, dots)
        except Exception:  # a bad job must not end the worker; the parent logs the failure
            png = b""
        stdout.write(LENGTH.pack(len(png)) + png)
        stdout.flush()


class PictureProcess:
    """The parent's side: starts the child on first use and again if it died."""

    def __init__(self) -> None:
        self._proc: subprocess.Popen | None = None
        self._lock = threading.Lock()

    def draw(self, data: bytes, dots: int) -> bytes:
        with self._lock:
            if self._proc is None or self._proc.poll() is not None:
                self._proc = subprocess.Popen(
                    [sys.executable, "-m", "hardware.picture_worker"],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                )
            try:
                self._proc.stdin.write(HEADER.pack(len(data), dots) + data)
                self._proc.stdin.flush()
                (size,) = LENGTH.unpack(_read_exactly(self._proc.stdout, LENGTH.size))
                png = _read_exactly(self._proc.stdout, size)
            except (OSError, EOFError):
                self._proc.kill()
                self._proc = None
                raise RuntimeError("the picture process died") from None
        if not png:
            raise RuntimeError("the picture could not be drawn")
        return png

    def close(self) -> None:
        with self._lock:
            if self._proc is not None and self._proc.poll() is None:
                self._proc.stdin.close()
                self._proc.wait(5)
            self._proc = None


if __name__ == "__main__":
    serve()
