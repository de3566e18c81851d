"""Store modules: the only place that speaks SQL."""
