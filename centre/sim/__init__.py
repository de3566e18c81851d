"""A centre's day simulated with the queue rules of `centre.core` (see docs/ARCHITECTURE.md)."""
