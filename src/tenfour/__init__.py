"""tenfour: computer-aided dispatch over a single-writer engine and a hash-chained journal."""

__version__ = "0.1.0"
