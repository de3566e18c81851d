"""The languages both apps speak: Danish first, English complete (no Flask: rules use it too)."""

from __future__ import annotations

LANGUAGES = ("da", "en")
DEFAULT_LANGUAGE = "da"
