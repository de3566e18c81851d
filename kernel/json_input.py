"""Request bodies: strict JSON (what it cannot carry safely is malformed), and the JSON object."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

from flask import request
from flask.json.provider import DefaultJSONProvider

# SQLite stores 64-bit integers; no field of either app needs more.
INT_MIN, INT_MAX = -(2**63), 2**63 - 1


def _int(text: str) -> int:
    value = int(text)
    if not INT_MIN <= value <= INT_MAX:
        raise ValueError("integer out of range")
    return value


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("number out of range")
    return value


def _constant(name: str) -> Any:
    # NaN and Infinity are not JSON, though Python's parser takes them.
    raise ValueError(f"{name} is not JSON")


def _check_text(value: Any) -> None:
    """Lone surrogates (\\ud800 escapes) are no text: nothing can store or print them."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raise ValueError("lone surrogate in a string") from None
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def loads_strict(data: str | bytes, **kwargs: Any) -> Any:
    """json.loads, with every way to break it (nesting past the stack, numbers past 64 bits,
    NaN, lone surrogates) raised as ValueError: a malformed body to Flask and to json_body."""
    try:
        value = json.loads(
            data, parse_int=_int, parse_float=_float, parse_constant=_constant, **kwargs
        )
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
    _check_text(value)
    return value


class StrictJSONProvider(DefaultJSONProvider):
    """Flask's JSON, reading request bodies strictly (see loads_strict)."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        return loads_strict(s, **kwargs)


def json_object(refuse: Callable[[], Exception], max_bytes: int | None = None) -> dict[str, Any]:
    """The request's JSON object ({} for an empty body); `refuse()` is raised for anything else.

    `max_bytes` refuses a declared body past it the same way (below the app's
    MAX_CONTENT_LENGTH, which answers 413 too_large before this)."""
    if max_bytes is not None and (request.content_length or 0) > max_bytes:
        raise refuse()
    data = request.get_json(silent=True)
    if data is None and not request.get_data():
        return {}
    if not isinstance(data, dict):
        raise refuse()
    return data
