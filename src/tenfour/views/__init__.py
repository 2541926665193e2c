"""tenfour.views."""
