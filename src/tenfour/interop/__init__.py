"""tenfour.interop."""
