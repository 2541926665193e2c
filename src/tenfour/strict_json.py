"""JSON as RFC 8259 and I-JSON (RFC 7493) define it, for every document that comes from outside.

Python's own parser accepts things JSON does not (``NaN``, ``Infinity``), lets a repeated member
name silently win over the first, parses integers of any size, and raises ``RecursionError`` on deep
nesting. Each of those has let a hostile document through or taken a server down. ``loads`` refuses
all of them with one exception, ``StrictJSONError``, whose message says what and where, so every
entry point (HTTP bodies, partner messages, files given to the CLI) answers the same clear refusal.
"""

from __future__ import annotations

import json
from typing import Any

MAX_DEPTH = 64
"""Deeper than any standard document tenfour takes in (an EIDO nests about 12 levels)."""

INT_MIN = -(2**63)
INT_MAX = 2**64 - 1
"""The integers a 64-bit encoder can write back: anything larger cannot be digested or stored."""


class StrictJSONError(ValueError):
    """The text is not a JSON document tenfour accepts; the message says why."""


def _refuse_constant(name: str) -> Any:
    raise StrictJSONError(f"{name} is not a JSON value")


def _bounded_int(text: str) -> int:
    if len(text) > 21:  # more digits than any 64-bit integer: refuse before converting
        raise StrictJSONError(f"the integer {text[:24]}... is out of range")
    value = int(text)
    if not INT_MIN <= value <= INT_MAX:
        raise StrictJSONError(f"the integer {text} is out of range (64 bits at most)")
    return value


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise StrictJSONError(f"the number {text[:40]} is out of range")
    return value


def _unique_members(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj: dict[str, Any] = {}
    for key, value in pairs:
        if key in obj:
            raise StrictJSONError(f"the member name {key[:80]!r} appears twice in one object")
        obj[key] = value
    return obj


def _depth_of(value: Any, limit: int) -> None:
    """Raise when ``value`` nests deeper than ``limit`` (iterative: no recursion of our own)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list) and depth > limit:
            raise StrictJSONError(f"the document nests deeper than {limit} levels")
        if isinstance(item, dict):
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)


def loads(data: str | bytes | bytearray, *, max_depth: int = MAX_DEPTH) -> Any:
    """Parse one JSON document, refusing what JSON and I-JSON do not allow.

    Refused: invalid JSON or UTF-8, ``NaN`` / ``Infinity``, numbers out of range, a member name
    repeated in one object, and nesting deeper than ``max_depth`` (objects and arrays count).
    """
    try:
        text = data.decode("utf-8") if isinstance(data, bytes | bytearray) else data
        value = json.loads(
            text,
            parse_constant=_refuse_constant,
            parse_int=_bounded_int,
            parse_float=_finite_float,
            object_pairs_hook=_unique_members,
        )
    except StrictJSONError:
        raise
    except RecursionError:
        raise StrictJSONError(f"the document nests deeper than {max_depth} levels") from None
    except UnicodeDecodeError as exc:
        raise StrictJSONError(f"the document is not UTF-8 (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise StrictJSONError(
            f"not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    _depth_of(value, max_depth)
    return value
