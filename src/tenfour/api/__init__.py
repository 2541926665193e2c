"""tenfour.api."""
