"""tenfour.sim."""
