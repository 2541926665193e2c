"""Recent command results by command id, so a retried command gets its first answer."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from tenfour.engine.envelope import CommandResult


@dataclass(frozen=True, slots=True)
class Seen:
    """A command id's content digest and the result it got."""

    digest: str
    result: CommandResult


class RecentCommands:
    """A bounded map of command id to result; older ids are looked up in the journal."""

    def __init__(self, capacity: int = 200_000) -> None:
        self._items: OrderedDict[str, Seen] = OrderedDict()
        self._capacity = capacity

    def get(self, command_id: str) -> Seen | None:
        """The remembered result, if the id is recent."""
        return self._items.get(command_id)

    def put(self, command_id: str, seen: Seen) -> None:
        """Remember a result, forgetting the oldest beyond capacity."""
        self._items[command_id] = seen
        if len(self._items) > self._capacity:
            self._items.popitem(last=False)
