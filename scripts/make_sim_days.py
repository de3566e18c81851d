"""Write the standard simulated days of centre/sim/days/ (run once; the files are committed).

Usage, from the repository root: `.venv/bin/python scripts/make_sim_days.py`. The same seed
(SEED) writes the same files. Each day's walk-ins are drawn by `centre/sim/draw.py` from its
default profile (the city's service volumes and hour profile) scaled to the day's size; the
centre is `centre/sim/days/centre.toml` (counters 1-5 and the tax desk 6, open 09:00-17:00).

- quiet: a Wednesday, 90 walk-ins, everyone at work all day.
- busy-monday: a Monday, 270 walk-ins and 24 booked passport and driving-licence times.
- noon-close: a Thursday, 190 walk-ins; counters 4 and 5 close at 12:00.
"""

from __future__ import annotations

import random
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# After the path is set:
from centre import config as centre_config  # noqa: E402
from centre.sim.draw import DEFAULT_WALK_INS_PER_DAY, default_profile, draw_arrivals  # noqa: E402

DAYS_DIR = ROOT / "centre" / "sim" / "days"
SEED = 2026
# name -> (day, walk-ins expected, booked times, counters closing at 12:00)
DAYS = {
    "quiet": (date(2026, 12, 2), 90, 0, ()),
    "busy-monday": (date(2026, 11, 30), 270, 24, ()),
    "noon-close": (date(2026, 12, 3), 190, 0, ("4", "5")),
}


def arrivals_csv(name: str) -> str:
    day, walk_ins, booked, _ = DAYS[name]
    config = centre_config.load(DAYS_DIR / "centre.toml")
    catalogue, hours, tz = config.catalogue(), config.hours(), config.tz
    scale = walk_ins / DEFAULT_WALK_INS_PER_DAY
    profile = {key: mean * scale for key, mean in default_profile(catalogue, hours, day).items()}
    lines = ["arrived_at,service,appointment_at"]
    rows = [(a.at, a.service, "") for a in draw_arrivals(profile, hours, day, SEED)]
    rng = random.Random(f"{name}:{SEED}")
    for n in range(booked):
        slot = datetime.combine(day, time(9, 30), tz) + timedelta(minutes=15 * n)
        came = slot - timedelta(minutes=rng.randrange(0, 15))
        service = ("passport", "driving_licence")[n % 2]
        rows.append((came, service, slot.isoformat()))
    # ISO times carry the day: the files need no --day.
    for at, service, slot in sorted(rows):
        lines.append(f"{at.astimezone(tz).isoformat(timespec='seconds')},{service},{slot}")
    return "\n".join(lines) + "\n"


def staff_csv(name: str) -> str:
    closing = DAYS[name][3]
    lines = ["counter,role,from,to"]
    for counter in ("1", "2", "3", "4", "5"):
        lines.append(f"{counter},staff,09:00,{'12:00' if counter in closing else '17:00'}")
    lines.append("6,tax,09:00,17:00")
    return "\n".join(lines) + "\n"


def main() -> None:
    for name in DAYS:
        (DAYS_DIR / f"{name}.csv").write_text(arrivals_csv(name), encoding="utf-8")
        (DAYS_DIR / f"{name}-staff.csv").write_text(staff_csv(name), encoding="utf-8")
        print(f"wrote {name}.csv and {name}-staff.csv")


if __name__ == "__main__":
    main()
