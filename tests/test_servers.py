"""The server harness itself: a failed start shows the log, stop and kill leave nothing running."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests import servers
from tests.servers import Server, ServerFailed

pytestmark = pytest.mark.slow

# A stand-in server: answers 204 on its port; "child" starts a sleeping child in its process
# group (as gunicorn starts its worker); "stubborn" makes both ignore SIGTERM (an ignored
# signal stays ignored in a child).
FAKE_SERVER = """
import http.server, signal, subprocess, sys
port, mode = int(sys.argv[1]), sys.argv[2]
if "stubborn" in mode:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
if "child" in mode:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    print("child", child.pid, flush=True)

class Answer(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass

http.server.ThreadingHTTPServer(("127.0.0.1", port), Answer).serve_forever()
"""


def fake(tmp_path: Path, mode: str = "") -> Server:
    port = servers.free_port()
    command = [sys.executable, "-c", FAKE_SERVER, str(port), mode or "plain"]
    return Server(command, port, tmp_path / "fake.log")


def alive(pid: int) -> bool:
    """Whether a process runs (a zombie waiting to be reaped does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def child_pid(server: Server) -> int:
    line = next(x for x in server.log_tail().splitlines() if x.startswith("child "))
    return int(line.split()[1])


def test_a_server_that_exits_at_start_shows_its_log_in_the_error(tmp_path):
    port = servers.free_port()
    command = [sys.executable, "-c", "print('config: no [centre] table'); raise SystemExit(3)"]
    server = Server(command, port, tmp_path / "broken.log")
    with pytest.raises(ServerFailed) as failed:
        server.start()
    assert "exited with 3" in str(failed.value)
    assert "config: no [centre] table" in str(failed.value)
    assert not server.running


def test_a_server_that_never_answers_is_killed_and_its_log_shown(tmp_path):
    port = servers.free_port()
    command = [sys.executable, "-c", "import time; print('stuck', flush=True); time.sleep(600)"]
    server = Server(command, port, tmp_path / "stuck.log")
    with pytest.raises(ServerFailed) as failed:
        server.start(timeout=2)
    assert "did not answer within 2 s" in str(failed.value)
    assert "stuck" in str(failed.value)
    assert not server.running and servers.group_members(server.pid) == []


def test_stop_leaves_no_process_of_the_server_behind(tmp_path):
    server = fake(tmp_path, "child").start()
    child = child_pid(server)
    assert alive(child)
    server.stop()
    assert not server.running
    assert not alive(child)
    assert servers.group_members(server.pid) == []
    assert not servers.answers(server.url)


def test_stop_kills_a_server_that_ignores_term_after_its_bound(tmp_path):
    server = fake(tmp_path, "child stubborn").start()
    child = child_pid(server)
    server.stop(timeout=1)
    assert not server.running and not alive(child)
    assert servers.group_members(server.pid) == []


def test_kill_takes_the_whole_process_group_at_once(tmp_path):
    server = fake(tmp_path, "child stubborn").start()
    child = child_pid(server)
    server.kill()
    assert not server.running and not alive(child)
    assert servers.group_members(server.pid) == []


def test_a_killed_centre_starts_again_on_the_same_port_and_data(tmp_path):
    config = tmp_path / "centre.toml"
    config.write_text(
        f'[centre]\nid = "harness"\nname = "Borgerservice Harness"\n'
        f'data_dir = "{tmp_path / "data"}"\n[printer]\ntransport = "virtual"\n'
    )
    server = servers.centre_run(config, tmp_path / "centre.log").start()
    try:
        first = server.pid
        # gunicorn's master and its worker: kill() must take both.
        assert len(servers.group_members(first)) >= 2
        server.kill()
        assert servers.group_members(first) == []
        assert not servers.answers(server.url)
        server.start()
        assert server.pid != first and servers.answers(server.url)
        assert (tmp_path / "data" / "harness.sqlite3").exists()
        server.restart()
        assert servers.answers(server.url)
    finally:
        server.stop()
    assert servers.group_members(server.pid) == []
