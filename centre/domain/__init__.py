"""Domain services: plain functions that apply the core rules to the store, one transaction each."""
