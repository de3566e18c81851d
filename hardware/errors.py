"""Printer failures as four codes (offline, timeout, paper_out, reset), and deadlines."""

from __future__ import annotations

import errno
import socket
import time

OFFLINE, TIMEOUT, PAPER_OUT, RESET = "offline", "timeout", "paper_out", "reset"


class PrinterError(Exception):
    """The printer could not take the job; `code` says why (offline, timeout, paper_out, reset)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


def remaining(deadline: float, floor: float = 0.01) -> float:
    """Seconds left until `deadline`; TimeoutError once it has passed."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("the printer took longer than its deadline")
    return max(left, floor)


def as_printer_error(err: BaseException) -> PrinterError:
    """The printer-error code for an exception from a socket, pyusb, pyserial or a file."""
    if isinstance(err, PrinterError):
        return err
    detail = str(err) or type(err).__name__
    name = type(err).__name__
    if isinstance(err, TimeoutError | socket.timeout) or name in (
        "USBTimeoutError",
        "SerialTimeoutException",
    ):
        return PrinterError(TIMEOUT, detail)
    if isinstance(err, ConnectionResetError | BrokenPipeError | ConnectionAbortedError | EOFError):
        return PrinterError(RESET, detail)
    if isinstance(err, OSError) and err.errno in (errno.ECONNRESET, errno.EPIPE):
        return PrinterError(RESET, detail)
    # Refused, unreachable, no such device or file, no USB backend, no device open yet ...
    return PrinterError(OFFLINE, detail)
