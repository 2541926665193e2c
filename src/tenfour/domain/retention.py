"""How long the live state keeps what has ended (docs/adr/0018-history-retention.md).

The live state holds what dispatch needs now. A closed incident stays for ``closed_window_s``
after its close, then leaves with everything hanging off it; a lifted or expired directive, a
removed or expired hazard, a cancelled or expired bulletin and an ended public alert stay for the
same window after they ended. The window is journaled (``RetentionSet``), never read from the
wall clock or the settings at replay, so every replay of the same journal - a restart, a
follower, ``tenfour audit verify`` - drops the same things at the same event.

``Retention`` is the part of the state that says when: the window, the closed incidents waiting
to leave in the order they closed (a queue: each leaves in O(1)), and the event time of the next
sweep of the smaller tables.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

NEVER = "~"  # sorts after every journal time: no sweep is due
SWEEP_EVERY_S = 600  # the smaller tables are swept at most once per ten minutes of event time
DEFAULT_CLOSED_WINDOW_S = 86_400  # what a server records when its settings say nothing else


@dataclass
class Retention:
    """The journaled window and what waits to leave the live state.

    ``closed_window_s`` None: nothing leaves (a journal that never recorded a window replays as
    it always did). ``leaving``: (incident id, closed at) in the order incidents closed.
    """

    closed_window_s: int | None = None
    leaving: deque[tuple[str, str]] = field(default_factory=deque)
    next_sweep: str = NEVER
