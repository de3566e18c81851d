"""The outbox is claimed before it is sent: a message another sender holds is not sent twice,
and one whose sender died goes out once its claim lapses."""

from __future__ import annotations

from booking.domain import messages
from booking.mail import mailer
from tests.booking.test_messages import book, deliver, mailbox


def claim_as(app, claimer: str) -> list[int]:
    """Another sender (another worker process) claims what is queued."""
    ext = app.extensions["enindgang"]
    claimed = messages.claim(ext["context"], ext["pool"].get(), claimer, 100)
    return [message["id"] for message, _ in claimed.due] + claimed.stale


def test_a_message_another_sender_holds_is_not_sent_again(api, central):
    book(api)
    assert claim_as(central, "other-host:4242") == [1]
    assert deliver(central) == 0
    assert mailbox(central) == []


def test_a_message_whose_sender_died_goes_out_once_its_claim_lapses(api, central, clock):
    book(api)
    claim_as(central, "crashed-host:1")
    clock.advance(seconds=messages.CLAIM_LASTS.total_seconds() - 60)
    assert deliver(central) == 0
    clock.advance(seconds=61)
    assert deliver(central) == 1
    assert deliver(central) == 0
    assert len(mailbox(central)) == 1


def test_the_sent_message_names_the_sender_that_claimed_it(api, central, central_db):
    book(api)
    assert deliver(central) == 1
    row = central_db.execute("SELECT claimed_by, claimed_until, outcome FROM outbox").fetchone()
    assert row == (mailer.sender_id(), None, "sent")


def test_a_failed_send_gives_its_claim_up_for_the_next_round(
    api, central, central_db, clock, monkeypatch
):
    book(api)

    def down(self, *args):
        raise OSError("mail server down")

    monkeypatch.setattr(mailer.FolderTransport, "send", down)
    assert deliver(central) == 0
    assert central_db.execute("SELECT claimed_by, claimed_until FROM outbox").fetchone() == (
        None,
        None,
    )
    # It waits for its retry, not for a claim to lapse; then any sender may take it.
    assert claim_as(central, "other-host:4242") == []
    clock.advance(seconds=messages.RETRY_DELAYS[0].total_seconds())
    assert claim_as(central, "other-host:4242") == [1]
