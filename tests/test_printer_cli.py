"""`enindgang printer test|status`: print a test ticket and tell the printer's state."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from PIL import Image

from enindgang.cli import main
from tests.escpos_reader import decode_qr, read
from tests.fake_printer import FakePrinter


@pytest.fixture
def fake():
    printer = FakePrinter().start()
    yield printer
    printer.stop()


def write_config(tmp_path, printer: str, width_mm: int = 80) -> str:
    path = tmp_path / "centre.toml"
    path.write_text(
        f"""
[centre]
id = "norrebro"
name = "Borgerservice Nørrebro"
public_url = "https://nørrebro.example.dk"
data_dir = "var"

[opening_hours]
monday = "10:00-17:00"

[printer]
width_mm = {width_mm}
timeout_seconds = 0.5
{printer}
""",
        encoding="utf-8",
    )
    return str(path)


def network_config(tmp_path, fake: FakePrinter, width_mm: int = 80) -> str:
    printer = f'transport = "network"\nhost = "127.0.0.1"\nport = {fake.port}'
    return write_config(tmp_path, printer, width_mm)


def run(*args: str):
    return CliRunner().invoke(main, ["printer", *args])


def test_printer_test_prints_a_ticket_with_danish_letters_and_a_qr_code(tmp_path, fake):
    result = run("test", "--config", network_config(tmp_path, fake))
    assert result.exit_code == 0, result.output
    assert "Printed a test ticket" in result.output
    assert "network printer 127.0.0.1" in result.output
    assert "paper ok" in result.output
    assert fake.wait_for_jobs(1)
    printout = read(fake.jobs[0])
    assert "Borgerservice Nørrebro" in printout.texts()
    assert any("æ ø å Æ Ø Å" in text for text in printout.texts())
    assert printout.qr_codes[0]["data"] == "https://nørrebro.example.dk/t/printer-test"


def test_printer_test_can_print_the_qr_code_as_a_picture(tmp_path, fake):
    result = run("test", "--config", network_config(tmp_path, fake, 58), "--image-qr")
    assert result.exit_code == 0, result.output
    assert fake.wait_for_jobs(1)
    printout = read(fake.jobs[0])
    assert printout.qr_codes == []
    assert decode_qr(printout.images[0]) == "https://nørrebro.example.dk/t/printer-test"


@pytest.mark.parametrize(
    "trouble, code", [("refuse", "offline"), ("stall", "timeout"), ("reset", "reset")]
)
def test_printer_test_says_what_went_wrong_and_fails(tmp_path, fake, trouble, code):
    fake.reset_after = 10
    fake.set_mode(trouble)
    result = run("test", "--config", network_config(tmp_path, fake))
    assert result.exit_code == 1
    assert f"Could not print on the network printer 127.0.0.1:{fake.port}: {code}" in result.output


def test_printer_test_without_paper_fails_with_paper_out(tmp_path, fake):
    fake.paper = "out"
    result = run("test", "--config", network_config(tmp_path, fake))
    assert result.exit_code == 1
    assert "paper_out" in result.output


def test_printer_test_on_the_virtual_printer_writes_the_files(tmp_path):
    result = run("test", "--config", write_config(tmp_path, 'transport = "virtual"'))
    assert result.exit_code == 0, result.output
    folder = tmp_path / "var" / "printouts" / "norrebro"
    assert (folder / "printer-test.bin").exists()
    picture = Image.open(folder / "printer-test.png")
    assert decode_qr(picture) == "https://nørrebro.example.dk/t/printer-test"
    assert str(folder / "printer-test.bin") in result.output


@pytest.mark.parametrize(
    "paper, exit_code, words",
    [("ok", 0, "paper ok"), ("low", 0, "paper low"), ("out", 2, "paper out")],
)
def test_printer_status_says_online_and_the_paper(tmp_path, fake, paper, exit_code, words):
    fake.paper = paper
    result = run("status", "--config", network_config(tmp_path, fake))
    assert result.exit_code == exit_code
    assert result.output.strip() == f"network printer 127.0.0.1:{fake.port}: online, {words}"


@pytest.mark.parametrize("trouble, code", [("refuse", "offline"), ("stall", "timeout")])
def test_printer_status_says_offline_and_fails(tmp_path, fake, trouble, code):
    fake.set_mode(trouble)
    result = run("status", "--config", network_config(tmp_path, fake))
    assert result.exit_code == 1
    assert f"offline ({code}), paper unknown" in result.output


def test_printer_status_as_json(tmp_path, fake):
    fake.paper = "low"
    result = run("status", "--config", network_config(tmp_path, fake), "--json")
    assert json.loads(result.output) == {"online": True, "paper": "low", "error": None}


def test_printer_commands_explain_themselves():
    group = run("--help")
    assert group.exit_code == 0
    assert "test" in group.output and "status" in group.output
    test_help = run("test", "--help").output
    assert "æøå" in test_help and "--config" in test_help and "offline" in test_help
    status_help = run("status", "--help").output
    assert "unknown" in status_help and "paper" in status_help and "--config" in status_help


def test_broken_printer_config_is_a_clear_error(tmp_path):
    result = run("status", "--config", write_config(tmp_path, 'transport = "network"'))
    assert result.exit_code != 0
    assert "needs host" in result.output
