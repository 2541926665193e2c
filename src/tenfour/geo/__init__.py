"""tenfour.geo."""
