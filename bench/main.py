"""Runs every benchmark against a running demo centre and prints the figures (see README.md)."""

from __future__ import annotations

import argparse
import math
import os
import platform
import sys
from collections import Counter
from datetime import datetime
from importlib import metadata
from pathlib import Path
from zoneinfo import ZoneInfo

import requests
from call_display import DisplayRun, run_display_latency
from call_next import CallNextRun, describe, run_call_next_cases
from common import HTTP_TIMEOUT, fmt, load_average, median, percentile, worker_pid
from issuing import IssueRun, run_issue

SERVICE = "moving"
ISSUE_COUNT = 2000
CONCURRENCIES = (1, 16)
SCREENS = 20
CYCLES = 500
# Benchmark 3: call-next + finish with the queue held at each of these sizes.
CALL_NEXT_WAITING = (50, 2000)
# BENCH_ONLY=call_next runs benchmark 3 alone (a comma list of: display, issue, call_next).
ALL_CASES = ("display", "issue", "call_next")
# Waiting tickets made before the display benchmark: its cycles plus a few left over.
DISPLAY_QUEUE = CYCLES + 20
ISSUE_P99_TARGET_MS = 50.0
DISPLAY_P99_TARGET_MS = 100.0
TZ = ZoneInfo("Europe/Copenhagen")


def say(text: str = "") -> None:
    print(text, flush=True)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def header(url: str) -> None:
    now = datetime.now(TZ)
    say("=" * 78)
    say(f"Én indgang benchmarks, {now:%Y-%m-%d %H:%M} Copenhagen time")
    say(
        f"machine: nproc={len(os.sched_getaffinity(0))}, {cpu_model()}, "
        f"Python {platform.python_version()} ({platform.python_implementation()}), "
        f"{platform.system()} {platform.machine()}"
    )
    versions = ", ".join(
        f"{name} {metadata.version(name)}"
        for name in ("gunicorn", "flask-socketio", "python-socketio", "requests")
    )
    say(f"server: enindgang centre run at {url} (gunicorn gthread, 1 worker; {versions})")
    say(
        f"targets (reported, not enforced): ticket issue p99 < {ISSUE_P99_TARGET_MS:.0f} ms; "
        f"call-to-display p99 < {DISPLAY_P99_TARGET_MS:.0f} ms"
    )
    say("client and server share the same cores: every figure includes the client's own cost")
    say(f"load average at start: {load_average()}")
    say("=" * 78)
    if now.hour == 23 and now.minute >= 30:
        say(
            "WARNING: close to midnight. The demo closes its day at 24:00 (kiosk answers "
            "closing_soon) and numbers restart at midnight; run again after 00:00."
        )


def walk_in_services(url: str) -> list[dict]:
    answer = requests.get(f"{url}/api/v1/services", timeout=HTTP_TIMEOUT)
    answer.raise_for_status()
    return [s for s in answer.json()["services"] if not s["requires_appointment"]]


def print_issue(run: IssueRun) -> None:
    outcomes = ", ".join(f"{k}: {v}" for k, v in sorted(run.outcomes.items()))
    say(
        f"  concurrency {run.concurrency:>2}: {run.count} requests in {run.seconds:.1f} s = "
        f"{run.per_second:.0f} tickets/s; median {fmt(run.median_ms)} ms, "
        f"p99 {fmt(run.p99_ms)} ms, max {fmt(run.max_ms)} ms"
    )
    say(f"                  answers: {outcomes}")
    say(
        f"                  {run.cpu.describe()} "
        f"(server {1000 * run.cpu.server / run.count:.1f} ms per ticket)"
    )


def explain_errors(runs: list[IssueRun]) -> None:
    codes = Counter()
    for run in runs:
        codes.update({k: v for k, v in run.outcomes.items() if k not in ("201",)})
    if not codes:
        say("  every request answered 201 Created")
        return
    reasons = {
        "409 closing_soon": "estimated wait + visit would end after 24:00 (kiosk rule)",
        "409 closed": "the demo centre was closed at that moment",
        "200": "same nonce answered again (should not happen: each request has a new uuid)",
    }
    for key, count in codes.most_common():
        say(f"  NOT 201: {key} x{count}: {reasons.get(key, 'see the server log')}")


def check_numbers(answers: list[dict]) -> list[str]:
    """Unique and gap-free per service letter, over every ticket this run was given."""
    by_letter: dict[str, list[int]] = {}
    for answer in answers:
        by_letter.setdefault(answer["number"][0], []).append(int(answer["number"][1:]))
    lines = []
    for letter, seqs in sorted(by_letter.items()):
        unique = len(set(seqs)) == len(seqs)
        gap_free = sorted(set(seqs)) == list(range(1, max(seqs) + 1))
        verdict = "OK" if unique and gap_free else "PROBLEM"
        lines.append(
            f"  {letter}: {len(seqs)} tickets, {letter}{min(seqs):03d}..{letter}{max(seqs):03d}, "
            f"unique: {'yes' if unique else 'NO'}, gap-free from 1: "
            f"{'yes' if gap_free else 'NO'} -> {verdict}"
        )
    return lines


def print_display(run: DisplayRun) -> None:
    rate = run.completed / run.seconds if run.seconds else 0.0
    say(
        f"  {run.completed} of {run.cycles} cycles in {run.seconds:.1f} s ({rate:.0f}/s), "
        f"{run.screens} screens, {run.pairs} (call, screen) pairs measured"
    )
    say(
        f"  missed (no event within 5 s): {run.missed}; events before the HTTP answer: "
        f"{run.before_answer}; events for numbers not called: {run.stray}; repeats: {run.repeats}"
    )
    if run.http_errors or run.stopped_because:
        say(f"  stopped early: {run.stopped_because}; errors: {run.http_errors}")
    say(f"  {run.cpu.describe()} (client: {run.screens} screens + staff)")


def row(name: str, n: int, rate: str, values: list[float], errors: str, target: str = "") -> str:
    return (
        f"{name:<34}{n:>6}{rate:>8}{fmt(median(values)):>9}{fmt(percentile(values, 99)):>9}"
        f"{fmt(max(values, default=math.nan)):>9}{errors:>8}  {target}"
    )


def verdict(p99: float, limit: float) -> str:
    return "met" if p99 < limit else "NOT met"


def summary(
    issue_runs: list[IssueRun], display: DisplayRun | None, call_runs: list[CallNextRun]
) -> None:
    say()
    say("Summary (latencies in ms)")
    say(f"{'benchmark':<34}{'n':>6}{'per s':>8}{'median':>9}{'p99':>9}{'max':>9}{'errors':>8}")
    for run in issue_runs:
        say(
            row(
                f"[1] issue ticket, concurrency {run.concurrency}",
                run.count,
                f"{run.per_second:.0f}",
                run.latencies_ms,
                str(run.errors),
                f"p99 < {ISSUE_P99_TARGET_MS:.0f}: {verdict(run.p99_ms, ISSUE_P99_TARGET_MS)}",
            )
        )
    if display is not None:
        display_p99 = percentile(display.from_answer_ms, 99)
        errors = str(sum(display.http_errors.values()))
        say(row("[2] call-next HTTP round trip", len(display.call_ms), "", display.call_ms, errors))
        say(
            row("[2] finish HTTP round trip", len(display.finish_ms), "", display.finish_ms, errors)
        )
        say(
            row(
                "[2] call-next answer -> screen",
                display.pairs,
                "",
                display.from_answer_ms,
                str(display.missed),
                f"p99 < {DISPLAY_P99_TARGET_MS:.0f}: {verdict(display_p99, DISPLAY_P99_TARGET_MS)}",
            )
        )
        say(
            row(
                "[2] call-next sent -> screen",
                display.pairs,
                "",
                display.from_request_ms,
                str(display.missed),
            )
        )
    for run in call_runs:
        say(
            row(
                f"[3] call-next, {run.waiting} waiting",
                run.cycles,
                f"{run.per_second:.0f}",
                run.call_ms,
                str(sum(run.errors.values())),
                f"server CPU {fmt(run.server_ms_per_cycle, 2)} ms per call-next + finish",
            )
        )
    say(
        "(errors: non-201 answers for [1]; HTTP errors or missed screen events for [2]; "
        "failed cycles or top-ups for [3]; [3] 'per s' counts call-next + finish cycles)"
    )
    say()
    if issue_runs:
        issue = "; ".join(
            f"concurrency {r.concurrency} {verdict(r.p99_ms, ISSUE_P99_TARGET_MS)} "
            f"({fmt(r.p99_ms)})"
            for r in issue_runs
        )
        say(f"target issue p99 < {ISSUE_P99_TARGET_MS:.0f} ms: {issue}")
    if display is not None:
        say(
            f"target call-to-display p99 < {DISPLAY_P99_TARGET_MS:.0f} ms: "
            f"{verdict(display_p99, DISPLAY_P99_TARGET_MS)} ({fmt(display_p99)}, measured from "
            f"the call-next answer; {fmt(percentile(display.from_request_ms, 99))} from the "
            "request)"
        )


def server_log_problems(log: Path | None) -> str:
    if log is None or not log.exists():
        return "server log: not given"
    lines = log.read_text(errors="replace").splitlines()
    bad = [line for line in lines if "ERROR" in line or "Traceback" in line]
    text = f"server log: {len(lines)} lines, {len(bad)} with ERROR/Traceback ({log})"
    return text + "".join(f"\n    {line}" for line in bad[:5])


def selected_cases() -> tuple[str, ...]:
    """BENCH_ONLY (e.g. "call_next" or "display,issue") picks cases; all of them by default."""
    wanted = tuple(c.strip() for c in os.environ.get("BENCH_ONLY", "").split(",") if c.strip())
    unknown = set(wanted) - set(ALL_CASES)
    if unknown:
        raise SystemExit(f"BENCH_ONLY: unknown case(s) {sorted(unknown)}; known: {ALL_CASES}")
    return wanted or ALL_CASES


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--server-pid", type=int, default=None, help="gunicorn master pid")
    parser.add_argument("--server-log", type=Path, default=None)
    args = parser.parse_args()
    url = args.url.rstrip("/")
    worker = worker_pid(args.server_pid)

    header(url)
    services = walk_in_services(url)
    say()
    say("Setup")
    say(f"  walk-in services ({len(services)}): " + ", ".join(s["id"] for s in services))
    say(
        "  bench centre = the demo centre with every service taking 0.06 s by the catalogue "
        "(bench/run), so the kiosk's closing-time rule lets thousands of tickets through"
    )
    answers: list[dict] = []
    cases = selected_cases()

    # The display benchmark runs first, on a queue a centre really sees (hundreds, not
    # thousands): benchmark 1 leaves 4,000 tickets waiting, which would change what it measures.
    display = None
    if "display" in cases:
        say()
        say(
            f"[2] Call-to-display latency: {SCREENS} screens on /display (websocket), "
            f"{CYCLES} cycles"
        )
        queue = run_issue(url, SERVICE, DISPLAY_QUEUE, 4)
        answers.extend(queue.answers)
        say(f"  made {queue.created} waiting '{SERVICE}' tickets first ({dict(queue.outcomes)})")
        display = run_display_latency(url, SCREENS, CYCLES, worker)
        print_display(display)

    issue_runs = []
    if "issue" in cases:
        say()
        say(f"[1] Ticket issuing: POST /api/v1/tickets '{SERVICE}', {ISSUE_COUNT} per concurrency")
        for concurrency in CONCURRENCIES:
            run = run_issue(url, SERVICE, ISSUE_COUNT, concurrency, worker)
            answers.extend(run.answers)
            issue_runs.append(run)
            print_issue(run)
        explain_errors(issue_runs)

    # Last, so the queue it voids and refills changes nothing the others measure.
    call_runs = []
    if "call_next" in cases:
        say()
        say(
            f"[3] Call-next with N waiting: staff1 at counter 1, call-next + finish, the queue "
            f"held at N = {', '.join(map(str, CALL_NEXT_WAITING))} (reception1 voids what waits)"
        )
        call_runs = run_call_next_cases(url, SERVICE, CALL_NEXT_WAITING, worker)
        for run in call_runs:
            answers.extend(run.answers)
            say(describe(run))

    say("  numbers issued in this run (every 200/201 answer), per service letter:")
    for line in check_numbers(answers):
        say(line)

    summary(issue_runs, display, call_runs)
    say(server_log_problems(args.server_log))
    say(
        f"load average at end: {load_average()} (other work on this machine competes for "
        "the same cores: see 'other processes' CPU per phase above)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
