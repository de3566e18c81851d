"""The command line: help on every command, config errors in words, accounts by CLI."""

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from centre.config import load
from centre.domain.accounts import authenticate
from enindgang.cli import main
from kernel.config import ConfigError
from kernel.db import connect

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def config_file(tmp_path):
    target = tmp_path / "centre.toml"
    shutil.copy(ROOT / "centre.example.toml", target)
    return target


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["demo"],
        ["centre"],
        ["centre", "run"],
        ["centre", "init-db"],
        ["centre", "add-staff"],
        ["centre", "backup"],
        ["central", "backup"],
        ["centre", "add-kiosk"],
        ["centre", "kiosks"],
    ],
)
def test_every_command_explains_itself(args):
    result = CliRunner().invoke(main, [*args, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output
    assert len(result.output.splitlines()) > 3


def test_the_example_config_is_valid_and_means_what_it_says(config_file):
    config = load(config_file)
    assert config.id == "norrebro"
    assert config.counters["6"] == {"tax_questions", "tax_decision"}
    assert config.counters["1"] is None
    assert config.data_dir == (config_file.parent / "var").resolve()
    assert config.printer.width_mm == 80


def test_init_db_then_add_staff_creates_a_working_login(config_file):
    runner = CliRunner()
    assert runner.invoke(main, ["centre", "init-db", "--config", str(config_file)]).exit_code == 0
    result = runner.invoke(
        main,
        [
            "centre",
            "add-staff",
            "--config",
            str(config_file),
            "--username",
            "anna",
            "--name",
            "Anna Holm",
            "--role",
            "tax",
            "--password",
            "long-enough",
        ],
    )
    assert result.exit_code == 0, result.output
    db = connect(load(config_file).database_path)
    person = authenticate(db, "anna", "long-enough")
    assert person["role"] == "tax"
    assert "long-enough" not in person["password_hash"]
    assert authenticate(db, "anna", "wrong") is None
    again = runner.invoke(
        main,
        [
            "centre",
            "add-staff",
            "--config",
            str(config_file),
            "--username",
            "anna",
            "--name",
            "Anna",
            "--role",
            "tax",
            "--password",
            "long-enough",
        ],
    )
    assert again.exit_code != 0
    assert "staff_exists" in again.output


def test_bad_config_is_explained_not_a_traceback(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[centre]\nid = "x"\nname = "X"\n[opening_hours]\nmonday = "17:00-09:00"\n')
    result = CliRunner().invoke(main, ["centre", "init-db", "--config", str(bad)])
    assert result.exit_code != 0
    assert "end before they start" in result.output
    assert "Traceback" not in result.output
    broken = tmp_path / "broken.toml"
    broken.write_text("[centre\n")
    with pytest.raises(ConfigError):
        load(broken)


def test_add_kiosk_prints_a_link_that_pairs_a_kiosk_and_kiosks_lists_it(config_file):
    from centre.app import create_app
    from kernel.runtime_clock import process_clock

    runner = CliRunner()
    config = ["--config", str(config_file)]
    added = runner.invoke(main, ["centre", "add-kiosk", *config, "--name", "Entrance left"])
    assert added.exit_code == 0, added.output
    link = re.search(r"(\S+)/kiosk/pair/(\S+)", added.output)
    # The example config has no public_url: the placeholder is named so nobody guesses.
    assert link.group(1) == "http://CENTRE-ADDRESS:5000"
    assert "no public_url" in added.output and "15 min" in added.output
    listed = runner.invoke(main, ["centre", "kiosks", *config])
    assert "Entrance left" in listed.output and "not paired" in listed.output
    # The clock the CLI itself went by (these tests run as if it were Tuesday 10:00).
    app = create_app(load(config_file), clock=process_clock(), testing=True)
    browser = app.test_client()
    assert browser.get(f"/kiosk/pair/{link.group(2)}").status_code == 302
    assert browser.post("/api/v1/tickets", json={"service": "moving"}).status_code == 201
    listed = runner.invoke(main, ["centre", "kiosks", *config])
    assert "Entrance left" in listed.output and "not paired" not in listed.output
    assert "last seen: never" not in listed.output


def test_add_kiosk_uses_the_public_url_when_there_is_one(config_file):
    text = config_file.read_text().replace(
        '# public_url = "https://kø.kk.dk/norrebro"', 'public_url = "https://queue.example.dk/nb"'
    )
    config_file.write_text(text)
    added = CliRunner().invoke(
        main, ["centre", "add-kiosk", "--config", str(config_file), "--name", "K"]
    )
    assert "https://queue.example.dk/nb/kiosk/pair/" in added.output
    assert "no public_url" not in added.output


def run_centre(config_file, monkeypatch):
    """`centre run` up to the moment it would start serving."""
    served = []
    monkeypatch.setattr("centre.cli.serve", lambda *args: served.append(args))
    answer = CliRunner().invoke(main, ["centre", "run", "--config", str(config_file)])
    assert answer.exit_code == 0, answer.output
    assert served
    return answer


def test_centre_run_warns_when_kiosks_pair_themselves(config_file, monkeypatch):
    text = config_file.read_text(encoding="utf-8")
    config_file.write_text(
        text.replace("# auto_pair = false", "auto_pair = true"), encoding="utf-8"
    )
    answer = run_centre(config_file, monkeypatch)
    assert "WARNING: [kiosk] auto_pair is on" in answer.output
    assert "/kiosk" in answer.output


def test_centre_run_without_auto_pair_gives_no_such_warning(config_file, monkeypatch):
    assert "auto_pair" not in run_centre(config_file, monkeypatch).output


def test_demo_refuses_a_number_of_centres_outside_one_to_eight():
    for wrong in ("0", "9"):
        answer = CliRunner().invoke(main, ["demo", "--centres", wrong])
        assert answer.exit_code == 2
        assert f"Invalid value for '--centres': {wrong} is not in the range 1<=x<=8" in (
            answer.output
        )
