"""Role checks and the login throttle, the same for the staff of both apps (Flask-Login)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask_login import current_user

from kernel.app_state import app_state
from kernel.login_throttle import LoginThrottle


def role_guard(error: Callable[[str], Exception]) -> Callable[..., Callable]:
    """`require_role` for an app whose refusals are `error(code)` (QueueError, BookingError)."""

    def require_role(*roles: str) -> Callable:
        """Logged in, and (if roles are given) with one of them."""

        def decorate(view: Callable) -> Callable:
            @wraps(view)
            def wrapped(*args, **kwargs):
                if not current_user.is_authenticated:
                    raise error("not_authenticated")
                if roles and current_user.role not in roles:
                    raise error("forbidden")
                return view(*args, **kwargs)

            return wrapped

        return decorate

    return require_role


def login_throttle() -> LoginThrottle:
    """This app's count of failed logins (made by the app factory)."""
    return app_state()["login_throttle"]
