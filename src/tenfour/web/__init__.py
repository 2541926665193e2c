"""tenfour.web."""
