"""Plain-data encoding of the domain's dataclasses (events, entities, state snapshots).

Encoding follows the type hints: enums become their values, tuples and lists become lists,
nested dataclasses become objects. Decoding rebuilds the same objects from those hints, so an
event read back from the journal equals the one written.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections import deque
from enum import Enum
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")


def to_data(value: Any) -> Any:
    """Encode a dataclass (or anything inside one) into JSON-ready data."""
    if value is None or type(value) in _PLAIN:
        return value
    cls: type = type(value)
    names = _names(cls)
    if names is not None:
        return {name: to_data(getattr(value, name)) for name in names}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | tuple | deque):
        return [to_data(v) for v in value]
    if isinstance(value, frozenset | set):
        return sorted(to_data(v) for v in value)
    if isinstance(value, dict):
        return {str(k): to_data(v) for k, v in value.items()}
    return value


_PLAIN = frozenset({str, int, float, bool})


def field_names(cls: type) -> tuple[str, ...] | None:
    """The names ``to_data`` writes for a dataclass type (its init fields), or None."""
    return _names(cls)


@cache
def _names(cls: type) -> tuple[str, ...] | None:
    if not dataclasses.is_dataclass(cls):
        return None
    return tuple(f.name for f in _fields(cls))


def from_data(cls: type[T], data: Any) -> T:
    """Decode ``data`` into an instance of dataclass ``cls``."""
    return typing.cast(T, _decode(cls, data))


@cache
def _fields(cls: type) -> tuple[dataclasses.Field[Any], ...]:
    return tuple(f for f in dataclasses.fields(cls) if f.init)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _decode(tp: Any, data: Any) -> Any:
    if data is None or tp is Any:
        return data
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        return _decode_union(args, data)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = _hints(tp)
        kwargs = {
            f.name: _decode(hints[f.name], data[f.name]) for f in _fields(tp) if f.name in data
        }
        return tp(**kwargs)
    if isinstance(tp, type) and issubclass(tp, Enum):
        return tp(data)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], v) for v in data)
        return tuple(_decode(a, v) for a, v in zip(args, data, strict=True))
    if origin in (list, frozenset, set, deque):
        return origin(_decode(args[0], v) for v in data)
    if origin is dict:
        return {_decode(args[0], k): _decode(args[1], v) for k, v in data.items()}
    if tp is float and isinstance(data, int):
        return float(data)
    return data


def _decode_union(args: tuple[Any, ...], data: Any) -> Any:
    options = [a for a in args if a is not type(None)]
    if len(options) == 1:
        return _decode(options[0], data)
    return data
