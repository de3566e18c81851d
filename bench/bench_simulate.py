"""`enindgang simulate` on a busy day: 1,500 arrivals at one centre, against the 10 s target.

Run from the repository root: `.venv/bin/python bench/bench_simulate.py`. In a temp dir it
makes a centre (30 counters, the last one the tax desk; open 08:00-18:00) with 8 weeks of
generated history (`kernel/history.py`, so service times are resampled from it), writes a
CSV of 1,500 arrivals for a Monday (1,400 walk-ins by the city's service volumes and hour
profile, 100 booked passport and driving-licence times), and times the whole command in this
process (`enindgang simulate … --json`, without the interpreter's start) three times,
printing the median and the slowest run and what the day looked like; then once without the
CSV (walk-ins drawn from the forecast of that history).
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# After the path is set:
from click.testing import CliRunner  # noqa: E402

from centre import config as centre_config  # noqa: E402
from centre.store.db import init_db  # noqa: E402
from enindgang.cli import main  # noqa: E402
from kernel.db import connect  # noqa: E402
from kernel.history import CITY_VOLUMES, HOUR_WEIGHT, History  # noqa: E402
from kernel.history_fill import fill_visits  # noqa: E402

TARGET_S = 10.0
ARRIVALS = 1_500
BOOKED = 100
COUNTERS = 30
DAY = date(2026, 11, 30)  # a Monday
TZ = ZoneInfo("Europe/Copenhagen")
RUNS = 3


def config_text() -> str:
    counters = "\n".join(f'"{n}" = {{}}' for n in range(1, COUNTERS))
    hours = "\n".join(f'{d} = "08:00-18:00"' for d in ("monday", "tuesday", "wednesday"))
    return (
        '[centre]\nid = "busy"\nname = "Busy centre"\ndata_dir = "var"\ndemo = true\n'
        f'[opening_hours]\n{hours}\nthursday = "08:00-18:00"\nfriday = "08:00-18:00"\n'
        f'[counters]\n{counters}\n"{COUNTERS}" = {{ services = ["tax_questions", '
        '"tax_decision"] }\n'
    )


def arrivals_csv(catalogue) -> str:
    """1,400 walk-ins by service volume and hour weight, 100 booked times; seeded."""
    rng = random.Random(2026)
    walk_in = [s.id for s in catalogue.services if not s.requires_appointment]
    booked = [s.id for s in catalogue.services if s.requires_appointment]
    weights = [CITY_VOLUMES.get(s, 10_000) for s in walk_in]
    hours = [h for h in range(8, 18)]
    hour_weights = [HOUR_WEIGHT.get(h, 0.5) for h in hours]
    lines = ["arrived_at,service,appointment_at"]
    for _ in range(ARRIVALS - BOOKED):
        hour = rng.choices(hours, hour_weights)[0]
        moment = f"{hour:02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}"
        lines.append(f"{moment},{rng.choices(walk_in, weights)[0]},")
    for n in range(BOOKED):
        slot = datetime(2026, 11, 30, 8, 15) + timedelta(minutes=5 * n)
        came = slot - timedelta(minutes=rng.randrange(1, 20))
        lines.append(f"{came:%H:%M:%S},{booked[n % len(booked)]},{slot:%H:%M}")
    return "\n".join(lines) + "\n"


def main_bench() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        toml = folder / "busy.toml"
        toml.write_text(config_text(), encoding="utf-8")
        config = centre_config.load(toml)
        init_db(config.database_path)
        db = connect(config.database_path)
        history = History(1, config.catalogue(), config.tz)
        first = DAY - timedelta(weeks=8)
        filled = fill_visits(
            db, history, config.id, config.hours().by_weekday, first, DAY - timedelta(days=1)
        )
        db.close()
        csv = folder / "arrivals.csv"
        csv.write_text(arrivals_csv(config.catalogue()), encoding="utf-8")
        args = ["simulate", "--config", str(toml), "--arrivals", str(csv)]
        args += ["--day", DAY.isoformat(), "--seed", "1", "--json"]
        print(
            f"simulate: a busy day, {ARRIVALS} arrivals ({BOOKED} booked), {COUNTERS} counters, "
            f"{filled} visits of history; target under {TARGET_S:.0f} s"
        )
        runs, cpu = [], []
        for _ in range(RUNS):
            started, started_cpu = time.perf_counter(), time.process_time()
            result = CliRunner().invoke(main, args)
            runs.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
            assert result.exit_code == 0, result.output
        out = json.loads(result.output)
        summary = out["summary"]
        worst = max(runs)
        print(
            f"  tickets {len(out['tickets'])}, served {summary['served']}, mean wait "
            f"{summary['wait_mean_minutes']} min, p90 {summary['wait_p90_minutes']} min, "
            f"within target {summary['within_target_share']}"
        )
        print(
            f"  command: median {statistics.median(runs):.2f} s, max {worst:.2f} s -> "
            f"{'met' if worst < TARGET_S else 'NOT met'}; CPU max {max(cpu):.2f} s"
        )
        # The same centre without the file: walk-ins drawn from the forecast of its history.
        drawn = ["simulate", "--config", str(toml), "--day", DAY.isoformat(), "--seed", "1"]
        started = time.perf_counter()
        result = CliRunner().invoke(main, [*drawn, "--json"])
        took = time.perf_counter() - started
        assert result.exit_code == 0, result.output
        print(
            f"  without --arrivals (forecast day): {len(json.loads(result.output)['tickets'])} "
            f"tickets in {took:.2f} s"
        )


if __name__ == "__main__":
    main_bench()
