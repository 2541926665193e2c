"""Automatic matching of bulletins (BOLOs) and hazards against what incidents say and where.

Plates match when the plate's letters and digits appear as one to three consecutive words of
the text ("ABC-123", "abc 123", "ABC123" all match plate ABC-123). Names match when their
words appear consecutively in either order ("John Smith", "SMITH JOHN").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_WORD = re.compile(r"[0-9A-Za-zÀ-ÖØ-öø-ÿ]+")


def words(text: str) -> list[str]:
    """Upper-case words of a text, punctuation dropped."""
    return [w.upper() for w in _WORD.findall(text)]


def plate_key(plate: str) -> str:
    """A plate's letters and digits only, upper case."""
    return "".join(words(plate))


def find_plate(plate: str, text: str) -> bool:
    """Whether the plate appears in the text."""
    key = plate_key(plate)
    if len(key) < 3:
        return False
    ws = words(text)
    return any("".join(ws[i : i + n]) == key for n in (1, 2, 3) for i in range(len(ws)))


def find_person(name: str, text: str) -> bool:
    """Whether a person's full name appears in the text (either word order)."""
    target = words(name)
    if len(target) < 2:
        return False
    ws = words(text)
    n = len(target)
    wanted = (target, list(reversed(target)))
    return any(ws[i : i + n] in wanted for i in range(len(ws) - n + 1))


def first_match(plates: Iterable[str], persons: Iterable[str], text: str) -> str | None:
    """What of a bulletin the text names: the plate or person found, or None."""
    for plate in plates:
        if find_plate(plate, text):
            return f"plate {plate}"
    for person in persons:
        if find_person(person, text):
            return f"person {person}"
    return None
