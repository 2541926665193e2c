"""The figures every benchmark reports."""

from __future__ import annotations

from tenfour.bench.figures import p50_p99_ms, percentile


def test_percentile_by_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50.0 and percentile(values, 99) == 99.0
    assert percentile([], 99) == 0.0


def test_percentile_reports_a_measured_value_not_an_interpolated_one() -> None:
    assert percentile([1.0, 10.0], 50) == 1.0 and percentile([1.0, 10.0], 99) == 10.0
    assert percentile([7.0], 1) == 7.0 == percentile([7.0], 100)


def test_p50_p99_ms_rounds_to_the_digits_asked() -> None:
    samples = [0.12345, 0.5, 2.71828]
    assert p50_p99_ms(samples) == {"p50_ms": 0.5, "p99_ms": 2.72}
    assert p50_p99_ms(samples, digits=3) == {"p50_ms": 0.5, "p99_ms": 2.718}
