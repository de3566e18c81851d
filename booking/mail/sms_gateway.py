"""Sending an SMS through the configured HTTPS gateway, and what its answers mean."""

from __future__ import annotations

import requests
from urllib3.exceptions import NewConnectionError

from booking.sms_config import SmsConfig

# Answers that say the gateway itself is busy, not yet authorised or gone for a moment:
# tried again (with growing delays, up to the attempt limit).
TRANSIENT = frozenset((401, 403, 408, 409, 423, 425, 429))
SHOWN_BODY = 200


class GatewayError(Exception):
    """An SMS not accepted. `permanent`: the gateway refused this message (a wrong number),
    trying again cannot help. `maybe_delivered`: it may have gone out anyway (a timeout after
    sending, a 5xx), so its manage link is kept working. `unreachable`: the gateway did not
    answer at all, so the round's other SMS wait for the next round."""

    def __init__(
        self,
        text: str,
        permanent: bool = False,
        maybe_delivered: bool = False,
        unreachable: bool = False,
    ) -> None:
        super().__init__(text)
        self.permanent = permanent
        self.maybe_delivered = maybe_delivered
        self.unreachable = unreachable


class SmsGateway:
    """POST {"to", "from", "text"} as JSON with `Authorization: Bearer <credential>` and an
    `Idempotency-Key` that stays the same for every try of one message."""

    def __init__(self, config: SmsConfig, session: requests.Session | None = None) -> None:
        self.config = config
        self.session = session or requests.Session()

    def send(self, recipient: str, text: str, key: str) -> None:
        c = self.config
        headers = {"Authorization": f"Bearer {c.credential}", "Idempotency-Key": key}
        payload = {"to": recipient, "from": c.sender, "text": text}
        try:
            answer = self.session.post(
                c.url, json=payload, headers=headers, timeout=c.timeout_seconds
            )
        except requests.ConnectTimeout:
            raise GatewayError(
                "gateway did not answer (connect timeout)", unreachable=True
            ) from None
        except requests.Timeout:
            raise GatewayError(
                "gateway timed out after the message was sent", maybe_delivered=True
            ) from None
        except requests.ConnectionError as err:
            if _never_connected(err):
                raise GatewayError(
                    "gateway unreachable (connection refused)", unreachable=True
                ) from None
            raise GatewayError("connection to the gateway lost", maybe_delivered=True) from None
        except requests.RequestException as err:
            # The exception's text may quote the request; its type says enough.
            raise GatewayError(f"gateway request failed: {type(err).__name__}") from None
        if 200 <= answer.status_code < 300:
            return
        said = f"gateway answered {answer.status_code}: {answer.text[:SHOWN_BODY]}".strip()
        if answer.status_code >= 500:
            raise GatewayError(said, maybe_delivered=True)
        raise GatewayError(said, permanent=answer.status_code not in TRANSIENT)


def _never_connected(err: requests.ConnectionError) -> bool:
    """Refused or not found: the message certainly did not reach the gateway."""
    reason = getattr(err.args[0], "reason", None) if err.args else None
    return isinstance(reason, NewConnectionError)
