"""The default catalogue is built from the municipality's task list and fits the kiosk."""

import csv
import json
import sys
from pathlib import Path

import pytest

from kernel.catalogue import Catalogue, UnknownService
from kernel.numbering import TICKET_LETTERS

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import build_catalogue  # noqa: E402


@pytest.fixture(scope="module")
def catalogue():
    return Catalogue.load()


def test_committed_catalogue_is_what_the_build_script_makes():
    committed = (ROOT / "kernel" / "data" / "catalogue.json").read_text(encoding="utf-8")
    assert committed == build_catalogue.render(build_catalogue.build())


def test_every_one_of_the_138_tasks_has_a_service_with_its_administration_and_level(catalogue):
    with open(ROOT / "kernel" / "data" / "borgerservice-tasks.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    covered = {t.id: t for s in catalogue.services for t in s.task_list()}
    assert len(rows) == 138 and len(covered) == 138
    by_name = {(t.administration, t.name): t for t in covered.values()}
    for r in rows:
        task = by_name[(r["department"].split("/")[0], r["task"].strip())]
        expected = 3 if r["stays_in_department"] else 2 if r["rule_based"] else 1
        assert task.level == expected, r["task"]
    # The two "Beboerindskudslån" (FAF and SUF) stay two tasks.
    assert {"faf-beboerindskudslaan", "suf-beboerindskudslaan"} <= set(covered)
    levels = {t.level for t in covered.values()}
    assert levels == {1, 2, 3}


def test_each_service_names_the_task_citizens_mostly_come_for_first(catalogue):
    assert catalogue.service("passport").main_task.name == "Pas og kørekort"
    assert catalogue.service("passport").main_task.administration == "Stat"
    assert catalogue.service("moving").main_task.name == "Folkeregister (flytteanmeldelser)"
    assert catalogue.service("moving").main_task.administration == "KSR"
    assert catalogue.service("other").main_task.administration == "KI"


def test_a_catalogue_naming_an_unknown_task_is_refused():
    data = json.loads((ROOT / "kernel" / "data" / "catalogue.json").read_text(encoding="utf-8"))
    data["categories"][0]["services"][0]["tasks"] = ["no-such-task"]
    with pytest.raises(ValueError, match="no-such-task"):
        Catalogue.from_dict(data)


def test_kiosk_first_screen_has_at_most_eight_categories(catalogue):
    assert 6 <= len(catalogue.categories) <= 8
    names = [c.label("da") for c in catalogue.categories]
    assert "Pas og kørekort" in names and "Skat" in names and "Sundhedskort" in names


def test_every_service_has_a_clear_unique_letter_and_both_languages(catalogue):
    letters = [s.prefix for s in catalogue.services]
    assert len(letters) == len(set(letters))
    assert set(letters) <= TICKET_LETTERS
    for service in catalogue.services:
        assert service.name["da"] and service.name["en"]
        assert service.service_minutes > 0


def test_passport_and_driving_licence_need_an_appointment(catalogue):
    assert catalogue.service("passport").requires_appointment
    assert catalogue.service("driving_licence").requires_appointment
    assert not catalogue.service("moving").requires_appointment


def test_only_tax_secondees_decide_tax_cases(catalogue):
    assert catalogue.service("tax_decision").roles == {"tax"}
    assert "tax_decision" not in catalogue.services_for_role("staff")
    assert "tax_decision" in catalogue.services_for_role("tax")
    assert "moving" in catalogue.services_for_role("manager")


def test_unknown_service_is_a_machine_error(catalogue):
    with pytest.raises(UnknownService) as err:
        catalogue.service("nope")
    assert err.value.code == "unknown_service"


def test_a_catalogue_with_a_confusable_letter_is_rejected():
    data = {
        "categories": [
            {
                "id": "c",
                "name": {"da": "C"},
                "services": [
                    {
                        "id": "s",
                        "prefix": "O",
                        "name": {"da": "S"},
                        "service_minutes": 5,
                        "roles": ["staff"],
                    }
                ],
            }
        ]
    }
    with pytest.raises(ValueError, match="confused"):
        Catalogue.from_dict(data)
