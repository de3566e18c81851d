"""The municipality file: Copenhagen's eight centres load, a bad file says what is wrong."""

from __future__ import annotations

import pytest

from booking.config import from_dict as central_from_dict
from booking.core import opening_hours
from centre.core.hours import OpeningHours
from kernel import municipality
from kernel.config import ConfigError
from kernel.municipality import FACTS, MunicipalityError
from tests.conftest import CPH

GOOD = """
[municipality]
name = "Prøvekommune"

[[centres]]
id = "a"
name = "Borgerservice A"
street = "Prøvevej 1"
address = "2100 København Ø"
opening_hours = { monday = "09:00-16:00", thursday = ["09:00-12:00", "13:00-18:00"] }
po_colocated = true
unverified = []
sources = ["https://example.dk/a"]
"""


def write(tmp_path, text: str):
    path = tmp_path / "municipality.toml"
    path.write_text(text)
    return path


def test_copenhagen_has_eight_centres_each_complete_and_readable_by_both_apps():
    found = municipality.load()
    assert found.name == "Københavns Kommune"
    assert len(found.centres) == 8
    assert len({c.id for c in found.centres}) == 8
    for centre in found.centres:
        assert centre.name.startswith("Borgerservice ")
        # The configs' own hour readers take the file's hours as they are.
        assert opening_hours.parse(centre.opening_hours)
        assert OpeningHours.parse(dict(centre.opening_hours), CPH)
        # Whatever no source confirmed is named; what a source confirmed has the source.
        assert set(centre.unverified) <= set(FACTS)
        assert centre.sources or set(centre.unverified) == set(FACTS)
    assert [c.id for c in found.centres][:3] == ["norrebro", "osterbro", "valby"]
    assert found.centre("indre_by").street == "Nyropsgade 1"
    assert [c.id for c in found.centres if c.po_colocated] == ["valby"]


def test_a_good_file_gives_its_centre(tmp_path):
    found = municipality.load(write(tmp_path, GOOD))
    (centre,) = found.centres
    assert (centre.id, centre.street, centre.po_colocated) == ("a", "Prøvevej 1", True)
    assert centre.opening_hours["thursday"] == ["09:00-12:00", "13:00-18:00"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('street = "Prøvevej 1"\n', ""), r"\[\[centres\]\] a: street is required"),
        (("po_colocated = true", 'po_colocated = "yes"'), "a: po_colocated must be true or false"),
        (('"09:00-16:00"', '"16:00-09:00"'), "a: opening_hours.monday '16:00-09:00'"),
        (("monday =", "mondag ="), "a: opening_hours has no weekday 'mondag'"),
        (('"2100 København Ø"', '"København Ø"'), "a: address must be postcode and town"),
        (("unverified = []", 'unverified = ["phone"]'), "a: unverified may name only"),
        (('id = "a"', 'id = "a b"'), "entry 1: id must be letters"),
        (("sources", "source"), "a: unknown key 'source'"),
        (('name = "Prøvekommune"', ""), r"\[municipality\] name is required"),
        (("po_colocated = true", "po_colocated = true\nfoo = "), "municipality.toml: "),
    ],
)
def test_a_bad_file_names_the_centre_and_the_key(tmp_path, change, message):
    path = write(tmp_path, GOOD.replace(*change))
    with pytest.raises(MunicipalityError, match=message):
        municipality.load(path)


def test_a_centre_listed_twice_is_refused(tmp_path):
    text = GOOD + GOOD.split("[municipality]")[1].replace('name = "Prøvekommune"', "")
    with pytest.raises(MunicipalityError, match="id 'a' is listed twice"):
        municipality.load(write(tmp_path, text))


def test_central_takes_its_centres_from_the_municipality_file(tmp_path):
    path = write(tmp_path, GOOD)
    raw = {
        "central": {"municipality": path.name},
        "centres": [
            {"id": "a", "plan": {"service_level": 0.9}},
            {"id": "b", "name": "Borgerservice B"},
        ],
    }
    config = central_from_dict(raw, tmp_path, tmp_path / "var")
    first, second = config.centres
    assert (first.id, first.street, first.address, first.po_colocated) == (
        "a",
        "Prøvevej 1",
        "2100 København Ø",
        True,
    )
    assert first.opening_hours[0] == (0, "09:00", "16:00")
    assert config.centre_plans["a"].level == 0.9
    assert (second.id, second.po_colocated) == ("b", False)


def test_central_names_a_bad_municipality_file_in_its_config_error(tmp_path):
    path = write(tmp_path, GOOD.replace('"09:00-16:00"', '"9-16"'))
    with pytest.raises(ConfigError, match=r"\[central\] municipality: .*a: opening_hours"):
        central_from_dict({"central": {"municipality": path.name}}, tmp_path)
    with pytest.raises(ConfigError, match="not found"):
        central_from_dict({"central": {"municipality": "nowhere.toml"}}, tmp_path)


def test_central_names_the_shipped_file_by_its_name_from_anywhere(tmp_path):
    config = central_from_dict({"central": {"municipality": "copenhagen"}}, tmp_path)
    assert [c.id for c in config.centres] == [c.id for c in municipality.load().centres]
