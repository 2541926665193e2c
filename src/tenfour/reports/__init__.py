"""tenfour.reports."""
