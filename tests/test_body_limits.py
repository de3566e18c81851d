"""A centre reads JSON bodies up to 16 KiB and refuses larger ones as an invalid body (422)."""


def _ticket_body(size: int) -> bytes:
    return b'{"service": "' + b"a" * size + b'"}'


def test_a_centre_refuses_a_body_past_16_kib_as_an_invalid_body(kiosk, db):
    answer = kiosk.post(
        "/api/v1/tickets", data=_ticket_body(20_000), content_type="application/json"
    )
    assert answer.status_code == 422
    assert answer.json["error"]["code"] == "validation"
    assert answer.json["error"]["field"] == "body"
    assert db.execute("SELECT COUNT(*) FROM tickets").fetchone()[0] == 0


def test_a_centre_reads_a_body_under_16_kib(kiosk):
    answer = kiosk.post(
        "/api/v1/tickets", data=_ticket_body(15_000), content_type="application/json"
    )
    # Read and judged on its content: no such service.
    assert answer.status_code == 404
    assert answer.json["error"]["code"] == "unknown_service"
