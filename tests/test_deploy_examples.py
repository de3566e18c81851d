"""The deployment examples in deploy/ name commands, options and ports the product accepts."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest

from enindgang.cli import main

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
ENINDGANG = "/opt/enindgang/.venv/bin/enindgang"


def exec_lines(unit: Path) -> list[str]:
    """The Exec… lines of a unit, continuation lines joined."""
    text = unit.read_text(encoding="utf-8").replace("\\\n", " ")
    return [m[1] for m in re.finditer(r"^Exec\w+=(.*)$", text, re.MULTILINE)]


def enindgang_calls() -> list[tuple[str, list[str]]]:
    calls = []
    for unit in sorted((DEPLOY / "systemd").glob("*.service")):
        for line in exec_lines(unit):
            args = shlex.split(line)
            if args[0] != ENINDGANG:
                continue
            # A template unit (enindgang-backup@) is enabled as @centre and @central.
            instances = ("centre", "central") if "%i" in line else ("",)
            for instance in instances:
                calls.append(
                    (f"{unit.name}:{instance}", [a.replace("%i", instance) for a in args[1:]])
                )
    return calls


def parse(args: list[str], root: Path) -> click.Context:
    """Resolve the command as the CLI would and parse its options, without running it; the
    machine's paths (/etc/enindgang, /var/backups/enindgang) are looked up under `root`."""
    for config in ("centre", "central"):
        target = root / "etc" / "enindgang" / f"{config}.toml"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.touch()
    (root / "var" / "backups" / "enindgang").mkdir(parents=True, exist_ok=True)
    command: click.Command = main
    rest = [re.sub(r"^/(etc|var)/", f"{root}/\\1/", a) for a in args]
    while isinstance(command, click.Group):
        name, rest = rest[0], rest[1:]
        found = command.get_command(click.Context(command), name)
        assert found is not None, f"no command {name!r}"
        command = found
    return command.make_context(command.name or "", rest)


CALLS = enindgang_calls()


def test_the_units_run_the_servers_and_their_migrations():
    names = {" ".join(args[:2]) for _, args in CALLS}
    assert {"centre run", "centre init-db", "central run", "central init-db"} <= names
    assert {"centre backup", "central backup"} <= names


@pytest.mark.parametrize(
    ("where", "args"), CALLS, ids=[f"{where} {args[1]}" for where, args in CALLS]
)
def test_every_command_in_a_unit_is_one_the_cli_accepts(where, args, tmp_path):
    context = parse(args, tmp_path)
    assert str(context.params["config_path"]) == f"{tmp_path}/etc/enindgang/{args[0]}.toml"


def test_nginx_proxies_to_the_port_each_server_listens_on(tmp_path):
    ports = {
        args[0]: parse(args, tmp_path).params["port"] for _, args in CALLS if args[1:2] == ["run"]
    }
    for site, group in (("enindgang-centre.conf", "centre"), ("enindgang-central.conf", "central")):
        text = (DEPLOY / "nginx" / site).read_text(encoding="utf-8")
        targets = set(re.findall(r"proxy_pass http://127\.0\.0\.1:(\d+);", text))
        assert targets == {str(ports[group])}, site


def test_the_centre_site_upgrades_websockets_for_the_live_screens():
    text = (DEPLOY / "nginx" / "enindgang-centre.conf").read_text(encoding="utf-8")
    block = text[text.index("location /socket.io/") :]
    block = block[: block.index("}")]
    assert "proxy_set_header Upgrade $http_upgrade;" in block
    assert "proxy_http_version 1.1;" in block


def test_the_screen_unit_lets_the_display_speak_and_keeps_the_kiosk_profile():
    [line] = exec_lines(DEPLOY / "kiosk" / "enindgang-screen.service")
    args = shlex.split(line)
    assert "--kiosk" in args and "--autoplay-policy=no-user-gesture-required" in args
    # The kiosk's pairing credential is a cookie in the profile: a private window loses it.
    assert not any(a.startswith("--incognito") for a in args)


def test_the_guide_names_only_example_files_that_exist():
    guide = (ROOT / "docs" / "DEPLOYMENT.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`(deploy/[\w@./-]+)`", guide))
    assert named, "the guide names its example files"
    for path in named:
        matches = list(ROOT.glob(path.replace("@.*", "@.*")))
        assert matches, path
