"""The development mailbox folder: one file per message, named after its booking's code."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path

# <stamp>-<booking code>-<outbox id>-<channel>.eml
NAME = re.compile(r"^\d{8}T\d{6,12}-(?P<code>[A-Z0-9]+)-\d+-[a-z]+\.eml$")


def message_ref(at: datetime, code: str, message_id: int) -> str:
    """What a message's file is named by (with its channel): the time, booking and message."""
    return f"{at.strftime('%Y%m%dT%H%M%S%f')}-{code}-{message_id}"


def files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.eml")) if folder.exists() else []


def code_of(path: Path) -> str | None:
    found = NAME.match(path.name)
    return found["code"] if found else None


def forget(folder: Path, kept: Callable[[Iterable[str]], set[str]]) -> int:
    """Delete the files of every booking whose personal data is no longer kept.

    `kept` gets the codes named in the folder and answers those still holding personal data;
    a file that names no booking cannot be tied to one and is deleted too.
    """
    found = [(path, code_of(path)) for path in files(folder)]
    keep = kept({code for _, code in found if code})
    removed = 0
    for path, code in found:
        if code not in keep:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
