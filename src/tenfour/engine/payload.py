"""Event payloads and command digests as the engine records them, encoded on its hot path.

``payload_json`` gives the text the journal stores for an event: the event's plain data
(``tenfour.domain.events.encode``) as canonical JSON - keys sorted, no spaces, UTF-8 - written by
orjson. For strings, integers, booleans, nulls, lists and objects it is byte for byte the text of
``tenfour.journal.chain.canonical_json`` (a test holds the two together); orjson writes a float
in its shortest round-trip form and leaves out the exponent's padding (``1e-7``, not ``1e-07``),
which reads back as the same number. The journal hashes the stored text, so verification never
depends on how it was produced.

``command_digest`` is the SHA-256 of everything that makes a command what it is, so a retried
command id can be told from a reused one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from enum import Enum
from hashlib import sha256
from operator import attrgetter
from typing import Any

import orjson

from tenfour.domain.actors import Actor
from tenfour.domain.codec import field_names, to_data
from tenfour.domain.commands import Command
from tenfour.domain.events import Event
from tenfour.journal.chain import canonical_json

_SORTED = orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATACLASS
_DIGEST = orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS


def payload_json(event: Event) -> str:
    """The journal's text of ``event``'s payload."""
    reader = _READERS.get(type(event)) or _reader(type(event))
    names, values = reader
    try:
        data = dict(zip(names, values(event), strict=True))
        return orjson.dumps(data, option=_SORTED, default=_nested).decode()
    except TypeError:  # something orjson does not write (a non-text key, an int beyond 64 bits)
        return canonical_json(to_data(event))


def command_digest(command: Command, actor: Actor, expected_version: int | None = None) -> str:
    """Hex SHA-256 over the command's type and fields, the actor and the expected version."""
    body = orjson.dumps(
        (command.NAME, command, actor, expected_version), option=_DIGEST, default=repr
    )
    return sha256(body).hexdigest()


_Reader = tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]
_READERS: dict[type, _Reader] = {}


def _reader(cls: type) -> _Reader:
    """The field names of an event type and a getter of their values, made once per type."""
    names = field_names(cls) or ()
    values: Callable[[Any], tuple[Any, ...]]
    if not names:
        values = lambda value: ()  # noqa: E731
    elif len(names) == 1:
        only = names[0]
        values = lambda value: (getattr(value, only),)  # noqa: E731
    else:
        values = attrgetter(*names)
    _READERS[cls] = (names, values)
    return names, values


def _nested(value: Any) -> Any:
    if dataclasses.is_dataclass(value) or isinstance(value, frozenset | set):
        return to_data(value)
    if isinstance(value, Enum):
        return value.value
    raise TypeError(f"cannot record a value of type {type(value).__name__}")
