"""tenfour.journal."""
