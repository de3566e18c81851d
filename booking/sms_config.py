"""The `[sms]` section of central's config: a generic HTTPS SMS gateway, checked at start."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from booking.core import sms_text
from kernel.config import ConfigError
from kernel.languages import LANGUAGES

# A number sender: an international number of at most 15 digits. A name sender (GSM
# "alphanumeric originator"): at most 11 characters, plain letters, digits and spaces, with
# at least one letter (phones show it as the sender's name).
NUMBER_SENDER = re.compile(r"\+?[0-9]{1,15}")
NAME_SENDER = re.compile(r"[A-Za-z0-9 .\-]{1,11}")
# Plain http only to this machine (tests, a gateway adapter on the same host).
LOOPBACK = ("127.0.0.1", "::1")
KEYS = frozenset(("url", "credential", "sender", "body", "timeout_seconds"))
# What a template is checked with at start (a long Danish date, a link like the real ones).
SAMPLE = {
    "what": "Påmindelse:",
    "service": "Pas",
    "centre": "Borgerservice",
    "date": "onsdag 30. september 2026",
    "time": "09.00",
    "code": "ACDEFG",
    "link_text": "Flyt eller aflys:",
}


@dataclass(frozen=True)
class SmsConfig:
    url: str
    # Sent as `Authorization: Bearer <credential>`; never logged, never in a repr.
    credential: str = field(repr=False)
    sender: str
    # The body template for every language (a string), or per language (a table); None or a
    # language left out: the built-in text, translated.
    body: str | dict[str, str] | None = None
    timeout_seconds: float = 10.0

    def body_for(self, language: str) -> str | None:
        if isinstance(self.body, dict):
            return self.body.get(language)
        return self.body


def _url(raw: object) -> str:
    if not isinstance(raw, str) or not raw:
        raise ConfigError("[sms] url is missing: the gateway's address (https://...)")
    parts = urlsplit(raw)
    if parts.username or parts.password:
        raise ConfigError("[sms] url may not hold a user or password: use [sms] credential")
    host = parts.hostname or ""
    if parts.scheme == "https" and host:
        return raw
    try:
        loopback = parts.scheme == "http" and str(ipaddress.ip_address(host)) in LOOPBACK
    except ValueError:
        loopback = False
    if not loopback:
        raise ConfigError("[sms] url must start with https:// (plain http only to 127.0.0.1)")
    return raw


def _sender(raw: object) -> str:
    text = str(raw or "")
    if NUMBER_SENDER.fullmatch(text):
        return text
    if NAME_SENDER.fullmatch(text) and any(c.isalpha() for c in text):
        return text
    raise ConfigError(
        "[sms] sender must be a number (digits, an optional +, at most 15) or a name of at "
        'most 11 plain letters, digits and spaces (e.g. "Borgerserv")'
    )


def _template(raw: object, where: str, link: str) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise ConfigError(f"{where} must be a text")
    problem = sms_text.template_problem(raw)
    if problem:
        raise ConfigError(f"{where}: {problem}")
    sample = sms_text.fill(raw, {**SAMPLE, "link": link})
    if not sms_text.fits(sample):
        raise ConfigError(
            f"{where} is too long: with a short service and centre name it takes "
            f"{sms_text.segments(sample)} SMS; at most {sms_text.MAX_SEGMENTS} are sent"
        )
    return raw


def _body(raw: object, link: str) -> str | dict[str, str] | None:
    if raw is None:
        return None
    if isinstance(raw, dict):
        unknown = sorted(set(raw) - set(LANGUAGES))
        if unknown:
            raise ConfigError(f"[sms] body: unknown language {unknown[0]!r}")
        return {lang: _template(text, f"[sms] body.{lang}", link) for lang, text in raw.items()}
    return _template(raw, "[sms] body", link)


def _timeout(raw: object) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not 0 < raw <= 60:
        raise ConfigError("[sms] timeout_seconds must be a number of seconds, above 0, at most 60")
    return float(raw)


def parse(raw: object, public_url: str | None) -> SmsConfig | None:
    """The gateway settings, or None without an `[sms]` section (SMS go to the mailbox)."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise ConfigError("[sms] must be a section")
    unknown = sorted(set(raw) - KEYS)
    if unknown:
        raise ConfigError(
            f"[sms] has no setting {unknown[0]!r} (it knows {', '.join(sorted(KEYS))})"
        )
    credential = raw.get("credential")
    if not isinstance(credential, str) or not credential.strip():
        raise ConfigError("[sms] credential is missing: the gateway's token (sent as Bearer)")
    if not all("!" <= c <= "~" for c in credential.strip()):
        # It goes into an HTTP header: no spaces, line breaks or letters beyond ASCII.
        raise ConfigError("[sms] credential may hold only printable ASCII, without spaces")
    link = f"{public_url or 'http://localhost:8000'}/book/manage/ACDEFG?token={'x' * 32}"
    return SmsConfig(
        url=_url(raw.get("url")),
        credential=credential.strip(),
        sender=_sender(raw.get("sender")),
        body=_body(raw.get("body"), link),
        timeout_seconds=_timeout(raw.get("timeout_seconds", 10)),
    )
