"""The camera of `scripts/screenshots`: waits for a page to settle, saves it at its viewport's
size, runs axe on it and prints one line per screen."""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field
from pathlib import Path

WAIT_MS = 15_000  # for content to appear: pushes and pages answer well within this
AXE_RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@dataclass
class Shot:
    name: str
    size: dict
    violations: list[str] = field(default_factory=list)
    error: str | None = None


def wait_for_js(page, expression: str, timeout: float = WAIT_MS) -> None:
    """Poll an expression with page.evaluate (the pages' CSP forbids wait_for_function's eval)."""
    deadline = time.monotonic() + timeout / 1000
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise TimeoutError(f"not true within {timeout} ms: {expression}")
        page.wait_for_timeout(50)


# Fonts loaded, every visible image decoded, no finite animation still running.
SETTLED = """(() => {
  if (document.fonts && document.fonts.status !== "loaded") return false;
  const images = Array.from(document.images).filter((i) => i.offsetParent !== null);
  if (!images.every((i) => i.complete && i.naturalWidth > 0)) return false;
  return document.getAnimations().every((a) => {
    const timing = a.effect && a.effect.getComputedTiming ? a.effect.getComputedTiming() : {};
    return timing.iterations === Infinity || a.playState !== "running";
  });
})()"""


def settle(page) -> None:
    # An image that never loads is for axe and the reviewer to see, not a reason to stop.
    with contextlib.suppress(TimeoutError):
        wait_for_js(page, SETTLED, 5_000)


def axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": AXE_RULES})
    return [f"{v['id']} ({len(v['nodes'])})" for v in results.response["violations"]]


class Camera:
    """Takes each screen at its viewport's size into `out` and keeps what axe said of it."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.shots: list[Shot] = []

    def take(self, page, name: str, size: dict) -> None:
        page.set_viewport_size(size)
        settle(page)
        shot = Shot(name, size)
        page.screenshot(path=str(self.out / f"{name}.png"))
        shot.violations = axe_violations(page)
        self.record(shot)

    def failed(self, name: str, size: dict, error: BaseException, page=None) -> None:
        """Note a screen that could not be reached; what the page showed instead goes to
        `<name>.failed.png` (not counted as a screen)."""
        if page is not None:
            with contextlib.suppress(Exception):
                page.screenshot(path=str(self.out / f"{name}.failed.png"))
        self.record(Shot(name, size, error=f"{type(error).__name__}: {error}".splitlines()[0]))

    def record(self, shot: Shot) -> None:
        self.shots.append(shot)
        size = f"{shot.size['width']}x{shot.size['height']}"
        if shot.error:
            line = f"not captured: {shot.error}"
        else:
            found = ", ".join(shot.violations)
            line = f"axe violations: {len(shot.violations)}" + (f" ({found})" if found else "")
        print(f"{shot.name:<36} {size:>9}  {line}", flush=True)


def visible(page, selector: str):
    """The first visible element matching `selector` (pages keep hidden screens in the DOM)."""
    locator = page.locator(f"{selector} >> visible=true").first
    locator.wait_for(state="visible", timeout=WAIT_MS)
    return locator
