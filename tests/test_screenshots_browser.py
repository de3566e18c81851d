"""`scripts/screenshots` saves every screen at its real size and reports axe on each."""

from __future__ import annotations

import re
import struct
import subprocess
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent
KIOSK = {"portrait": (1080, 1920), "landscape": (1920, 1080)}
EXPECTED = {
    **{
        f"kiosk-{screen}-{orientation}": size
        for screen in ("start", "category", "appointment-only", "ticket")
        for orientation, size in KIOSK.items()
    },
    "counter-staff": (1280, 800),
    "counter-reception": (1280, 800),
    "counter-manager": (1280, 800),
    "counter-manager-feedback": (1280, 800),
    "display": (1920, 1080),
    **{f"phone-status-{s}": (390, 844) for s in ("waiting", "called", "finished", "feedback")},
    **{
        f"central-book-{step}-{device}": size
        for step in ("services", "centre", "day", "time", "details", "booked", "my-booking")
        for device, size in (("phone", (390, 844)), ("desktop", (1440, 900)))
    },
    "central-staff-login": (1440, 900),
    "central-staff-day": (1440, 900),
    "central-overview": (1440, 900),
    "central-manager-staff": (1440, 900),
    "central-manager-settings": (1440, 900),
    "central-manager-qr": (1440, 900),
    "centre-reports": (1280, 800),
    "centre-reports-wide": (1920, 1080),
    "central-reports": (1440, 900),
    "central-reports-wide": (1920, 1080),
}
LINE = re.compile(r"^(?P<name>\S+)\s+(?P<size>\d+x\d+)\s+axe violations: (?P<count>\d+)", re.M)


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk (the first after the 8-byte signature)."""
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR", path
    return struct.unpack(">II", head[16:24])


def test_one_command_saves_every_screen_at_its_size_with_axe_results(tmp_path):
    out = tmp_path / "shots"
    done = subprocess.run(
        [str(ROOT / "scripts" / "screenshots"), str(out)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    report = done.stdout + done.stderr

    reported = {m["name"]: (m["size"], int(m["count"])) for m in LINE.finditer(done.stdout)}
    for name, (width, height) in EXPECTED.items():
        assert name in reported, f"{name} not reported:\n{report}"
        assert reported[name][0] == f"{width}x{height}"
        assert png_size(out / f"{name}.png") == (width, height), name
    assert "not captured:" not in done.stdout and done.returncode != 2, report
    # Non-zero exactly when some screen has a violation.
    with_violations = [name for name, (_, count) in reported.items() if count]
    assert done.returncode == (1 if with_violations else 0), report
