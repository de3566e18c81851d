"""Central's layers hold: blueprints go through the domain, the domain reaches no app module."""

from __future__ import annotations

import ast
from pathlib import Path

BOOKING = Path(__file__).resolve().parent.parent.parent / "booking"
BLUEPRINT_PACKAGES = ("citizen", "staff", "api", "sync")
DOMAIN_MAY_IMPORT = ("booking.core", "booking.store", "booking.domain", "booking.config")


def booking_imports(path: Path) -> set[str]:
    """Every `booking…` module a file imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            # `from booking.store import setup` imports the module booking.store.setup.
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in found if name == "booking" or name.startswith("booking.")}


def offenders(folders: list[Path], allowed) -> dict[str, list[str]]:
    found = {}
    for folder in folders:
        for path in sorted(folder.rglob("*.py")):
            bad = sorted(name for name in booking_imports(path) if not allowed(name))
            if bad:
                found[str(path.relative_to(BOOKING.parent))] = bad
    return found


def within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def test_pages_and_apis_read_and_write_through_the_domain_not_the_store():
    folders = [BOOKING / name for name in BLUEPRINT_PACKAGES]
    assert all(folder.is_dir() for folder in folders)
    assert offenders(folders, lambda name: not within(name, ("booking.store",))) == {}


def test_the_domain_imports_no_app_module():
    allowed = lambda name: name == "booking" or within(name, DOMAIN_MAY_IMPORT)  # noqa: E731
    assert offenders([BOOKING / "domain"], allowed) == {}


def test_the_store_imports_only_the_store():
    allowed = lambda name: name == "booking" or within(name, ("booking.store",))  # noqa: E731
    assert offenders([BOOKING / "store"], allowed) == {}


def test_a_store_import_in_a_page_is_caught(tmp_path):
    page = tmp_path / "page.py"
    page.write_text("def view():\n    from booking.store import setup\n    return setup\n")
    assert "booking.store.setup" in booking_imports(page)


def test_every_managers_change_takes_the_acting_account():
    """The scope (a manager of one centre changes only that centre) is checked in the domain,
    inside the change's transaction: every change in manage.py is given who acts."""
    tree = ast.parse((BOOKING / "domain" / "manage.py").read_text(encoding="utf-8"))
    changes = [
        node
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
        and any(
            isinstance(call, ast.Call) and getattr(call.func, "id", "") == "write_transaction"
            for call in ast.walk(node)
        )
    ]
    assert len(changes) >= 8
    assert [f.name for f in changes if "actor" not in [a.arg for a in f.args.args]] == []


def test_no_blueprint_counts_logins_itself():
    """The login throttle is taken by the domain's log_in, as at a centre."""
    calls = {
        str(path.relative_to(BOOKING.parent))
        for folder in BLUEPRINT_PACKAGES
        for path in (BOOKING / folder).rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute) and node.attr in ("attempt", "succeeded")
    }
    assert calls == set()


def test_the_app_modules_change_the_database_only_through_the_domain():
    """app.py, cli.py, demo.py: of the store only the schema (booking/store/db.py), and no
    write transaction of their own."""
    found = {}
    for path in sorted(BOOKING.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        bad = sorted(
            name
            for name in booking_imports(path)
            if within(name, ("booking.store",)) and not within(name, ("booking.store.db",))
        )
        bad += [
            f"kernel.db.{alias.name}"
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module == "kernel.db"
            for alias in node.names
            if alias.name == "write_transaction"
        ]
        if bad:
            found[path.name] = bad
    assert found == {}
