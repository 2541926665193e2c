"""Benchmarks: tenfour measured on this machine, called by ``tenfour bench ...``.

They live beside the product, not inside it: nothing outside ``bench/`` and ``cli/`` imports this
package (tests/unit/bench/test_apart.py checks it), so a benchmark may reach into any layer.
"""
