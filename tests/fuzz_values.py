"""Hypothesis strategies for hostile request parts: values, bodies, query strings, headers."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent

# Text that broke parsers before: calendar ends, impossible dates, offsets that overflow,
# non-ASCII digits, huge numbers, control characters, lone surrogates.
AWKWARD_TEXT = [
    "",
    " ",
    "0",
    "-1",
    "2026-13-01",
    "2026-11-24",
    "2026-11-24T10:00:00+01:00",
    "2026-11-24T10:00:00",
    "24:00",
    "25:61",
    "10:00-09:00",
    "１２",
    str(-(2**63) - 1),
    "NaN",
    "Infinity",
    "null",
    "\x00",
    "\ud800",
    "\udfff",
    "Æblegrød ØÅ",
    "ﷺ",
    "ı",
    "../../etc/passwd",
    "%00",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
]
# Values that broke parsers before, in four kinds drawn equally often, so each kind reaches
# every field: calendar ends, impossible dates and offsets that overflow; numbers as text
# (non-ASCII digits, past 2^63); wrong types; and what JSON cannot carry safely (lone
# surrogates, integers past 2^63, NaN and infinities).
CALENDAR_ENDS = [
    "0001-01-01",
    "9999-12-31",
    "2026-02-30",
    "0001-01-01T00:00:00+00:00",
    "0001-01-01T00:30:00+23:59",
    "9999-12-31T23:59:59-23:59",
    "9999-12-31T23:59:59+00:00",
    "9999-12-31T23:59:59",
]
NUMBER_TEXT = ["٣", "²", "𝟗", "-1", "0", "9" * 40, str(2**63), "v1." + "9" * 30, "1e309"]
WRONG_TYPES = [1e308, -1, 0, 1.5, True, None, "", [], {}, ["x"], {"id": "x"}, "x" * 300]
JSON_HOSTILE = ["\ud800", "a\udfffb", 2**63, 2**64, -(2**63) - 1, float("nan"), float("inf")]

# The survey sends these in every field a route reads, and in every path parameter.
SURVEY = ["0001-01-01", "9999-12-31", "0001-01-01T00:30:00+23:59", "²", "Æ✓", "\ud800", []]
SURVEY_PATH = ["0001-01-01", "9999-12-31", "²", "Æ✓", str(2**64)]
SURVEY_BODIES = [b"[" * 60_000, b'{"a": "\\ud800", "b": 18446744073709551616, "c": NaN}']

hostile_text = st.sampled_from(CALENDAR_ENDS) | st.sampled_from(NUMBER_TEXT)
hostile = (
    st.sampled_from(CALENDAR_ENDS)
    | st.sampled_from(NUMBER_TEXT)
    | st.sampled_from(WRONG_TYPES)
    | st.sampled_from(JSON_HOSTILE)
)
awkward_text = (
    st.sampled_from(AWKWARD_TEXT)
    | hostile_text
    | st.text(max_size=20)
    | st.text(st.characters(codec=None, categories=["Cs", "Lo", "Nd", "Cc"]), max_size=6)
)
numbers = (
    st.integers()
    | st.integers(min_value=-100, max_value=200)
    | st.sampled_from([2**63, -(2**63) - 1, 2**64, 10**30, 2**1000])
    | st.floats(allow_nan=True, allow_infinity=True)
)
json_values = st.recursive(
    st.none() | st.booleans() | numbers | awkward_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(awkward_text, inner, max_size=4),
    max_leaves=10,
)

# Names of the fields the product reads from a body, a form or a query string.
READS = re.compile(
    r"""\b(?:data|args|form|body|values|raw|params|event|item)"""
    r"""(?:\.get(?:list)?\(\s*|\[)f?["']([a-z_]{2,30})["']"""
)
TUPLE_OF_FIELDS = re.compile(r"""for \w+ in \(((?:\s*"[a-z_]+",?)+)\)""")


def field_names() -> list[str]:
    """Every key the product reads from a request (found in its source, so new ones count)."""
    names: set[str] = set()
    for package in ("centre", "booking", "kiosk", "counter", "display"):
        for path in (ROOT / package).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            names.update(READS.findall(text))
            for group in TUPLE_OF_FIELDS.findall(text):
                names.update(re.findall(r'"([a-z_]+)"', group))
    return sorted(names)


FIELDS = field_names()


def plausible(known: dict[str, list[Any]]) -> st.SearchStrategy[dict]:
    """Every field the app has real values for, some dropped, a few made hostile; or any
    object. Real values get a request past its first checks to the later ones."""
    real = {key: st.sampled_from(values) for key, values in known.items() if key != "*"}
    anything = st.sampled_from(known.get("*") or [None])
    keys = st.sampled_from(sorted(real) or FIELDS)
    changed = st.dictionaries(
        keys | st.sampled_from(FIELDS), hostile | hostile | json_values | anything, max_size=3
    )
    dropped = st.sets(st.sampled_from(sorted(real) or ["-"]), max_size=4)

    def mutate(parts) -> dict:
        base, changes, drop = parts
        return {**{k: v for k, v in base.items() if k not in drop}, **changes}

    made = st.tuples(st.fixed_dictionaries(real), changed, dropped).map(mutate)
    return made | made | made | st.dictionaries(awkward_text, json_values, max_size=4)


def deep(depth: int, kind: str) -> bytes:
    if kind == "list":
        return b"[" * depth + b"]" * depth
    return b'{"a":' * depth + b"1" + b"}" * depth


BROKEN_JSON = [
    deep(50_000, "list"),
    deep(10_000, "object"),
    deep(900, "list"),
    b"[" * 60_000,
    b"{",
    b'{"service": ',
    b"\xff\xfe\x00",
    b"\xef\xbb\xbf{}",
    b'{"a": NaN, "b": -Infinity}',
    b'{"code": "\\ud800"}',
    b'{"a": 1e99999}',
    b'{"a": ' + b"9" * 5000 + b"}",
    b'{"a": 1, "a": 2}',
    b"null",
    b"[]",
    b'"text"',
    b"12",
]
JSON_TYPE = "application/json"
FORM_TYPE = "application/x-www-form-urlencoded"
CONTENT_TYPES = [
    JSON_TYPE,
    "application/json; charset=utf-8",
    "application/json; charset=utf-16",
    "application/json; charset=nonsense",
    "application/json; charset=latin-1",
    FORM_TYPE,
    "multipart/form-data",
    "multipart/form-data; boundary=",
    "text/plain",
    "application/problem+json",
    ";;;",
    "ÿ/ÿ",
]
ACCEPT_LANGUAGES = [
    "",
    "*",
    "da",
    "en-GB,en;q=0.9",
    "xx-YY;q=abc",
    "da;q=1e999",
    ";;,,",
    "zh-Hant-TW-x-ÿ",
    "en;q=-1",
    "q=0.5",
]
header_text = st.text(st.characters(min_codepoint=32, max_codepoint=255), max_size=40)


def encode_json(value: Any) -> bytes:
    # ensure_ascii writes lone surrogates as \ud800 escapes, as an attacker's client would.
    return json.dumps(value, ensure_ascii=True, allow_nan=True).encode("ascii")


def quoted(text: str) -> str:
    """Percent-encoded, lone surrogates included (their UTF-8 bytes, as a raw client sends)."""
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


def urlencoded(values: dict) -> str:
    """A query string or form from an object: lists repeat their key, the rest is text."""
    pairs = []
    for key, value in values.items():
        for item in value if isinstance(value, list) else [value]:
            text = "" if item is None else str(item)
            pairs.append(f"{quoted(str(key))}={quoted(text)}")
    return "&".join(pairs)


@dataclass
class Body:
    """A request body: an object sent as JSON or as a form (so single fields can still be
    changed), or raw bytes; with its content type."""

    content_type: str | None
    fields: dict | None = None
    raw: bytes | None = None
    form: bool = False

    def encode(self) -> bytes | None:
        if self.fields is None:
            return self.raw
        return urlencoded(self.fields).encode("ascii") if self.form else encode_json(self.fields)


def bodies(known: dict[str, list[Any]]) -> st.SearchStrategy[Body]:
    objects = plausible(known)
    as_json = st.builds(Body, st.just(JSON_TYPE), objects)
    any_json = st.builds(Body, st.just(JSON_TYPE), raw=json_values.map(encode_json))
    broken = st.builds(
        Body, st.sampled_from(CONTENT_TYPES[:5]), raw=st.sampled_from(BROKEN_JSON) | st.binary()
    )
    form = st.builds(Body, st.just(FORM_TYPE), objects, form=st.just(True))
    odd = st.builds(Body, st.sampled_from(CONTENT_TYPES), objects, form=st.booleans())
    return as_json | form | broken | as_json | any_json | form | odd | st.just(Body(None))


def queries(known: dict[str, list[Any]]) -> st.SearchStrategy[dict]:
    pairs = st.dictionaries(awkward_text, awkward_text, max_size=3)
    # Hypothesis tries the first branch most: the plausible query, where hostile values land.
    return plausible(known) | pairs | st.just({})


def headers() -> st.SearchStrategy[dict[str, str]]:
    return st.fixed_dictionaries(
        {},
        optional={
            "Accept-Language": st.sampled_from(ACCEPT_LANGUAGES) | header_text,
            "Accept": st.sampled_from(["application/json", "text/html", "*/*", "ÿ", ""]),
            "Authorization": st.just("Bearer ")
            | header_text.map(lambda t: "Bearer " + t)
            | header_text,
            "X-CSRFToken": header_text,
            "Origin": header_text,
            "X-Forwarded-For": header_text,
        },
    )


# Every path parameter the apps use, by name. A route with a parameter not named here fails
# test_every_path_parameter_has_a_strategy: add its name (and real values in the fixture).
PATH_PARAMETERS = {
    "token",
    "code",
    "ticket_id",
    "service_id",
    "service",
    "name",
    "filename",
    "centre_id",
    "place",
    "staff_id",
    "item_id",
    "message_id",
    "kind",
    "day",
    "kiosk_id",
}
path_text = (
    hostile_text
    | st.sampled_from([a for a in AWKWARD_TEXT if a.strip() and "/" not in a])
    | st.text(st.characters(codec=None, exclude_characters="/"), min_size=1, max_size=30)
)
path_ints = st.integers(min_value=0, max_value=10) | st.sampled_from(
    [2**31, 2**63 - 1, 2**63, 2**64, 10**40]
)


def path_value(name: str, converter: str, known: dict[str, list[Any]]) -> st.SearchStrategy:
    if name not in PATH_PARAMETERS:
        raise AssertionError(f"no strategy for the path parameter <{name}>: add it to fuzz")
    real = known.get(name, [])
    base = path_ints.map(str) if converter == "IntegerConverter" else path_text
    return st.sampled_from(real) | base if real else base


def fill(rule: str, values: dict[str, str]) -> str:
    return re.sub(r"<(?:([a-z]+):)?([a-z_]+)>", lambda match: quoted(values[match.group(2)]), rule)
