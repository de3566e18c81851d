"""`enindgang demo-history`: generated visits in a centre's or central's database, once."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from enindgang.cli import main
from kernel import municipality, visit_store
from kernel.db import connect

ROOT = Path(__file__).resolve().parent.parent
CENTRE_TOML = """
[centre]
id = "valby"
name = "Borgerservice Valby"
demo = true
data_dir = "var"

[opening_hours]
monday = "09:00-16:00"
tuesday = "09:00-16:00"
wednesday = "09:00-16:00"
thursday = "09:00-18:00"
friday = "09:00-14:00"
"""


def run(*args: str):
    return CliRunner().invoke(main, ["demo-history", *args], catch_exceptions=False)


def central_config(tmp_path: Path, demo: bool = True) -> Path:
    text = (ROOT / "booking" / "central.example.toml").read_text()
    text = text.replace('data_dir = "../var/central"', 'data_dir = "var"')
    if demo:
        text = text.replace("[central]\n", "[central]\ndemo = true\n", 1)
    path = tmp_path / "central.toml"
    path.write_text(text)
    return path


def test_a_centre_config_fills_that_centres_visits_once(tmp_path):
    config = tmp_path / "valby.toml"
    config.write_text(CENTRE_TOML)
    args = ("--config", str(config), "--days", "14", "--until", "2026-06-01", "--seed", "4")
    first = run(*args)
    assert first.exit_code == 0, first.output
    db = connect(tmp_path / "var" / "valby.sqlite3")
    stored = visit_store.count(db, "valby")
    assert stored > 1000  # two weeks of a centre: about 2,000 visits
    assert f"valby: {stored} visit facts written (2026-05-18 to 2026-05-31" in first.output
    facts = visit_store.between(db, "2026-01-01", "2026-12-31", "valby")
    assert {f["day"] for f in facts} <= {f"2026-05-{d}" for d in range(18, 32)}
    assert "2026-05-25" not in {f["day"] for f in facts}  # Whit Monday: closed
    second = run(*args)
    assert "valby: 0 visit facts written" in second.output
    assert visit_store.count(db, "valby") == stored
    db.close()


def test_a_central_config_fills_every_centre_and_the_first_free_times_once(tmp_path):
    config = central_config(tmp_path)
    args = ("--config", str(config), "--days", "7", "--until", "2026-03-09", "--seed", "4")
    first = run(*args)
    assert first.exit_code == 0, first.output
    db = connect(tmp_path / "var" / "central.sqlite3")
    counts = {c.id: visit_store.count(db, c.id) for c in municipality.load().centres}
    assert len(counts) == 8 and all(n > 500 for n in counts.values())
    figures = db.execute("SELECT COUNT(*) FROM first_free").fetchone()[0]
    # The municipality file's 8 centres x 2 booked services (passport, driving licence) x 7 days.
    assert figures == 112
    total = sum(counts.values())
    assert f"{total} visit facts and 112 first-free figures written" in first.output
    second = run(*args)
    assert "0 visit facts and 0 first-free figures written" in second.output
    assert sum(visit_store.count(db, c) for c in counts) == total
    db.close()


def test_a_centre_and_central_with_the_same_seed_hold_the_same_rows(tmp_path):
    config = tmp_path / "valby.toml"
    config.write_text(CENTRE_TOML.replace('"valby"', '"norrebro"'))
    central = central_config(tmp_path)
    days = ("--days", "5", "--until", "2026-09-05", "--seed", "9")
    assert run("--config", str(config), *days).exit_code == 0
    assert run("--config", str(central), *days).exit_code == 0
    # The municipality file's Nørrebro (the example config's) has this centre's opening hours.
    centre_db = connect(tmp_path / "var" / "norrebro.sqlite3")
    central_db = connect(tmp_path / "var" / "central.sqlite3")
    span = ("2026-08-31", "2026-09-04", "norrebro")
    at_centre = visit_store.between(centre_db, *span)
    assert at_centre and at_centre == visit_store.between(central_db, *span)


def test_a_config_that_is_not_a_demo_is_refused_unless_asked_for(tmp_path):
    config = central_config(tmp_path, demo=False)
    args = ("--config", str(config), "--days", "2", "--until", "2026-03-04", "--seed", "1")
    refused = CliRunner().invoke(main, ["demo-history", *args])
    assert refused.exit_code != 0 and "not a demo" in refused.output
    assert not (tmp_path / "var" / "central.sqlite3").exists()
    allowed = run(*args, "--allow-real")
    assert allowed.exit_code == 0 and "visit facts" in allowed.output


def test_year_and_days_cannot_both_be_given(tmp_path):
    config = central_config(tmp_path)
    both = CliRunner().invoke(
        main,
        ["demo-history", "--config", str(config), "--year", "2026", "--days", "3"]
        + ["--seed", "1"],
    )
    assert both.exit_code == 2 and "not both" in both.output
