"""python-escpos printer classes that end every read and write by the job's deadline."""

from __future__ import annotations

import contextlib
import socket

from escpos.exceptions import DeviceNotFoundError
from escpos.printer import File, Network, Serial, Usb

from hardware.errors import remaining

# Each device gets `deadline` (a time.monotonic() value) set before every job, and `abort()`
# for the spooler to call from another thread when a job overruns it.
# They use `_device`, not escpos's `device` property: that one silently opens a new connection.


class NetworkDevice(Network):
    """escpos Network whose every socket call ends by the job's deadline."""

    deadline = 0.0

    def open(self, raise_not_found: bool = True) -> None:
        self.timeout = remaining(self.deadline)
        super().open(raise_not_found)

    def _raw(self, msg: bytes) -> None:
        sock = self._device
        if not sock:
            raise ConnectionAbortedError("not connected")
        sock.settimeout(remaining(self.deadline))
        sock.sendall(msg)

    def _read(self) -> bytes:
        sock = self._device
        if not sock:
            raise ConnectionAbortedError("not connected")
        sock.settimeout(remaining(self.deadline))
        answer = sock.recv(16)
        if not answer:
            raise ConnectionResetError("the printer closed the connection")
        return answer

    def abort(self) -> None:
        """From another thread: make a blocked send or receive return now."""
        sock = self._device
        if sock:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


class UsbDevice(Usb):
    """escpos Usb with a timeout (ms) on every transfer taken from the job's deadline."""

    deadline = 0.0

    def _raw(self, msg: bytes) -> None:
        device = self._device
        if not device:
            raise DeviceNotFoundError("USB printer not open")
        device.write(self.out_ep, msg, int(remaining(self.deadline) * 1000))

    def _read(self) -> bytes:
        device = self._device
        if not device:
            raise DeviceNotFoundError("USB printer not open")
        answer = bytes(device.read(self.in_ep, 16, int(remaining(self.deadline) * 1000)))
        if not answer:
            raise TimeoutError("the printer did not answer")
        return answer

    def abort(self) -> None:
        pass  # pyusb transfers end by their own timeout


class SerialDevice(Serial):
    """escpos Serial with read and write timeouts taken from the job's deadline."""

    deadline = 0.0

    def _raw(self, msg: bytes) -> None:
        device = self._device
        if not device:
            raise DeviceNotFoundError("serial printer not open")
        device.write_timeout = remaining(self.deadline)
        device.write(msg)

    def _read(self) -> bytes:
        device = self._device
        if not device:
            raise DeviceNotFoundError("serial printer not open")
        device.timeout = remaining(self.deadline)
        answer = device.read(1)  # a DLE EOT answer is one byte
        if not answer:
            raise TimeoutError("the printer did not answer")
        return answer

    def abort(self) -> None:
        device = self._device
        if device:
            try:
                device.cancel_read()
                device.cancel_write()
            except Exception:
                pass


class FileDevice(File):
    """escpos File (a device such as /dev/usb/lp0); it cannot be read, only written."""

    deadline = 0.0

    def abort(self) -> None:
        pass  # a blocked write to a device file cannot be cut short; the spooler moves on
