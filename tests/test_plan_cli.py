"""`enindgang plan staffing`: the JSON a script reads, the table a planner reads, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from enindgang.cli import main

EXAMPLE = [
    "--arrivals-per-hour",
    "200",
    "--service-minutes",
    "3",
    "--target-seconds",
    "20",
    "--level",
    "0.8",
]


def run(*args: str):
    return CliRunner().invoke(main, ["plan", "staffing", *args])


def test_json_gives_the_counters_needed_with_shrinkage_and_the_neighbours():
    result = run(*EXAMPLE, "--shrinkage", "0.3", "--json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert set(answer) == {
        "agents_needed",
        "agents_with_shrinkage",
        "model",
        "never_meets_target",
        "rows",
    }
    assert (answer["agents_needed"], answer["agents_with_shrinkage"]) == (14, 20)
    assert answer["model"] == "erlang_c"
    assert answer["never_meets_target"] is False
    assert [row["agents"] for row in answer["rows"]] == [13, 14, 15, 16]
    for row in answer["rows"]:
        assert set(row) == {
            "agents",
            "probability_wait",
            "service_level",
            "asa_seconds",
            "occupancy",
        }
    assert answer["rows"][1]["service_level"] == pytest.approx(0.88835, abs=1e-6)


def test_json_for_given_counters_at_the_load_says_the_target_is_never_met():
    result = run(*EXAMPLE, "--agents", "10", "--json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert answer["never_meets_target"] is True
    assert answer["rows"] == [
        {
            "agents": 10,
            "probability_wait": 1.0,
            "service_level": 0.0,
            "asa_seconds": None,
            "occupancy": 1.0,
        }
    ]


def test_patience_switches_to_erlang_a_with_the_share_who_leave():
    answer = json.loads(run(*EXAMPLE, "--patience-minutes", "2", "--json").output)
    assert answer["model"] == "erlang_a"
    assert answer["agents_needed"] < 14
    assert all("probability_abandon" in row for row in answer["rows"])


def test_the_table_names_the_model_and_marks_the_counters_that_meet_the_target():
    result = run(*EXAMPLE, "--shrinkage", "0.3")
    assert result.exit_code == 0, result.output
    assert "Erlang C" in result.output
    assert "Counters needed: 14; to schedule with 30% shrinkage: 20" in result.output
    lines = result.output.splitlines()
    row13 = next(line for line in lines if line.split()[:1] == ["13"])
    row14 = next(line for line in lines if line.split()[:2] == ["*", "14"])
    assert "0.2853" in row13 and "79.56%" in row13
    assert "0.1741" in row14 and "88.84%" in row14 and "7.8" in row14
    erlang_a = run(*EXAMPLE, "--patience-minutes", "2").output
    assert "Erlang A" in erlang_a and "P(leave)" in erlang_a


def test_the_table_says_when_the_given_counters_can_never_keep_up():
    result = run(*EXAMPLE, "--agents", "9")
    assert result.exit_code == 0
    assert "can never meet the target" in result.output
    assert "never" in result.output.splitlines()[-2]


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--arrivals-per-hour", "-5"),
        ("--arrivals-per-hour", "nan"),
        ("--service-minutes", "0"),
        ("--target-seconds", "-1"),
        ("--level", "0"),
        ("--level", "1"),
        ("--level", "80"),
        ("--shrinkage", "1"),
        ("--agents", "0"),
        ("--patience-minutes", "0"),
        ("--patience-minutes", "inf"),
    ],
)
def test_bad_input_is_a_usage_error_without_a_traceback(option, value):
    args = list(EXAMPLE)
    if option in args:
        args[args.index(option) + 1] = value
    else:
        args += [option, value]
    result = run(*args)
    assert result.exit_code == 2
    assert option in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_help_explains_every_option():
    result = CliRunner().invoke(main, ["plan", "staffing", "--help"])
    assert result.exit_code == 0
    for option in (*EXAMPLE[::2], "--shrinkage", "--agents", "--patience-minutes", "--json"):
        assert option in result.output
    assert "Erlang A" in result.output


def test_the_readme_shows_what_the_command_prints():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    result = run(*EXAMPLE, "--shrinkage", "0.3")
    assert result.output in readme


def test_a_load_beyond_any_plan_prints_no_empty_table():
    result = run("--arrivals-per-hour", "1e9", *EXAMPLE[2:])
    assert result.exit_code == 0
    assert "none can meet the target" in result.output
    assert "counters  P(wait)" not in result.output


def test_a_queue_too_long_to_compute_is_an_error_in_words():
    # 500 Erlangs on one counter with a patience of ~70 days: a chain of millions of states.
    args = ["--arrivals-per-hour", "10000", *EXAMPLE[2:], "--agents", "1"]
    result = run(*args, "--patience-minutes", "100000")
    assert result.exit_code == 1
    assert "patience too long for this load" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
