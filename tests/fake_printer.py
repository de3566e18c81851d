"""A fake network receipt printer on 127.0.0.1 that records bytes and misbehaves on request."""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time

# DLE EOT n answers of an Epson-style printer (bits 1 and 4 are always set).
ONLINE = 0x12
OFFLINE = 0x1A  # bit 3: offline (a printer without paper stops and goes offline)
PAPER = {"ok": 0x12, "low": 0x1E, "out": 0x72}
PAPER_END_STOP = 0x20  # DLE EOT 2, bit 5

MODES = ("ok", "refuse", "stall", "reset", "silent", "slow")


def _command_length(stream: bytes, i: int) -> int | None:
    """Bytes in the command or data byte at stream[i]; None while it is incomplete.

    Only what hides data is parsed (raster pictures, QR payloads), so a byte in there is never
    taken for a status query.
    """
    left = len(stream) - i
    b = stream[i]
    if b == 0x10:  # DLE EOT n / DLE ENQ n
        return 3 if left >= 3 else None
    if b == 0x1D and left >= 2:
        cmd = stream[i + 1]
        if cmd == ord("v"):  # GS v 0 m xL xH yL yH d...
            if left < 8:
                return None
            width = stream[i + 4] + stream[i + 5] * 256
            rows = stream[i + 6] + stream[i + 7] * 256
            return 8 + width * rows
        if cmd == ord("("):  # GS ( k pL pH ... / GS ( L pL pH ...
            if left < 5:
                return None
            return 5 + stream[i + 3] + stream[i + 4] * 256
        return 1
    if b == 0x1D:
        return None
    return 1


class FakePrinter:
    """Listens on a free port. `mode`: ok, refuse, stall, reset (mid-print), silent (prints but
    never answers status queries), slow (1 s per write); `paper`: ok, low, out.
    `misbehave(mode, times=n)` makes only the next n connections misbehave, then the printer is
    fine again."""

    def __init__(self) -> None:
        self.host = "127.0.0.1"
        self.mode = "ok"
        self.paper = "ok"
        self.reset_after = 64  # print bytes received before a reset
        self.slow_seconds = 1.0  # mode "slow": each write takes this long to be taken in
        self.jobs: list[bytes] = []  # print data per connection, status queries left out
        self.partial: list[bytes] = []  # what came in on connections this printer reset
        self.queries: list[int] = []  # every DLE EOT n received
        self.connections = 0
        self._times: int | None = None
        self._listener: socket.socket | None = None
        self._stopped = threading.Event()
        self._changed = threading.Condition()
        self._conns: list[socket.socket] = []
        with socket.socket() as probe:
            probe.bind((self.host, 0))
            self.port = probe.getsockname()[1]

    # -- control ---------------------------------------------------------------------------------

    def start(self) -> FakePrinter:
        self._listen()
        return self

    def stop(self) -> None:
        self._stopped.set()
        self._close_listener()
        for conn in list(self._conns):
            with contextlib.suppress(OSError):
                conn.close()

    def set_mode(self, mode: str) -> None:
        """Misbehave until told otherwise ("ok" brings the printer back)."""
        assert mode in MODES, mode
        self._times = None
        self.mode = mode
        if mode == "refuse":
            self._close_listener()
        elif self._listener is None:
            self._listen()

    def misbehave(self, mode: str, times: int = 1) -> None:
        """Only the next `times` connections misbehave."""
        assert mode in ("stall", "reset", "silent"), mode
        self.mode, self._times = mode, times

    def wait_for_jobs(self, count: int, timeout: float = 5.0) -> bool:
        """A job is recorded once its connection has closed: wait for it."""
        return self.wait_for(lambda: len(self.jobs) >= count, timeout)

    def wait_for(self, predicate, timeout: float = 5.0) -> bool:
        with self._changed:
            return self._changed.wait_for(predicate, timeout)

    # -- the listener -----------------------------------------------------------------------------

    def _listen(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((self.host, self.port))
        listener.listen(8)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _close_listener(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()

    def _accept(self, listener: socket.socket) -> None:
        while not self._stopped.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return  # the listener was closed: refuse from now on
            self.connections += 1
            mode = self.mode
            if self._times is not None:
                self._times -= 1
                if self._times <= 0:
                    self.mode, self._times = "ok", None
            self._conns.append(conn)
            threading.Thread(target=self._serve, args=(conn, mode), daemon=True).start()

    def _status(self, n: int) -> int:
        if n == 1:
            return OFFLINE if self.paper == "out" else ONLINE
        if n == 2:
            return ONLINE | (PAPER_END_STOP if self.paper == "out" else 0)
        if n == 4:
            return PAPER[self.paper]
        return ONLINE

    def _serve(self, conn: socket.socket, mode: str) -> None:
        printed = bytearray()
        was_reset = False
        try:
            if mode == "stall":
                # Accept, then never read nor answer, until the test ends.
                self._stopped.wait()
                return
            stream = bytearray()
            pos = 0
            conn.settimeout(0.2)
            while not self._stopped.is_set():
                try:
                    chunk = conn.recv(65536)
                except TimeoutError:
                    continue
                if not chunk:
                    break
                if mode == "slow":
                    time.sleep(self.slow_seconds)  # a printer that digests each write slowly
                stream += chunk
                while pos < len(stream):
                    size = _command_length(stream, pos)
                    if size is None or pos + size > len(stream):
                        break
                    if stream[pos] == 0x10 and stream[pos + 1] == 0x04:
                        self.queries.append(stream[pos + 2])
                        if mode != "silent":
                            conn.sendall(bytes([self._status(stream[pos + 2])]))
                    else:
                        printed += stream[pos : pos + size]
                    pos += size
                if mode == "reset" and len(printed) >= self.reset_after:
                    del printed[self.reset_after :]  # it died after printing this much
                    # RST instead of FIN: the client sees "connection reset by peer".
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    was_reset = True
                    break
        except OSError:
            pass
        finally:
            conn.close()
            if printed:
                with self._changed:
                    (self.partial if was_reset else self.jobs).append(bytes(printed))
                    self._changed.notify_all()
