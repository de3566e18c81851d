"""The [sms] section: a working gateway config loads, a wrong one stops the start plainly."""

from __future__ import annotations

import pytest

from booking.config import from_dict
from kernel.config import ConfigError

GOOD = {
    "url": "https://sms.example.dk/send",
    "credential": "token-123",
    "sender": "Borgerserv",
}


def load(tmp_path, **sms):
    raw = {"central": {"public_url": "https://booking.example.dk"}, "sms": {**GOOD, **sms}}
    return from_dict(raw, tmp_path, tmp_path / "data").sms


def refused(tmp_path, **sms) -> str:
    with pytest.raises(ConfigError) as err:
        load(tmp_path, **sms)
    return str(err.value)


def test_a_gateway_config_loads_and_hides_its_credential(tmp_path):
    sms = load(tmp_path, timeout_seconds=5, body={"da": "{what} {date} {time}. {link}"})
    assert sms.url == "https://sms.example.dk/send" and sms.timeout_seconds == 5.0
    assert sms.body_for("da") == "{what} {date} {time}. {link}" and sms.body_for("en") is None
    assert "token-123" not in repr(sms)


def test_without_an_sms_section_there_is_no_gateway(tmp_path):
    assert from_dict({}, tmp_path, tmp_path / "data").sms is None


def test_the_gateway_must_be_https_except_on_this_machine(tmp_path):
    assert "https://" in refused(tmp_path, url="http://sms.example.dk/send")
    assert "https://" in refused(tmp_path, url="http://10.0.0.5/send")
    assert load(tmp_path, url="http://127.0.0.1:9000/sms").url == "http://127.0.0.1:9000/sms"
    assert "credential" in refused(tmp_path, url="https://user:pw@sms.example.dk/")
    assert "url is missing" in refused(tmp_path, url="")


def test_the_sender_follows_the_sms_rules(tmp_path):
    assert load(tmp_path, sender="+4533663366").sender == "+4533663366"
    assert load(tmp_path, sender="KK Borger").sender == "KK Borger"
    assert "at most 11" in refused(tmp_path, sender="Borgerservice")  # 13 characters
    assert "at most 11" in refused(tmp_path, sender="Københavns")  # ø is no sender letter
    assert "at most 11" in refused(tmp_path, sender="")


def test_a_bad_body_template_is_refused_with_the_reason(tmp_path):
    assert "unknown placeholder {name}" in refused(tmp_path, body="Hej {name}")
    assert "too long" in refused(tmp_path, body="{link} " + "Husk pas. " * 40)
    assert "unknown language 'xx'" in refused(tmp_path, body={"xx": "{link}"})


def test_missing_credential_unknown_keys_and_bad_timeouts_are_refused(tmp_path):
    assert "credential is missing" in refused(tmp_path, credential="")
    assert "printable ASCII" in refused(tmp_path, credential="abc\r\nX-Evil: 1")
    assert "no setting 'token'" in refused(tmp_path, token="x")
    assert "timeout_seconds" in refused(tmp_path, timeout_seconds=0)
    assert "timeout_seconds" in refused(tmp_path, timeout_seconds="10")
