"""Booking services: plain functions over the store and the pure core."""
