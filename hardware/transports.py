"""Real printers through python-escpos (network, USB, serial, device file) and the factory."""

from __future__ import annotations

import fcntl
import logging
import os
import struct
import threading
import time
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any

from escpos.constants import RT_STATUS_ONLINE, RT_STATUS_PAPER

from hardware.devices import FileDevice, NetworkDevice, SerialDevice, UsbDevice
from hardware.errors import (  # noqa: F401  (re-exported: the transports' vocabulary)
    OFFLINE,
    PAPER_OUT,
    RESET,
    TIMEOUT,
    PrinterError,
    as_printer_error,
)
from hardware.virtual import VirtualPrinter

log = logging.getLogger(__name__)

# DLE EOT answers (bit masks as in python-escpos): bit 3 of n=1 is "offline"; n=4 paper sensors.
MASK_OFFLINE = 0x08
MASK_PAPER_LOW = 0x0C
MASK_PAPER_OUT = 0x60
# Linux usblp ioctl LPGETSTATUS and its parallel-port status bits.
LPGETSTATUS = 0x060B
LP_PAPER_OUT = 0x20
LP_SELECTED = 0x10
LP_NO_ERROR = 0x08


def paper_from_status(byte: int) -> str:
    if byte & MASK_PAPER_OUT == MASK_PAPER_OUT:
        return "out"
    if byte & MASK_PAPER_LOW == MASK_PAPER_LOW:
        return "low"
    return "ok"


class EscposTransport(ABC):
    """A real printer through python-escpos: opens on demand, reopens after every failure.

    Every transport (this and VirtualPrinter) has `send(name, data, deadline)` and
    `status(deadline)`, keeps to its deadline (a `time.monotonic()` value) and turns every
    failure into a `PrinterError` coded offline, timeout, paper_out or reset. A failed
    connection is dropped and opened again on the next job, so a printer that comes back is
    used again without a restart.

    `check_status` asks the printer (DLE EOT) before a job, so a printer without paper is not
    sent a ticket it would silently keep, and after it, which proves the printer took the job
    (a stalled or reset connection shows up there). Turn it off for printers that never answer.
    """

    kind = ""
    polls = True
    keep_open = True  # network printers get a fresh connection per job instead

    def __init__(self, timeout: float, check_status: bool = True, profile: str | None = None):
        self.timeout = timeout
        self.check_status = check_status
        self.profile = profile
        self._device = None
        self._lock = threading.Lock()

    # subclasses -------------------------------------------------------------------------------

    @abstractmethod
    def _make(self):
        """The python-escpos printer object for this transport (not yet opened)."""

    def describe(self) -> str:
        return self.kind

    # the device -------------------------------------------------------------------------------

    def _open(self, deadline: float):
        with self._lock:
            device = self._device
        if device is None:
            device = self._make()
            device.deadline = deadline
            device.open()
            with self._lock:
                self._device = device
        device.deadline = deadline
        return device

    def close(self) -> None:
        with self._lock:
            device, self._device = self._device, None
        if device is not None:
            try:
                device.close()
            except Exception:
                log.debug("closing %s failed", self.kind, exc_info=True)

    def abort(self) -> None:
        """From another thread: unblock a stuck job and forget the device."""
        with self._lock:
            device = self._device
        if device is not None:
            device.abort()
        self.close()

    def _query(self, device) -> dict[str, Any]:
        online = device.query_status(RT_STATUS_ONLINE)[-1]
        paper = paper_from_status(device.query_status(RT_STATUS_PAPER)[-1])
        # A printer without paper reports itself offline too; that is the paper's fault.
        return {"online": not (online & MASK_OFFLINE) or paper == "out", "paper": paper}

    def _check(self, device, before: bool) -> dict[str, Any]:
        state = self._query(device)
        if state["paper"] == "out":
            raise PrinterError(PAPER_OUT, "no paper" if before else "paper ran out while printing")
        if not state["online"]:
            raise PrinterError(OFFLINE, "the printer reports itself offline (cover open?)")
        return state

    # the interface ----------------------------------------------------------------------------

    def send(self, name: str, data: bytes, deadline: float | None = None) -> dict[str, Any]:
        """Print one job; the printer's state afterwards ({"online", "paper"})."""
        deadline = deadline if deadline is not None else time.monotonic() + self.timeout
        failed = True
        try:
            device = self._open(deadline)
            if self.check_status:
                self._check(device, before=True)
            device._raw(data)
            state = self._check(device, before=False) if self.check_status else None
            failed = False
            return state or {"online": True, "paper": "unknown"}
        except Exception as err:
            raise as_printer_error(err) from err
        finally:
            if failed or not self.keep_open:
                self.close()

    def status(self, deadline: float | None = None) -> dict[str, Any]:
        """{"online", "paper": ok|low|out|unknown} and, when offline, "error" with the code."""
        deadline = deadline if deadline is not None else time.monotonic() + self.timeout
        failed = True
        try:
            device = self._open(deadline)
            state = self._query(device) if self.check_status else self._passive_status()
            failed = False
            return state
        except Exception as err:
            return {"online": False, "paper": "unknown", "error": as_printer_error(err).code}
        finally:
            if failed or not self.keep_open:
                self.close()

    def _passive_status(self) -> dict[str, Any]:
        return {"online": True, "paper": "unknown"}


class NetworkPrinter(EscposTransport):
    """A printer on the LAN, raw TCP (port 9100)."""

    kind = "network"
    keep_open = False  # a fresh connection per job: a printer that restarted is simply reached

    def __init__(self, host: str, port: int = 9100, **kwargs) -> None:
        super().__init__(**kwargs)
        self.host, self.port = host, port

    def _make(self):
        return NetworkDevice(self.host, self.port, self.timeout, profile=self.profile)

    def describe(self) -> str:
        return f"network printer {self.host}:{self.port}"


class UsbPrinter(EscposTransport):
    """A USB printer found by vendor and product id (needs read/write access to the device)."""

    kind = "usb"

    def __init__(
        self, vendor_id: int, product_id: int, in_ep: int = 0x82, out_ep: int = 0x01, **kwargs
    ):
        super().__init__(**kwargs)
        self.vendor_id, self.product_id = vendor_id, product_id
        self.in_ep, self.out_ep = in_ep, out_ep

    def _make(self):
        return UsbDevice(
            self.vendor_id,
            self.product_id,
            timeout=int(self.timeout * 1000),
            in_ep=self.in_ep,
            out_ep=self.out_ep,
            profile=self.profile,
        )

    def describe(self) -> str:
        return f"USB printer {self.vendor_id:04x}:{self.product_id:04x}"


class SerialPrinter(EscposTransport):
    """A printer on a serial port (RS-232 or a USB serial adapter)."""

    kind = "serial"

    def __init__(self, devfile: str, baudrate: int = 9600, **kwargs) -> None:
        super().__init__(**kwargs)
        self.devfile, self.baudrate = devfile, baudrate

    def _make(self):
        return SerialDevice(self.devfile, self.baudrate, timeout=self.timeout, profile=self.profile)

    def describe(self) -> str:
        return f"serial printer {self.devfile} at {self.baudrate} baud"


class FilePrinter(EscposTransport):
    """A printer device file such as /dev/usb/lp0 (write only; paper state via LPGETSTATUS)."""

    kind = "file"

    def __init__(self, devfile: str, **kwargs) -> None:
        kwargs["check_status"] = False  # the file cannot be read: no DLE EOT answers
        super().__init__(**kwargs)
        self.devfile = devfile

    def _make(self):
        # A printer's device file exists only while it is plugged in; never create one.
        if not os.path.exists(self.devfile):
            raise FileNotFoundError(f"{self.devfile} does not exist (printer unplugged?)")
        return FileDevice(self.devfile, profile=self.profile)

    def describe(self) -> str:
        return f"printer device {self.devfile}"

    def send(self, name: str, data: bytes, deadline: float | None = None) -> dict[str, Any]:
        state = self._lp_status()
        if state and state["paper"] == "out":
            raise PrinterError(PAPER_OUT, "no paper")
        super().send(name, data, deadline)
        return self._lp_status() or {"online": True, "paper": "unknown"}

    def _passive_status(self) -> dict[str, Any]:
        return self._lp_status() or {"online": True, "paper": "unknown"}

    def _lp_status(self) -> dict[str, Any] | None:
        """The usblp driver's view of the printer, or None where the file is no printer."""
        try:
            fd = os.open(self.devfile, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:
            return None
        try:
            raw = fcntl.ioctl(fd, LPGETSTATUS, struct.pack("i", 0))
        except OSError:
            return None
        finally:
            os.close(fd)
        bits = struct.unpack("i", raw)[0]
        if bits & LP_PAPER_OUT:
            return {"online": True, "paper": "out"}
        online = bool(bits & LP_SELECTED) and bool(bits & LP_NO_ERROR)
        return {"online": online, "paper": "ok"}


# -- configuration ------------------------------------------------------------------------------


def _int(value: Any, what: str) -> int:
    """An id from TOML: 0x04b8, 1208 or "04b8" (hex, as lsusb prints it)."""
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        try:
            return int(value, 16)
        except ValueError:
            pass
    raise ValueError(f"printer {what} must be a number such as 0x04b8, not {value!r}")


def make_transport(
    kind: str,
    output_dir: Path,
    options: dict[str, Any],
    timeout: float = 3.0,
    profile: str = "TM-T88V",
    dots: int = 512,
):
    """The transport named in the centre config ([printer] transport = ...)."""
    check = bool(options.get("check_status", True))
    common = {"timeout": timeout, "profile": profile, "check_status": check}
    if kind == "virtual":
        return VirtualPrinter(output_dir, dots=dots, picture=bool(options.get("picture", True)))
    if kind == "network":
        if not options.get("host"):
            raise ValueError("printer transport 'network' needs host = \"<address>\"")
        return NetworkPrinter(str(options["host"]), int(options.get("port", 9100)), **common)
    if kind == "usb":
        if "vendor_id" not in options or "product_id" not in options:
            raise ValueError("printer transport 'usb' needs vendor_id and product_id")
        return UsbPrinter(
            _int(options["vendor_id"], "vendor_id"),
            _int(options["product_id"], "product_id"),
            in_ep=_int(options.get("in_ep", 0x82), "in_ep"),
            out_ep=_int(options.get("out_ep", 0x01), "out_ep"),
            **common,
        )
    if kind == "serial":
        if not options.get("devfile"):
            raise ValueError("printer transport 'serial' needs devfile = \"/dev/ttyUSB0\"")
        return SerialPrinter(str(options["devfile"]), int(options.get("baudrate", 9600)), **common)
    if kind == "file":
        if not options.get("devfile"):
            raise ValueError("printer transport 'file' needs devfile = \"/dev/usb/lp0\"")
        return FilePrinter(str(options["devfile"]), timeout=timeout, profile=profile)
    raise ValueError(
        f"unknown printer transport {kind!r} (use virtual, network, usb, serial or file)"
    )
