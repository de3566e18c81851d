"""SMS text: filling the body template, counting segments (GSM-7 or UCS-2), cutting safely."""

from __future__ import annotations

from collections.abc import Mapping
from string import Formatter

# GSM 03.38: the basic set (one septet each; æøåÆØÅ are in it) and the extension set (two
# septets each: an escape and the character). Any other character sends the whole message as
# UCS-2, at 70 instead of 160 characters a segment.
GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = frozenset("^{}\\[~]|€\f")
# Septets (GSM) or UTF-16 units (UCS-2) per segment: alone, and in a concatenated message
# (the concatenation header takes the rest).
SINGLE = {"gsm": 160, "ucs2": 70}
MULTI = {"gsm": 153, "ucs2": 67}
MAX_SEGMENTS = 2
# What a template may name; `what` and `link_text` depend on the message's kind.
FIELDS = ("what", "service", "centre", "date", "time", "code", "link_text", "link")
# Free text that may be shortened to make a message fit, longest-lived first to go.
SHORTENABLE = ("service", "centre")
MIN_KEPT = 10
ELLIPSIS = "..."  # three dots: "…" is not in GSM-7 and would turn the message into UCS-2


def encoding(text: str) -> str:
    """ "gsm" when every character is in GSM-7 (basic or extension), else "ucs2"."""
    return "gsm" if all(c in GSM_BASIC or c in GSM_EXTENSION for c in text) else "ucs2"


def _units(text: str, kind: str) -> list[int]:
    """Each character's size in its encoding (an extension character or a character outside
    the Basic Multilingual Plane takes two, and is never split between segments)."""
    if kind == "gsm":
        return [2 if c in GSM_EXTENSION else 1 for c in text]
    return [2 if ord(c) > 0xFFFF else 1 for c in text]


def segments(text: str) -> int:
    """How many SMS segments the text takes."""
    kind = encoding(text)
    units = _units(text, kind)
    if sum(units) <= SINGLE[kind]:
        return 1
    count, used = 1, 0
    for size in units:
        if used + size > MULTI[kind]:
            count, used = count + 1, 0
        used += size
    return count


def fits(text: str, max_segments: int = MAX_SEGMENTS) -> bool:
    return segments(text) <= max_segments


def template_problem(template: str) -> str | None:
    """Why a body template cannot be used (an unknown or malformed placeholder), else None."""
    try:
        parts = list(Formatter().parse(template))
    except ValueError as err:
        return f"malformed placeholder ({err}); write a literal brace as {{{{ or }}}}"
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in FIELDS or spec or conversion:
            known = ", ".join("{" + f + "}" for f in FIELDS)
            return f"unknown placeholder {{{name}}}: the body may use {known}"
    return None


def fill(template: str, fields: Mapping[str, str]) -> str:
    """The template with its placeholders replaced (checked by `template_problem` first)."""
    return template.format_map({name: fields.get(name, "") for name in FIELDS})


def _shorten(value: str, keep: int) -> str:
    return value if len(value) <= keep else value[: max(keep - len(ELLIPSIS), 1)] + ELLIPSIS


def _cut_keeping_link(text: str, link: str, max_segments: int) -> str:
    """The text cut at the end, but a link is never cut: text after it goes first, then the
    text before it is shortened, so the citizen always gets a whole, working link."""
    if link and link in text and fits(link, max_segments):
        head = text[: text.index(link)].rstrip()
        for keep in range(len(head), -1, -1):
            candidate = (_shorten(head, keep) + " " + link).strip()
            if fits(candidate, max_segments):
                return candidate
    for keep in range(len(text), 0, -1):
        candidate = _shorten(text, keep)
        if fits(candidate, max_segments):
            return candidate
    return ""


def fit(template: str, fields: Mapping[str, str], max_segments: int = MAX_SEGMENTS) -> str:
    """The filled template within `max_segments` SMS: first the service's and the centre's
    names are shortened (never below MIN_KEPT characters), then the text is cut safely."""
    values = dict(fields)
    text = fill(template, values).strip()
    for name in SHORTENABLE:
        whole = values.get(name, "")
        while not fits(text, max_segments) and len(values.get(name, "")) > MIN_KEPT:
            values[name] = _shorten(whole, len(values[name]) - 1)
            text = fill(template, values).strip()
    if fits(text, max_segments):
        return text
    return _cut_keeping_link(text, values.get("link", ""), max_segments)
