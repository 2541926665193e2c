"""What the nodes sharing one journal know of each other: who leads, where, and when to read.

Several ``tenfour serve`` nodes may share a PostgreSQL journal; one leads (it holds the writer
lock), the others follow (``tenfour.engine.node``). A ``NodeLink`` is one node's view of the
others: the current lock holder and how long its lock session has been quiet (a leader beats
every half second, so a long silence means a frozen process or a lost host), the holder's
advertised URL (for carrying commands to it), a way to end a frozen holder's sessions so the
lock comes free, and a wake-up when the leader appends. A SQLite or memory journal has one node
only: ``SingleNode`` says so.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class LeaderSeen:
    """The node holding the writer lock, as another node sees it."""

    node: str  # its node id ("" when the holder is not a tenfour node we can name)
    url: str  # where it serves ("" when it never said)
    quiet_s: float  # seconds since its lock session last did anything
    pid: int  # the lock session's backend


class NodeLink(Protocol):
    """One node's link to the others sharing its journal."""

    shared: bool  # True where several nodes may share the journal

    def register(self, role: str) -> None:
        """Say where this node serves and what it does now."""

    def leader(self) -> LeaderSeen | None:
        """The lock holder now, or None."""
        ...

    def fence(self, leader: LeaderSeen) -> int:
        """End every database session of a (frozen) leader; how many were ended."""
        ...

    def heartbeat(self) -> bool:
        """The leader's beat; False once this node no longer holds the writer lock."""
        ...

    def wait_for_appends(self, timeout: float) -> bool:
        """Block until the leader appends (True) or ``timeout`` seconds pass (False)."""
        ...

    def close(self) -> None:
        """Close the link's connections."""


class SingleNode:
    """A journal only one process uses (SQLite, memory): no peers, no wake-ups."""

    shared = False

    def register(self, role: str) -> None:
        """Nothing to say: there is no one to hear it."""

    def leader(self) -> LeaderSeen | None:
        """No other node can hold the lock."""
        return None

    def fence(self, leader: LeaderSeen) -> int:
        """Nothing to end."""
        return 0

    def heartbeat(self) -> bool:
        """The file lock lasts as long as this process."""
        return True

    def wait_for_appends(self, timeout: float) -> bool:
        """No one else appends: sleep."""
        time.sleep(timeout)
        return False

    def close(self) -> None:
        """Nothing to close."""


def node_link(journal: object, node: str, url: str) -> NodeLink:
    """The link for ``journal``: a PostgreSQL journal's shared link, else ``SingleNode``."""
    make = getattr(journal, "node_link", None)
    if make is None:
        return SingleNode()
    link: NodeLink = make(node, url)
    return link


def session_prefix(application: str) -> str:
    """Sessions of one process are named ``APPLICATION:purpose``."""
    return application + ":"


def node_of_application(application_name: str) -> tuple[str, str]:
    """``tenfour:NODE#PID:lock`` -> (``NODE``, ``tenfour:NODE#PID``); ("", "") if not ours."""
    if not application_name.startswith("tenfour:") or ":" not in application_name[8:]:
        return "", ""
    application = application_name.rsplit(":", 1)[0]
    node = application.removeprefix("tenfour:").rsplit("#", 1)[0]
    return node, application
