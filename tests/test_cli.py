"""The command line: help on every command, config errors in words, accounts by CLI."""

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from centre.cli import main
from centre.config import ConfigError, load
from centre.domain.accounts import authenticate
from centre.store.db import connect

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
