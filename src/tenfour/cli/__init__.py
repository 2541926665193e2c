"""tenfour.cli."""
