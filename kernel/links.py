"""The base address of links handed out (QR codes, status and manage links, messages).

Never the request's Host header as sent: anyone can send `Host: evil.example`, and a link on
paper or in a message would then send citizens, with their token, to that site. Centre and
central both take it from here.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask import has_request_context, request

# Neither public_url nor an allowed host: a link that leads nowhere, never somewhere wrong.
FALLBACK = "http://localhost"
WILDCARDS = ("0.0.0.0", "::", "[::]", "")


def host_allowed(host: str, allowed: Sequence[str]) -> bool:
    """`host` (name[:port]) is listed, with that port or as a bare name (any port)."""
    host = host.lower()
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    return any(entry.lower() in (host, name) for entry in allowed)


def link_base(public_url: str | None, allowed_hosts: Sequence[str]) -> str:
    """public_url if configured; else this request's own address if its host is allowed."""
    if public_url:
        return public_url.rstrip("/")
    if has_request_context() and host_allowed(request.host, allowed_hosts):
        return request.host_url.rstrip("/")
    return FALLBACK


def served_url(host: str, port: int) -> str | None:
    """The address a server started on `host`:`port` has, unless it listens everywhere."""
    if host in WILDCARDS:
        return None
    return f"http://{f'[{host}]' if ':' in host else host}:{port}"
