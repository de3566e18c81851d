"""What each part may import (docs/ARCHITECTURE.md, "The parts"), read from the code with `ast`.

Every rule is a function that returns what breaks it; each has a test on the real tree and
one on a made-up import that breaks it, so a rule that stopped seeing anything would fail.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = ("kernel", "centre", "booking", "hardware", "kiosk", "display", "counter", "enindgang")
CLIENTS = ("kiosk", "display", "counter")
APPS = ("centre", "booking", "hardware", *CLIENTS, "enindgang")
# Pure code: rules with an injected clock, no web framework, no database.
PURE = (
    "centre.core",
    "centre.sim",
    "booking.core",
    "kernel.clock",
    "kernel.catalogue",
    "kernel.tasks",
    "kernel.numbering",
    "kernel.errors",
    "kernel.languages",
    "kernel.tasks",
    "kernel.visit_facts",
    "kernel.reports",
    "kernel.report_publication",
    "kernel.charts",
    "kernel.erlang",
    "kernel.erlang_a",
    "kernel.history",
    "kernel.forecast",
    "kernel.staffing_plan",
    "kernel.plan_export",
    "kernel.plan_week",
    "kernel.municipality",
    "kernel.walk_in",
)
NOT_IN_PURE = ("flask", "flask_babel", "flask_login", "flask_wtf", "werkzeug", "sqlite3")
NOT_IN_PURE += ("sqlite_utils",)
# The one place the centre may start the central service: the demo.
CENTRE_MAY_IMPORT_BOOKING = ("centre.demo_system",)

# The layers of docs/ARCHITECTURE.md's table: what a module under each prefix may import of the
# product (the longest matching prefix counts; libraries are not limited here).
LAYERS: dict[str, tuple[str, ...]] = {
    "centre.store": ("centre.store", "kernel"),
    "centre.domain": (
        "centre.core",
        # The simulated day is pure like the core: the what-if page's domain runs it.
        "centre.sim",
        "centre.store",
        "centre.domain",
        "centre.sync.client",
        "kernel",
    ),
    # The simulator runs the core's rules and nothing that touches a database or the web.
    "centre.sim": ("centre.core", "centre.sim", "kernel"),
    "centre.sync": ("centre.core", "centre.domain", "centre.sync", "kernel"),
    "hardware": ("hardware", "kernel"),
    "kiosk": ("kiosk", "centre.core", "centre.domain", "centre.web", "centre.kiosk_auth")
    + ("centre.http_errors", "kernel"),
    "display": ("display", "centre.core", "centre.domain", "centre.web", "kernel"),
    "counter": ("counter", "centre.core", "centre.domain", "centre.web", "kernel"),
    "booking.store": ("booking.store", "kernel"),
    "booking.domain": ("booking.core", "booking.store", "booking.domain", "booking.config")
    + ("kernel",),
}

# Imports inside a function, each with the reason it is not at the top of its module.
LAZY_IMPORTS: dict[tuple[str, str], str] = {
    ("booking.annual_output", "weasyprint"): (
        "WeasyPrint takes about 0.7 s to import and only `central report --out *.pdf` needs it:"
        " every other enindgang command would start that much slower"
    ),
}


@dataclass(frozen=True)
class Import:
    importer: str  # dotted module name of the file
    target: str  # dotted module imported (the submodule where `from package import module`)
    line: int
    in_function: bool


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def product_files() -> list[Path]:
    return sorted(p for package in PRODUCT for p in (ROOT / package).rglob("*.py"))


def _is_module(dotted: str) -> bool:
    base = ROOT.joinpath(*dotted.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def imports_in(source: str, importer: str, is_package: bool = False) -> list[Import]:
    """Every import statement of a module, with where it stands (top level or in a function)."""
    found: list[Import] = []
    package = importer if is_package else importer.rpartition(".")[0]

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.Import):
                for alias in child.names:
                    found.append(Import(importer, alias.name, child.lineno, in_function))
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                for alias in child.names:
                    sub = f"{base}.{alias.name}"
                    target = sub if _is_module(sub) else base
                    found.append(Import(importer, target, child.lineno, in_function))
            visit(child, inner)

    visit(ast.parse(source), False)
    return found


def tree_imports() -> list[Import]:
    found = []
    for path in product_files():
        text = path.read_text(encoding="utf-8")
        found += imports_in(text, module_name(path), path.name == "__init__.py")
    return found


def top(dotted: str) -> str:
    return dotted.split(".")[0]


def within(dotted: str, prefix: str) -> bool:
    return dotted == prefix or dotted.startswith(prefix + ".")


# The rules: each returns the imports that break it, as "importer:line -> target".


def _say(imp: Import) -> str:
    return f"{imp.importer}:{imp.line} -> {imp.target}"


def kernel_imports_an_app(imports: list[Import]) -> list[str]:
    return [_say(i) for i in imports if top(i.importer) == "kernel" and top(i.target) in APPS]


def centre_imported_from_outside(imports: list[Import]) -> list[str]:
    """booking/, hardware/ (and the kernel) import nothing from centre/."""
    outside = ("booking", "hardware", "kernel")
    return [_say(i) for i in imports if top(i.importer) in outside and top(i.target) == "centre"]


def client_imports_a_client(imports: list[Import]) -> list[str]:
    return [
        _say(i)
        for i in imports
        if top(i.importer) in CLIENTS
        and top(i.target) in CLIENTS
        and top(i.target) != top(i.importer)
    ]


def centre_imports_booking_beyond_the_demo(imports: list[Import]) -> list[str]:
    return [
        _say(i)
        for i in imports
        if top(i.importer) == "centre"
        and top(i.target) == "booking"
        and i.importer not in CENTRE_MAY_IMPORT_BOOKING
    ]


def apps_import_the_cli(imports: list[Import]) -> list[str]:
    """Only the `enindgang` command line stands above the apps; nothing imports it."""
    return [
        _say(i) for i in imports if top(i.target) == "enindgang" and top(i.importer) != "enindgang"
    ]


def pure_code_imports_web_or_sql(imports: list[Import]) -> list[str]:
    return [
        _say(i)
        for i in imports
        if any(within(i.importer, pure) for pure in PURE)
        and (top(i.target) in NOT_IN_PURE or (top(i.target) in PRODUCT and not _pure(i.target)))
    ]


def layer_breaches(imports: list[Import]) -> list[str]:
    """Imports of the product that the importer's row of the table does not allow."""
    found = []
    for imp in imports:
        rows = [prefix for prefix in LAYERS if within(imp.importer, prefix)]
        if not rows or top(imp.target) not in PRODUCT:
            continue
        allowed = LAYERS[max(rows, key=len)]
        if not any(within(imp.target, prefix) for prefix in allowed):
            found.append(_say(imp))
    return found


def _pure(dotted: str) -> bool:
    return any(within(dotted, pure) for pure in PURE)


def unexplained_lazy_imports(
    imports: list[Import], allowed: dict[tuple[str, str], str]
) -> list[str]:
    return [
        _say(i)
        for i in imports
        if i.in_function and not allowed.get((i.importer, i.target), "").strip()
    ]


def import_cycles(imports: list[Import]) -> list[list[str]]:
    """Groups of product modules that import each other (directly or round a loop)."""
    graph: dict[str, set[str]] = {}
    for imp in imports:
        if top(imp.target) in PRODUCT and imp.target != imp.importer:
            graph.setdefault(imp.importer, set()).add(imp.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def connect(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return cycles


# On the tree.


def test_the_tree_is_read():
    imports = tree_imports()
    importers = {i.importer for i in imports}
    assert {"kernel.db", "centre.app", "booking.app", "hardware.cli", "kiosk"} <= importers


def test_the_kernel_imports_no_app():
    assert kernel_imports_an_app(tree_imports()) == []


def test_booking_hardware_and_kernel_import_nothing_from_the_centre():
    assert centre_imported_from_outside(tree_imports()) == []


def test_no_client_imports_another():
    assert client_imports_a_client(tree_imports()) == []


def test_the_centre_imports_booking_only_to_start_the_demo():
    assert centre_imports_booking_beyond_the_demo(tree_imports()) == []


def test_no_app_imports_the_command_line():
    assert apps_import_the_cli(tree_imports()) == []


def test_pure_code_imports_no_web_framework_and_no_sql():
    assert pure_code_imports_web_or_sql(tree_imports()) == []


def test_each_layer_imports_only_what_its_row_of_the_table_allows():
    assert layer_breaches(tree_imports()) == []


def test_every_import_inside_a_function_says_why():
    assert unexplained_lazy_imports(tree_imports(), LAZY_IMPORTS) == []


def test_no_import_cycles():
    assert import_cycles(tree_imports()) == []


# Each rule sees a made-up import that breaks it.


def made_up(importer: str, source: str) -> list[Import]:
    return imports_in(source, importer)


def test_a_kernel_module_importing_the_centre_is_caught():
    found = made_up("kernel.db", "from centre.store import tickets\n")
    assert kernel_imports_an_app(found) == ["kernel.db:1 -> centre.store.tickets"]
    assert centre_imported_from_outside(found) == ["kernel.db:1 -> centre.store.tickets"]


def test_booking_or_hardware_importing_the_centre_is_caught():
    found = made_up("booking.app", "import centre.config\n")
    found += made_up("hardware.cli", "def f():\n    from centre.config import load\n")
    assert centre_imported_from_outside(found) == [
        "booking.app:1 -> centre.config",
        "hardware.cli:2 -> centre.config",
    ]


def test_a_client_importing_another_client_is_caught():
    found = made_up("kiosk", "from counter import bp\nfrom kiosk import x\n")
    assert client_imports_a_client(found) == ["kiosk:1 -> counter"]


def test_the_centre_importing_booking_outside_the_demo_is_caught():
    found = made_up("centre.app", "from booking.demo import demo_key\n")
    found += made_up("centre.demo_system", "from booking.demo import demo_key\n")
    assert centre_imports_booking_beyond_the_demo(found) == ["centre.app:1 -> booking.demo"]


def test_an_app_importing_the_command_line_is_caught():
    found = made_up("centre.demo_system", "from enindgang.cli import main\n")
    assert apps_import_the_cli(found) == ["centre.demo_system:1 -> enindgang.cli"]


def test_flask_or_sql_in_pure_code_is_caught():
    found = made_up("centre.core.routing", "import sqlite3\nfrom flask import request\n")
    found += made_up("kernel.clock", "from kernel.db import connect\n")
    found += made_up("kernel.catalogue", "from kernel.numbering import TICKET_LETTERS\n")
    assert pure_code_imports_web_or_sql(found) == [
        "centre.core.routing:1 -> sqlite3",
        "centre.core.routing:2 -> flask",
        "kernel.clock:1 -> kernel.db",
    ]


def test_a_store_reaching_up_into_the_domain_or_a_client_reading_a_store_is_caught():
    store = made_up("centre.store.tickets", "from centre.domain import tickets\n")
    assert layer_breaches(store) == ["centre.store.tickets:1 -> centre.domain.tickets"]
    client = made_up("kiosk", "from centre.store import tickets\n")
    assert layer_breaches(client) == ["kiosk:1 -> centre.store.tickets"]
    printer = made_up("hardware.spooler", "import booking.config\n")
    assert layer_breaches(printer) == ["hardware.spooler:1 -> booking.config"]


def test_an_import_inside_a_function_without_a_reason_is_caught():
    found = made_up("centre.app", "def f():\n    from centre import api\n")
    assert unexplained_lazy_imports(found, {}) == ["centre.app:2 -> centre.api"]
    assert unexplained_lazy_imports(found, {("centre.app", "centre.api"): " "}) != []
    assert unexplained_lazy_imports(found, {("centre.app", "centre.api"): "measured"}) == []


def test_a_cycle_is_caught_even_through_a_function_level_import():
    found = made_up("centre.web", "from centre.pages import x\n")
    found += made_up("centre.pages", "from centre.api import y\n")
    found += made_up("centre.api", "def f():\n    from centre.web import z\n")
    found += made_up("centre.app", "from centre.web import z\n")
    assert import_cycles(found) == [["centre.api", "centre.pages", "centre.web"]]
