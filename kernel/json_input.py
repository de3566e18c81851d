"""Strict JSON for request bodies: what JSON cannot carry safely is malformed, never a crash."""

from __future__ import annotations

import json
import math
from typing import Any

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
