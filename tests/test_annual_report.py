"""`enindgang central report`: the year's visits as a printable report, one section per
administration, with small cells hidden (HTML and PDF, Danish and English)."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from booking import annual_output
from booking.cli import central as central_cli
from booking.domain.contact import CONTACT_CENTRE
from kernel import visit_store
from kernel.catalogue import Catalogue
from kernel.db import write_transaction
from kernel.tasks import ADMINISTRATIONS
from kernel.visit_facts import call_fact
from tests.booking.conftest import make_app

YEAR = 2026
# Main tasks of two catalogue services (their administrations: KSR and FAF).
MOVING = ("moving", "ksr-folkeregister-flytteanmeldelser", "KSR")
HOUSING = ("housing", "faf-boligsikring", "FAF")
WAYFINDING = ("other", "ki-vejvisning", "KI")


def fact(n, service, day, wait_minutes, *, outcome="resolved", channel="kiosk", status="served"):
    service_id, task, administration = service
    return {
        "id": f"v{n}",
        "at": f"{day}T09:00:00+00:00",
        "day": day,
        "hour": 10,
        "weekday": 0,
        "service": service_id,
        "channel": channel,
        "status": status,
        "outcome": outcome if status == "served" else None,
        "handed_to": "SUF" if outcome == "handed_over" and status == "served" else None,
        "task": task,
        "administration": administration,
        "level": 1,
        "tasks": [task],
        "wait_seconds": wait_minutes * 60,
        "service_seconds": 300 if status == "served" else None,
        "wait_shown_low": None,
        "wait_shown_high": None,
    }


def year_of_facts():
    """Nørrebro: 10 moving visits (KSR; waits 1..10 min, two handed over) in March and 6
    housing visits (FAF) in June; Østerbro: 3 housing visits (a small cell) in June, 2
    wayfinding visits (KI: a whole administration under 5) in September and one moving visit
    in December of the year before (outside the year)."""
    norrebro = [
        fact(
            n,
            MOVING,
            "2026-03-02",
            n,
            outcome="handed_over" if n in (1, 2) else "resolved",
            channel="appointment" if n > 5 else "kiosk",
        )
        for n in range(1, 11)
    ]
    norrebro += [fact(20 + n, HOUSING, "2026-06-10", 20) for n in range(6)]
    osterbro = [fact(30 + n, HOUSING, "2026-06-11", 40) for n in range(3)]
    osterbro += [fact(50 + n, WAYFINDING, "2026-09-01", 7) for n in range(2)]
    osterbro.append(fact(40, MOVING, "2025-12-30", 99))
    return {"norrebro": norrebro, "osterbro": osterbro}


@pytest.fixture
def app(tmp_path, clock):
    app = make_app(tmp_path, clock)
    db = app.extensions["enindgang"]["pool"].get()
    with write_transaction(db):
        for centre, facts in year_of_facts().items():
            visit_store.add_many(db, centre, facts)
    return app


class Sections(HTMLParser):
    """The text of each <section data-administration=CODE>, by code, in document order
    (the tables' text: the charts' own labels are left out)."""

    def __init__(self) -> None:
        super().__init__()
        self.order: list[str] = []
        self.text: dict[str, str] = {}
        self.current: str | None = None
        self.in_svg = False

    def handle_starttag(self, tag, attrs):
        self.in_svg = self.in_svg or tag == "svg"
        code = dict(attrs).get("data-administration")
        if tag == "section" and code:
            self.current = code
            self.order.append(code)
            self.text[code] = ""

    def handle_endtag(self, tag):
        self.in_svg = self.in_svg and tag != "svg"
        if tag == "section":
            self.current = None

    def handle_data(self, data):
        if self.current and not self.in_svg:
            self.text[self.current] += data + " "


def sections_of(html: str) -> Sections:
    parser = Sections()
    parser.feed(html)
    return parser


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def row(text: str, label: str) -> str:
    """The figures after a row label up to the next line of the table, squeezed."""
    found = re.search(re.escape(label) + r"\s*((?:[\d.,%–\s]|\.\.)+)", text)
    assert found, f"no row {label!r}"
    return squeeze(found.group(1)).strip()


def test_each_administration_has_its_own_section_with_its_figures(app):
    html = annual_output.render_html(app, YEAR, "da")
    sections = sections_of(html)
    assert sections.order == list(ADMINISTRATIONS)
    ksr = squeeze(sections.text["KSR"])
    assert "Københavns Skatter og Registre" in ksr
    # Ten visits (the one of 2025 is not counted), waits 1..10 min: mean 5.5, median 5.5,
    # 90th percentile 9; two of ten handed over: a share that stands for two people is hidden.
    assert row(ksr, "Borgerservice Nørrebro") == "10 5,5 5,5 9 100 % –"
    assert "Flytteanmeldelser" in ksr or "flytteanmeldelser" in ksr.lower()
    assert row(ksr, "Bestilt tid") == "5 8 8 10 100 %"
    assert row(ksr, "Kiosk (uden tid)") == "5 3 3 5 100 %"
    # Two hand-overs are a small cell: hidden, and the eight resolved ones with them (the ten
    # in all would give the two away).
    assert row(ksr, "Overdraget til forvaltning") == ".."
    assert row(ksr, "Løst") == ".."
    assert row(ksr, "marts 2026") == "10 5,5 100 %"
    assert row(ksr, "januar 2026") == "0 – –"
    faf = squeeze(sections.text["FAF"])
    # Nine FAF visits in all; Østerbro's three are a small cell, and Nørrebro's six are hidden
    # with it: the total minus Nørrebro would give Østerbro's away.
    assert row(faf, "Østerbro") == ".. .. .. .. .. .."
    assert row(faf, "Borgerservice Nørrebro") == ".. .. .. .. .. .."
    assert row(faf, "juni 2026") == "9 26,7 0 %"
    assert "Ingen besøg i 2026" in sections.text["BTF"]
    ki = squeeze(sections.text["KI"])
    assert "Færre end 5 besøg i året: tallene vises ikke." in ki
    assert not re.search(r"\d", ki.replace("2026", "").replace("5 besøg", ""))
    front = squeeze(html.split('class="administration"')[0])
    assert "Borgerservice Nørrebro, Østerbro" in front
    assert "færre end 5 besøg" in front


def test_the_report_speaks_english_when_asked(app):
    html = annual_output.render_html(app, YEAR, "en")
    sections = sections_of(html)
    assert "Copenhagen Taxes and Registers" in sections.text["KSR"]
    assert row(squeeze(sections.text["KSR"]), "Borgerservice Nørrebro") == ("10 5.5 5.5 9 100% –")
    assert "No visits in 2026" in sections.text["BTF"]
    assert '<html lang="en">' in html


def test_the_pdf_has_a_page_per_administration_after_the_front_page(app):
    pdf = annual_output.pdf_bytes(annual_output.render_html(app, YEAR, "da"))
    assert pdf.startswith(b"%PDF")
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    first_pages = {}
    for code, names in ADMINISTRATIONS.items():
        starts = [n for n, text in enumerate(pages) if text.lstrip().startswith(names["da"])]
        assert starts, f"no page starts with {names['da']}"
        first_pages[code] = starts[0]
    # In ADMINISTRATIONS order, each on its own page, after the front page.
    order = [first_pages[code] for code in ADMINISTRATIONS]
    assert order == sorted(order) and len(set(order)) == len(order) and order[0] >= 1
    assert "Årsrapport 2026" in pages[0]
    assert "Ingen besøg i 2026" in pages[first_pages["BTF"]]
    faf = " ".join(pages[first_pages["FAF"] : first_pages["KFF"]])
    assert "Østerbro" in faf and ".." in faf


def _database_of(app) -> str:
    """The app's PostgreSQL database in config words (the command must read the same data)."""
    url = app.config["BOOKING"].database_url
    return f'\n[database]\nurl = "{url}"\n' if url else ""


def test_the_command_writes_html_and_pdf(app, tmp_path):
    config = tmp_path / "central.toml"
    config.write_text(
        '[central]\nname = "Test"\ndata_dir = "central"\n\n'
        '[[centres]]\nid = "norrebro"\nname = "Borgerservice Nørrebro"\n\n'
        '[[centres]]\nid = "osterbro"\nname = "Østerbro"\n' + _database_of(app),
        encoding="utf-8",
    )
    runner = CliRunner()
    for name in ("report.html", "report.pdf"):
        out = tmp_path / name
        args = ["report", "--config", str(config), "--year", "2026", "--out", str(out)]
        result = runner.invoke(central_cli, [*args, "--language", "en"])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 0
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert row(squeeze(sections_of(html).text["KSR"]), "Borgerservice Nørrebro").startswith("10 ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "1999", "--out", "{tmp}/r.pdf"], "--year"),
        (["--year", "twenty", "--out", "{tmp}/r.pdf"], "--year"),
        (["--year", "2026", "--out", "{tmp}/r.docx"], ".pdf or .html"),
        (["--year", "2026", "--out", "{tmp}/missing/r.pdf"], "no folder"),
        (["--year", "2026", "--out", "{tmp}/full.html"], "cannot write"),
    ],
)
def test_a_bad_year_or_path_is_a_clear_error_not_a_traceback(tmp_path, args, message):
    config = tmp_path / "central.toml"
    config.write_text('[central]\nname = "Test"\ndata_dir = "central"\n', encoding="utf-8")
    # A file that takes no bytes (even root cannot write there): the disk is full.
    (tmp_path / "full.html").symlink_to("/dev/full")
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    result = CliRunner().invoke(central_cli, ["report", "--config", str(config), *args])
    assert result.exit_code in (1, 2), result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    assert not Path(tmp_path / "r.pdf").exists()


def test_the_contact_centres_calls_count_as_the_phone_channel_under_its_name(app):
    db = app.extensions["enindgang"]["pool"].get()
    when = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    calls = [
        call_fact(
            f"call:{n}",
            when,
            "moving",
            "answered",
            None,
            ZoneInfo("Europe/Copenhagen"),
            Catalogue.load(),
        )
        for n in range(6)
    ]
    with write_transaction(db):
        visit_store.add_many(db, CONTACT_CENTRE, calls)
    ksr = squeeze(sections_of(annual_output.render_html(app, YEAR, "da")).text["KSR"])
    assert row(ksr, "Kontaktcenter").startswith("6 ")
    assert row(ksr, "Telefon").startswith("6 ")
    # Its outcome has its label (the figures may be hidden with the small hand-over cell).
    assert "Opkald: besvaret" in ksr
