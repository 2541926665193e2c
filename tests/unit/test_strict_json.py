"""tenfour.strict_json: what JSON and I-JSON refuse is refused, with one clear exception."""

from __future__ import annotations

import pytest

from tenfour.strict_json import MAX_DEPTH, StrictJSONError, loads


def test_plain_documents_parse() -> None:
    assert loads('{"a": [1, 2.5, "x", null, true]}') == {"a": [1, 2.5, "x", None, True]}
    assert loads(b'{"n": 18446744073709551615}') == {"n": 2**64 - 1}


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('{"a": NaN}', "NaN"),
        ('{"a": Infinity}', "Infinity"),
        ('{"a": -Infinity}', "-Infinity"),
        ('{"a": 1e999}', "out of range"),
        ('{"a": 18446744073709551616}', "out of range"),
        ('{"a": -9223372036854775809}', "out of range"),
        ('{"a": ' + "9" * 5000 + "}", "out of range"),
        ('{"a": 1, "a": 2}', "appears twice"),
        ('{"a": {"b": 1, "b": 1}}', "appears twice"),
        ("[" * 2000 + "]" * 2000, "nests deeper"),
        ("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), "nests deeper"),
        ('{"a": ', "not JSON"),
        (b'{"a": "\xff"}', "not UTF-8"),
    ],
)
def test_refused(text: str | bytes, fragment: str) -> None:
    with pytest.raises(StrictJSONError, match=fragment.replace("+", r"\+")):
        loads(text)


def test_depth_limit_is_inclusive() -> None:
    at_limit = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert loads(at_limit) is not None
    assert loads('{"a": {"b": 1}}', max_depth=2) == {"a": {"b": 1}}
    with pytest.raises(StrictJSONError):
        loads('{"a": {"b": {}}}', max_depth=2)
