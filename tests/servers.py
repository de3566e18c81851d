"""The one way tests and benchmarks run a server process: a free port, start, wait until it
answers, stop, kill, restart on the same data, and its log when something goes wrong.

Benchmarks import it too (`bench/` puts the repository root on `sys.path` first). A server
runs in its own process group with this process's environment, so `ENINDGANG_CLOCK_OFFSET`
(set by `tests/conftest.py` and `bench/run`) reaches it, and `kill()` takes gunicorn's worker
and any children with it, as a power cut would.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Bounds, in seconds: a busy 2-core machine can take tens of seconds to start gunicorn.
READY_SECONDS = 60.0
STOP_SECONDS = 10.0
LOG_TAIL_LINES = 60


class ServerFailed(RuntimeError):
    """A server that exited or never answered; the message ends with its log."""


def free_port(*also: int) -> int:
    """A port P nothing listens on now, on 127.0.0.1, with P + each of `also` free too."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if all(_free(port + offset) for offset in also):
            return port
    raise RuntimeError(f"no free port P with P + {also} free")


def _free(port: int) -> bool:
    if port > 65535:
        return False
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def enindgang(*args: str) -> list[str]:
    """The `enindgang` command line, run by this Python (the repository's code, from ROOT)."""
    return [sys.executable, "-m", "enindgang", *args]


# Straight to 127.0.0.1, whatever proxy the environment names.
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def answers(url: str) -> bool:
    """Whether an HTTP server answers at `url` (any status: it is up)."""
    try:
        with _DIRECT.open(url, timeout=2):
            return True
    except urllib.error.HTTPError:
        return True
    except (OSError, ValueError):
        return False


def wait_until_answers(url: str, timeout: float = READY_SECONDS) -> None:
    """Until an HTTP server answers at `url`; RuntimeError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not answers(url):
        if time.monotonic() > deadline:
            raise RuntimeError(f"nothing answered at {url} within {timeout:.0f} s")
        time.sleep(0.1)


def _processes() -> list[tuple[int, str, int, int]]:
    """(pid, state, parent pid, process group) of every process, read from /proc."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        # After the command name in parentheses: state, parent id, process group.
        state, parent, group = stat.rsplit(")", 1)[1].split()[:3]
        found.append((int(entry), state, int(parent), int(group)))
    return found


def group_members(group: int) -> list[int]:
    """Live (not zombie) processes in a process group."""
    return [pid for pid, state, _, pgrp in _processes() if pgrp == group and state not in "ZX"]


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid`."""
    return [child for child, _, parent, _ in _processes() if parent == pid]


class Server:
    """A server command on 127.0.0.1:`port` (ready when any page answers there), its output
    appended to `log`. `data_dir` and `config` are where it keeps its data and its config
    file, for tests that read them; starting it again reuses both."""

    def __init__(
        self,
        command: list[str],
        port: int,
        log: Path,
        *,
        data_dir: Path | None = None,
        config: Path | None = None,
    ) -> None:
        self.command, self.port, self.log = command, port, log
        self.url = f"http://127.0.0.1:{port}"
        self.data_dir, self.config = data_dir, config
        self._proc: subprocess.Popen | None = None
        self._log_from = 0

    @property
    def pid(self) -> int:
        """The process started (gunicorn's master); also the id of its process group."""
        if self._proc is None:
            raise RuntimeError("the server was never started")
        return self._proc.pid

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def start(self, timeout: float = READY_SECONDS) -> Server:
        """Start it and wait until it answers; ServerFailed (with the log) if it does not."""
        if self.running:
            raise RuntimeError(f"already running: {self.url}")
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log, "ab") as log:
            self._log_from = log.tell()
            self._proc = subprocess.Popen(
                self.command,
                cwd=ROOT,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
                start_new_session=True,
            )
        _started.append(self)
        deadline = time.monotonic() + timeout
        while not answers(self.url):
            if not self.running:
                self.kill()  # whatever it started before it died
                raise ServerFailed(self._failure(f"exited with {self._proc.returncode}"))
            if time.monotonic() > deadline:
                self.kill()
                raise ServerFailed(self._failure(f"did not answer within {timeout:.0f} s"))
            time.sleep(0.1)
        return self

    def stop(self, timeout: float = STOP_SECONDS) -> None:
        """TERM to the whole group; KILL whatever is left after `timeout` seconds."""
        if self._proc is None:
            return
        if self.running:
            self._signal(signal.SIGTERM)
            try:
                self._proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill()
                return
        self._end_group(timeout)

    def kill(self) -> None:
        """SIGKILL the whole group at once (master, worker, children), as a power cut would."""
        if self._proc is None:
            return
        self._signal(signal.SIGKILL)
        self._proc.wait(STOP_SECONDS)
        self._end_group(STOP_SECONDS)

    def restart(self) -> Server:
        """Stop it and start the same command again, on the same port, data and log."""
        self.stop()
        return self.start()

    def log_tail(self, lines: int = LOG_TAIL_LINES) -> str:
        """The last lines this server wrote since it was last started."""
        try:
            with open(self.log, "rb") as log:
                log.seek(self._log_from)
                text = log.read().decode(errors="replace")
        except OSError as err:
            return f"(no log: {err})"
        return "\n".join(text.splitlines()[-lines:])

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _signal(self, sig: int) -> None:
        with contextlib.suppress(ProcessLookupError):  # nothing left in the group
            os.killpg(self.pid, sig)

    def _end_group(self, timeout: float) -> None:
        """The master is gone: wait for the rest of its group, then KILL what remains."""
        deadline = time.monotonic() + timeout
        while group_members(self.pid):
            if time.monotonic() > deadline:
                self._signal(signal.SIGKILL)
                return
            time.sleep(0.05)

    def _failure(self, what: str) -> str:
        command = " ".join(self.command)
        return f"{command}\n{what} ({self.url}); its log {self.log}:\n{self.log_tail()}"


# Every server started in this process, newest last: a failing test shows their logs.
_started: list[Server] = []


def started_count() -> int:
    return len(_started)


def started_since(mark: int) -> list[Server]:
    """The servers started since `started_count()` was `mark`, each once."""
    return list(dict.fromkeys(_started[mark:]))


# --- the project's servers --------------------------------------------------------------


def demo(data_dir: Path, *options: str, port: int | None = None, centres: int = 2) -> Server:
    """`enindgang demo --centres CENTRES` with extra `options`: the first centre on `port`, the
    others on port+1 … and central on port+10, all in one process group."""
    port = port or free_port(*range(1, centres), 10)
    command = enindgang(
        "demo", "--port", str(port), "--data", str(data_dir), "--centres", str(centres), *options
    )
    return Server(command, port, data_dir / f"server-{port}.log", data_dir=data_dir)


def centre_run(
    config: Path, log: Path, *options: str, port: int | None = None, data_dir: Path | None = None
) -> Server:
    """`enindgang centre run --config CONFIG` with extra `options` (e.g. `--no-rate-limit`);
    `data_dir` only tells the tests where the config keeps the data."""
    port = port or free_port()
    command = enindgang("centre", "run", "--config", str(config), "--port", str(port), *options)
    return Server(command, port, log, config=config, data_dir=data_dir)


def central_demo(data_dir: Path, log: Path, *options: str, port: int | None = None) -> Server:
    """`enindgang central demo --data DATA_DIR` with extra `options`."""
    port = port or free_port()
    command = enindgang("central", "demo", "--port", str(port), "--data", str(data_dir), *options)
    return Server(command, port, log, data_dir=data_dir)
