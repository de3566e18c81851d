"""Failed staff logins counted per account and per address; past a limit, logins wait."""

from __future__ import annotations

from limits import RateLimitItem, parse
from limits.storage import MemoryStorage, Storage
from limits.strategies import FixedWindowRateLimiter

# A person mistypes a few times; a guesser tries many. Counted apart, so neither one password
# tried on many accounts (per address) nor many addresses on one account go unlimited.
PER_ACCOUNT = "10/minute"
PER_ADDRESS = "30/minute"


def _account_key(username: object) -> str:
    # Usernames are short and lower case; anything else is counted under what was sent.
    return str(username)[:40] if isinstance(username, str) else "<not a name>"


class LoginThrottle:
    """Counts failed logins for a minute from the first: in this process (one per app), or in
    a `storage` all worker processes share (central's database). The storage must give
    counts back (`decr`), as limits' memory storage and central's database storage do.

    Each attempt is counted before its password is checked, in one step with the test against
    the limit, so attempts sent in parallel cannot all pass a test made before any of them
    failed; an attempt whose password was right gives its count back. A fixed window (not a
    moving one) because limits can take a count back only from a fixed window's counter."""

    def __init__(
        self,
        per_account: str = PER_ACCOUNT,
        per_address: str = PER_ADDRESS,
        storage: Storage | None = None,
    ) -> None:
        self.per_account = parse(per_account)
        self.per_address = parse(per_address)
        self.storage = storage if storage is not None else MemoryStorage()
        self.window = FixedWindowRateLimiter(self.storage)

    def _counts(self, username: object, address: str | None) -> list[tuple[RateLimitItem, tuple]]:
        return [
            (self.per_account, ("account", _account_key(username))),
            (self.per_address, ("address", address or "unknown")),
        ]

    def attempt(self, username: object, address: str | None) -> bool:
        """Count one login attempt; False (and nothing left counted) when over either limit."""
        taken: list[tuple[RateLimitItem, tuple]] = []
        for limit, key in self._counts(username, address):
            taken.append((limit, key))
            if not self.window.hit(limit, *key):
                # A refused attempt is no failed login: it leaves both counts as they were.
                self._give_back(taken)
                return False
        return True

    def succeeded(self, username: object, address: str | None) -> None:
        """The password was right: this attempt is not a failed login."""
        self._give_back(self._counts(username, address))

    def _give_back(self, taken: list[tuple[RateLimitItem, tuple]]) -> None:
        for limit, key in taken:
            self.storage.decr(limit.key_for(*key))  # type: ignore[attr-defined]
