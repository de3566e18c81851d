"""Each service's task list in the centre's services answer: what the counter's outcome panel
offers, with each task's administration and depth level in the asker's language."""

from __future__ import annotations

from kernel.catalogue import Catalogue


def services(client, lang: str) -> dict[str, dict]:
    answer = client.get(f"/api/v1/services?lang={lang}")
    assert answer.status_code == 200
    return {s["id"]: s for s in answer.json["services"]}


def test_every_service_lists_its_tasks_main_task_first(client):
    found = services(client, "da")
    catalogue = Catalogue.load()
    assert set(found) == {s.id for s in catalogue.services}
    for service in catalogue.services:
        tasks = found[service.id]["tasks"]
        assert [t["id"] for t in tasks] == list(service.tasks)
        assert tasks[0]["id"] == service.main_task.id
    moving = found["moving"]["tasks"][0]
    assert moving == {
        "id": "ksr-folkeregister-flytteanmeldelser",
        "name": moving["name"],
        "administration": "KSR",
        "administration_label": "Københavns Skatter og Registre",
        "level": 2,
        "level_label": "2 Regelstyret afgørelse",
    }
    assert moving["name"]


def test_the_labels_follow_the_language_and_the_old_fields_stay(client):
    english = services(client, "en")["tax_questions"]
    first = english["tasks"][0]
    assert (first["administration"], first["administration_label"]) == ("Stat", "The state")
    assert {t["level_label"] for t in english["tasks"]} >= {"3 Information and hand-over"}
    # What the kiosk and the phone page already read is all still there.
    assert {
        "id",
        "name",
        "category",
        "prefix",
        "waiting",
        "estimated_wait_minutes",
        "wait_note",
        "requires_appointment",
        "stopped_today",
        "hint",
    } <= set(english)
