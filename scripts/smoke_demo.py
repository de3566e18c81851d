"""Prove the README's first command on a clean clone: start the demo, take a ticket, stop it.

Clones this repository's committed HEAD into a temporary folder, runs `./scripts/demo` there on
a free port, waits for `/kiosk`, lets that page pair the client as the demo's kiosk, issues one
ticket through `POST /api/v1/tickets`, and stops the demo. Standard library only, so it runs
before any virtualenv exists. Exits non-zero, with the demo's log, on any failure.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
# Setup in the clone may install Python packages; on a warm cache it takes well under a minute.
START_TIMEOUT = 900
STOP_TIMEOUT = 20


def free_base_port() -> int:
    """A port P with P, P+1 and P+10 free: the demo's centre, second centre and central."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            base = s.getsockname()[1]
        if base + 10 > 65535:
            continue
        try:
            for port in (base, base + 1, base + 10):
                with socket.socket() as probe:
                    probe.bind(("127.0.0.1", port))
        except OSError:
            continue
        return base
    raise SystemExit("smoke: found no free ports")


def ten_oclock_offset() -> str:
    """Seconds that shift the demo's clock to 10:00 today in Copenhagen.

    The demo centre stops giving numbers near midnight, as a real centre does near closing;
    CI runs at any hour, so it runs the demo as the README's "as if at another hour" does.
    """
    now = datetime.now(ZoneInfo("Europe/Copenhagen"))
    ten = now.replace(hour=10, minute=0, second=0, microsecond=0)
    return str((ten - now) / timedelta(seconds=1))


def request(opener, method: str, url: str, body: dict | None = None) -> tuple[int, dict | str]:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with opener.open(req, timeout=15) as resp:
            status, raw, kind = resp.status, resp.read(), resp.headers.get_content_type()
    except urllib.error.HTTPError as err:
        status, raw, kind = err.code, err.read(), err.headers.get_content_type()
    text = raw.decode("utf-8", "replace")
    return status, json.loads(text) if kind == "application/json" else text


def wait_for_kiosk(proc: subprocess.Popen, opener, url: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the demo exited with {proc.returncode} before answering")
        try:
            status, _ = request(opener, "GET", url)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(1)
    raise RuntimeError(f"no answer from {url} within {START_TIMEOUT} s")


def take_ticket(opener, base: str) -> dict:
    status, answer = request(opener, "GET", f"{base}/api/v1/services?lang=en")
    if status != 200:
        raise RuntimeError(f"GET /api/v1/services answered {status}: {answer}")
    walk_in = [s for s in answer["services"] if not s.get("requires_appointment")]
    if not walk_in:
        raise RuntimeError("the demo offers no walk-in service")
    body = {"service": walk_in[0]["id"], "language": "en", "nonce": "ci-smoke-1"}
    status, ticket = request(opener, "POST", f"{base}/api/v1/tickets", body)
    if status != 201 or not isinstance(ticket, dict) or not ticket.get("number"):
        raise RuntimeError(f"POST /api/v1/tickets answered {status}: {ticket}")
    return ticket


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(5)
        raise RuntimeError(f"the demo did not stop within {STOP_TIMEOUT} s of SIGTERM") from None


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="enindgang-smoke-"))
    clone, log_path = work / "enindgang", work / "demo.log"
    port = free_base_port()
    base = f"http://127.0.0.1:{port}"
    print(f"==> smoke: clean clone, ./scripts/demo --port {port}", flush=True)
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    env = {**os.environ, "ENINDGANG_CLOCK_OFFSET": ten_oclock_offset(), "PYTHONUNBUFFERED": "1"}
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            ["./scripts/demo", "--port", str(port), "--data", str(work / "var")],
            cwd=clone,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    started = time.monotonic()
    try:
        wait_for_kiosk(proc, opener, f"{base}/kiosk")
        ticket = take_ticket(opener, base)
        print(
            f"==> smoke: /kiosk answered after {time.monotonic() - started:.0f} s; "
            f"ticket {ticket['number']} issued",
            flush=True,
        )
        stop(proc)
        print("==> smoke: the demo stopped cleanly", flush=True)
    except Exception as err:  # any failure fails CI, with the demo's log
        stop_quietly(proc)
        print(f"smoke FAILED: {err}", file=sys.stderr)
        print(log_path.read_text(errors="replace")[-6000:], file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def stop_quietly(proc: subprocess.Popen) -> None:
    # Already failing: the first error is the one to report.
    with contextlib.suppress(Exception):
        stop(proc)


if __name__ == "__main__":
    sys.exit(main())
