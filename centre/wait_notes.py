"""The sentence shown or printed instead of a wait when no counter that serves it is staffed."""

from __future__ import annotations

from flask_babel import gettext

from kernel.clock import parse_iso
from kernel.i18n import local_time


def no_wait_sentence(note: dict | None) -> str:
    """For a `wait_note` (stats.note_json): when the counter opens, or that nobody can say;
    "" without a note."""
    if note is None:
        return ""
    opens = parse_iso(note.get("time")) if note.get("code") == "opens_at" else None
    if opens is not None:
        return gettext("The counter opens at %(time)s.", time=local_time(opens))
    return gettext("We cannot say how long the wait will be.")


def script_sentences(placeholder: str) -> dict[str, str]:
    """The same sentences for a page's script, with `placeholder` where it puts the time."""
    return {
        "wait_opens": gettext("The counter opens at %(time)s.", time=placeholder),
        "wait_unknown": gettext("We cannot say how long the wait will be."),
    }
