"""Keeping a centre in step with the central booking service."""
