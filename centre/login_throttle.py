"""Failed staff logins counted per account and per address; past a limit, logins wait."""

from __future__ import annotations

from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

# A person mistypes a few times; a guesser tries many. Counted apart, so neither one password
# tried on many accounts (per address) nor many addresses on one account go unlimited.
PER_ACCOUNT = "10/minute"
PER_ADDRESS = "30/minute"


def _account_key(username: object) -> str:
    # Usernames are short and lower case; anything else is counted under what was sent.
    return str(username)[:40] if isinstance(username, str) else "<not a name>"


class LoginThrottle:
    """Counts failed logins in this process (one per app) over a moving window."""

    def __init__(self, per_account: str = PER_ACCOUNT, per_address: str = PER_ADDRESS) -> None:
        self.per_account = parse(per_account)
        self.per_address = parse(per_address)
        self.window = MovingWindowRateLimiter(MemoryStorage())

    def allows(self, username: object, address: str | None) -> bool:
        """False while either the account or the address has failed too often lately."""
        return self.window.test(
            self.per_account, "account", _account_key(username)
        ) and self.window.test(self.per_address, "address", address or "unknown")

    def failed(self, username: object, address: str | None) -> None:
        self.window.hit(self.per_account, "account", _account_key(username))
        self.window.hit(self.per_address, "address", address or "unknown")
