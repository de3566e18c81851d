"""Staff logins of both apps: the username rule, password hashes, and checking a login."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from werkzeug.security import check_password_hash, generate_password_hash

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
MIN_PASSWORD_LENGTH = 4
# Checked when the user is unknown, so a wrong username takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


def invalid_field(
    username: object, name: object, role: object, password: object, roles: tuple[str, ...]
) -> str | None:
    """The first field of a new account that breaks the rules (username, role, name,
    password), else None."""
    if not isinstance(username, str) or not USERNAME.match(username):
        return "username"
    if role not in roles:
        return "role"
    if not isinstance(name, str) or not name or len(name) > 100:
        return "name"
    if not long_enough(password):
        return "password"
    return None


def long_enough(password: object) -> bool:
    return isinstance(password, str) and len(password) >= MIN_PASSWORD_LENGTH


def hash_password(password: str) -> str:
    """What is stored of a password (salted, slow)."""
    return generate_password_hash(password)


def authenticate(
    find: Callable[[str], Mapping[str, Any] | None], username: object, password: object
) -> Mapping[str, Any] | None:
    """The account `find` returns for `username` if it is active and the password matches.

    An unknown or inactive account still costs one password check, so the time taken does not
    tell whether the username exists."""
    if not isinstance(username, str) or not isinstance(password, str):
        return None
    person = find(username) if len(username) <= 40 else None
    if person is None or not person["active"]:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return person if check_password_hash(person["password_hash"], password) else None


def printable(username: object) -> str:
    """What was typed as a username, safe to store: text, short, no lone surrogates."""
    text = username[:100] if isinstance(username, str) else ""
    return text.encode("utf-8", "replace").decode("utf-8")
