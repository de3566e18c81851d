"""Flask extensions, created once and bound to an app in the factory."""

from __future__ import annotations

from flask import request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

babel = Babel()
login_manager = LoginManager()
csrf = CSRFProtect()


def _client_address() -> str:
    return request.remote_addr or "unknown"


# Guessing passwords: a few tries a minute per address and account is plenty for a person.
limiter = Limiter(key_func=_client_address, storage_uri="memory://", default_limits=[])
