"""Word error rate of a transcript against the script that was spoken (jiwer).

Both texts are normalised the way the phrase spotter reads them (case, punctuation, number
words as digits), so "Engine Twelve, en route." and "engine 12 en route" count as equal.
"""

from __future__ import annotations

from collections.abc import Sequence

import jiwer

from tenfour.domain.radio_phrases import normalise


def word_error_rate(reference: str, hypothesis: str) -> float:
    """Substitutions, deletions and insertions per reference word (0 is perfect)."""
    return corpus_wer([reference], [hypothesis])


def corpus_wer(references: Sequence[str], hypotheses: Sequence[str]) -> float:
    """Word error rate over many lines: errors summed, over reference words summed."""
    kept = [(normalise(r), normalise(h)) for r, h in zip(references, hypotheses, strict=True)]
    kept = [(r, h) for r, h in kept if r]
    if not kept:
        raise ValueError("no reference words to measure against")
    return float(jiwer.wer([r for r, _ in kept], [h for _, h in kept]))
