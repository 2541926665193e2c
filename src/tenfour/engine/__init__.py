"""tenfour.engine."""
