"""The wait predictors on the standard simulated days, against the issue's aim.

Run from the repository root: `.venv/bin/python bench/bench_predictors.py`. For each day of
`centre/sim/days/` (quiet, busy Monday, a counter closing at noon; written by
`scripts/make_sim_days.py`) and seeds 1-5 (the seed draws the service times), it runs
`enindgang simulate … --json` in-process and prints each predictor's mean absolute error and
the share of actual waits inside the range its estimate would show, and which is chosen;
then the same over all five seeds of the day (the mean of the per-seed figures). The aim: an
MAE of at most 3 minutes and at least 80 % inside the shown range. Last, it times each
predictor at every ticket issue of the busy Monday (target for the chosen one: under 1 ms).
Nothing fails on a missed aim: it prints "met" / "NOT met".
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# After the path is set:
from click.testing import CliRunner  # noqa: E402

from centre import config as centre_config  # noqa: E402
from centre.core.numbering import appointment_letter  # noqa: E402
from centre.core.predictors import PREDICTORS  # noqa: E402
from centre.sim.accuracy import queue_state  # noqa: E402
from centre.sim.draw import service_times  # noqa: E402
from centre.sim.engine import Centre, IssueView, simulate  # noqa: E402
from centre.sim.inputs import day_start, read_arrivals, read_staff  # noqa: E402
from enindgang.cli import main  # noqa: E402

DAYS_DIR = ROOT / "centre" / "sim" / "days"
DAYS = ("quiet", "busy-monday", "noon-close")
SEEDS = (1, 2, 3, 4, 5)
AIM_MAE, AIM_SHARE, AIM_MS = 3.0, 0.8, 1.0


def run_day(day: str, seed: int) -> dict:
    args = ["simulate", "--config", str(DAYS_DIR / "centre.toml")]
    args += ["--arrivals", str(DAYS_DIR / f"{day}.csv")]
    args += ["--staff", str(DAYS_DIR / f"{day}-staff.csv"), "--seed", str(seed), "--json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def verdict(mae: float | None, share: float | None) -> str:
    if mae is None or share is None:
        return "nothing measured"
    ok = mae <= AIM_MAE and share >= AIM_SHARE
    return "met" if ok else "NOT met"


def print_day(day: str) -> None:
    runs = [run_day(day, seed) for seed in SEEDS]
    print(f"\n{day}: {len(runs[0]['tickets'])} tickets (seed 1), seeds {SEEDS[0]}-{SEEDS[-1]}")
    print(f"  {'seed':<5} " + " ".join(f"{name:>20}" for name in PREDICTORS) + "  chosen")
    for seed, out in zip(SEEDS, runs, strict=True):
        cells = []
        for name in PREDICTORS:
            got = out["predictors"][name]
            cells.append(f"{got['mae_minutes']:>8.2f} min {got['within_range_share']:>5.0%}")
        served, mean = out["summary"]["served"], out["summary"]["wait_mean_minutes"]
        print(
            f"  {seed:<5} " + " ".join(f"{c:>20}" for c in cells) + f"  {out['chosen']}"
            f"  (served {served}, mean wait {mean} min)"
        )
    print("  over the seeds (mean of each seed's figures):")
    for name in PREDICTORS:
        mae = statistics.mean(out["predictors"][name]["mae_minutes"] for out in runs)
        share = statistics.mean(out["predictors"][name]["within_range_share"] for out in runs)
        chosen = sum(out["chosen"] == name for out in runs)
        print(
            f"    {name:<14} MAE {mae:5.2f} min, inside the range {share:4.0%}, chosen "
            f"{chosen} of {len(runs)} -> {verdict(mae, share)}"
        )


def time_predictors(day: str) -> None:
    """Each predictor's cost at every ticket issue of the day (seed 1)."""
    config = centre_config.load(DAYS_DIR / "centre.toml")
    catalogue, tz = config.catalogue(), config.tz
    arrivals = read_arrivals((DAYS_DIR / f"{day}.csv").read_text(), None, tz, catalogue)
    the_day: date = arrivals[0].at.astimezone(tz).date()
    shifts = read_staff((DAYS_DIR / f"{day}-staff.csv").read_text(), the_day, tz, config.counters)
    centre = Centre(
        catalogue,
        config.counters,
        config.hours(),
        appointment_letter(catalogue, None),
        tax_scheduled=config.tax_hours(),
    )
    spent: dict[str, list[float]] = {name: [] for name in PREDICTORS}

    def hook(view: IssueView) -> None:
        state = queue_state(view, centre)
        for name, predict in PREDICTORS.items():
            started = time.perf_counter()
            predict(state)
            spent[name].append((time.perf_counter() - started) * 1000)

    simulate(
        centre, day_start(the_day, tz), arrivals, shifts, service_times({}, catalogue), 1, hook
    )
    print(
        f"\ncost per ticket issue on {day} ({len(spent['routing'])} issues); target for the "
        f"chosen predictor: under {AIM_MS:.0f} ms"
    )
    for name, times in spent.items():
        times.sort()
        p99 = times[max(0, int(len(times) * 0.99) - 1)]
        print(
            f"  {name:<14} median {statistics.median(times):.3f} ms, p99 {p99:.3f} ms, "
            f"max {times[-1]:.3f} ms -> {'met' if times[-1] < AIM_MS else 'NOT met'}"
        )


def main_bench() -> None:
    print(
        f"wait predictors on the standard simulated days; aim: MAE <= {AIM_MAE:.0f} min and "
        f">= {AIM_SHARE:.0%} of actual waits inside the shown range (tickets never called are "
        "left out)"
    )
    for day in DAYS:
        print_day(day)
    time_predictors("busy-monday")


if __name__ == "__main__":
    main_bench()
