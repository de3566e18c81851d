"""Central's manager settings page lists every service's tasks with administration and level."""

from __future__ import annotations

import re

from kernel.catalogue import Catalogue


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def test_the_settings_page_lists_each_services_tasks(staff_login):
    manager = staff_login("manager1")
    page = manager.get("/staff/manage/settings?lang=en")
    assert page.status_code == 200
    text = text_of(page)
    assert "Tasks per service" in text
    for service in Catalogue.load().services:
        assert f"{service.label('en')} – Tasks ({len(service.tasks)})" in text
    assert "Copenhagen Taxes and Registers 2 Rule-based decision" in text
    assert "3 Information and hand-over" in text
    danish = text_of(manager.get("/staff/manage/settings?lang=da"))
    assert "Opgaver pr. ydelse" in danish
    assert "Flytning og folkeregister – Opgaver (10)" in danish
    assert "Københavns Skatter og Registre 2 Regelstyret afgørelse" in danish
