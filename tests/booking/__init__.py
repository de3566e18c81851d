"""Tests of the central booking service."""
