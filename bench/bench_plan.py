"""`plan staffing` from 1 to 500 counters: the time of one plan, against the 50 ms target.

Run from the repository root: `.venv/bin/python bench/bench_plan.py`. For every n from 1 to 500
it picks the arrivals (3-minute visits, 80 % within 20 s) whose plan needs about n counters,
times `kernel.erlang.plan` for Erlang C and for Erlang A (mean patience 5 minutes), and prints
the median, the p99 and the slowest call and the counters the largest plan needed; then the whole
command (`enindgang plan staffing … --json`, in this process, without the interpreter's start)
for the largest case.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# After the path is set:
from click.testing import CliRunner  # noqa: E402
from common import percentile  # noqa: E402

from enindgang.cli import main  # noqa: E402
from kernel.erlang import plan  # noqa: E402

TARGET_MS = 50.0
SERVICE_MINUTES = 3.0
TARGET_SECONDS = 20.0
LEVEL = 0.8
PATIENCE_MINUTES = 5.0
REPEATS = 3


def arrivals_for(counters: int) -> float:
    """Arrivals an hour whose load is 96 % of `counters` (3-minute visits: 20 an hour each)."""
    return 0.96 * counters * 60.0 / SERVICE_MINUTES


def timed(patience: float | None) -> tuple[list[float], list[float], int]:
    """Wall-clock and CPU milliseconds of every plan for 1…500 counters (REPEATS each) and the
    most counters needed (CPU time tells this process's work from waiting for a shared core)."""
    times, cpu, most = [], [], 0
    for counters in range(1, 501):
        arrivals = arrivals_for(counters)
        for _ in range(REPEATS):
            started, started_cpu = time.perf_counter(), time.process_time()
            answer = plan(arrivals, SERVICE_MINUTES, TARGET_SECONDS, LEVEL, 0.3, None, patience)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        most = max(most, answer["agents_needed"] or 0)
    return times, cpu, most


def verdict(worst: float) -> str:
    return "met" if worst < TARGET_MS else "NOT met"


def main_bench() -> None:
    print(f"plan staffing, 1..500 counters x {REPEATS}, target under {TARGET_MS:.0f} ms a plan")
    for name, patience in (("Erlang C", None), ("Erlang A", PATIENCE_MINUTES)):
        times, cpu, most = timed(patience)
        worst = max(times)
        print(
            f"  {name}: {len(times)} plans, most counters needed {most}; "
            f"median {statistics.median(times):.2f} ms, p99 {percentile(times, 99):.2f} ms, "
            f"max {worst:.2f} ms -> {verdict(worst)}; CPU max {max(cpu):.2f} ms"
        )
    args = ["plan", "staffing", "--arrivals-per-hour", f"{arrivals_for(500):g}"]
    args += ["--service-minutes", "3", "--target-seconds", "20", "--level", "0.8", "--json"]
    for extra in ([], ["--patience-minutes", "5"]):
        runs = []
        for _ in range(5):
            started = time.perf_counter()
            result = CliRunner().invoke(main, args + extra)
            runs.append((time.perf_counter() - started) * 1000)
            assert result.exit_code == 0, result.output
        worst = max(runs)
        label = "Erlang A" if extra else "Erlang C"
        print(
            f"  command, {label}, 500 counters: median {statistics.median(runs):.2f} ms, "
            f"max {worst:.2f} ms -> {verdict(worst)}"
        )


if __name__ == "__main__":
    main_bench()
