"""docs/ARCHITECTURE.md stays true to the tree, and every package says what lives in it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAP = ROOT / "docs" / "ARCHITECTURE.md"

PACKAGES = (
    "kernel",
    "enindgang",
    "centre",
    "centre/core",
    "centre/store",
    "centre/domain",
    "centre/sync",
    "kiosk",
    "display",
    "counter",
    "hardware",
    "booking",
    "booking/core",
    "booking/store",
    "booking/domain",
    "booking/citizen",
    "booking/staff",
    "booking/api",
    "booking/sync",
    "booking/mail",
    "tests",
    "tests/booking",
)

FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"`([^`\n]+)`")
# One path-like token: letters, digits, dots, dashes, underscores, slashes and globs.
PATH_LIKE = re.compile(r"[\w.*-]+(/[\w.*-]*)*")
PATH_ENDINGS = (".py", ".md", ".json", ".toml")
MARKDOWN_LINK = re.compile(r"\]\(([^)#\s]+)(#[^)]*)?\)")


def written_paths(markdown: str) -> list[str]:
    """Repository paths in backticks outside code blocks; URL routes start with / and are not."""
    prose = FENCE.sub("", markdown)
    found = []
    for span in CODE_SPAN.findall(prose):
        if span.startswith("/") or not PATH_LIKE.fullmatch(span):
            continue
        if "/" in span or span.endswith(PATH_ENDINGS):
            found.append(span)
    return found


def missing(paths: list[str]) -> list[str]:
    gone = []
    for path in paths:
        matches = list(ROOT.glob(path.rstrip("/"))) if "*" in path else [ROOT / path]
        if not any(m.exists() for m in matches):
            gone.append(path)
    return gone


def test_every_path_the_architecture_page_names_exists():
    paths = written_paths(MAP.read_text(encoding="utf-8"))
    assert len(paths) > 50, "the page should name the files it talks about"
    assert missing(paths) == []


def test_a_misspelt_path_on_the_page_is_caught():
    page = "The hub is `centre/realtime.py`; the rules in `centre/core/transiton.py`.\n"
    assert missing(written_paths(page)) == ["centre/core/transiton.py"]


def test_routes_and_code_blocks_are_not_taken_for_paths():
    page = "`POST /api/v1/tickets`, `/display`\n```mermaid\nA[`nowhere/x.py`]\n```\n`a b/c`\n"
    assert written_paths(page) == []


def test_links_inside_the_repository_lead_somewhere():
    links = [m.group(1) for m in MARKDOWN_LINK.finditer(MAP.read_text(encoding="utf-8"))]
    inside = [link for link in links if (MAP.parent / link).resolve().is_relative_to(ROOT)]
    assert inside, "the page links at least SECURITY.md"
    assert [link for link in inside if not (MAP.parent / link).exists()] == []


def test_readme_points_to_the_architecture_page():
    assert "docs/ARCHITECTURE.md" in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("package", PACKAGES)
def test_each_package_says_what_lives_in_it(package):
    source = (ROOT / package / "__init__.py").read_text(encoding="utf-8")
    docstring = ast.get_docstring(ast.parse(source))
    assert docstring, f"{package}/__init__.py has no docstring"
    # A summary line and a paragraph under it, not a bare title.
    assert len(docstring.split()) >= 25, f"{package}/__init__.py: say what lives there"
