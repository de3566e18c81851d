"""Where the report page's shared templates and style live (both apps' page blueprints use
them): kernel/templates/reports and kernel/static/reports."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
TEMPLATES = str(HERE / "templates")
STATIC = str(HERE / "static" / "reports")
STATIC_URL = "/static/reports"
