"""What the rules are told about the world outside the state: the gazetteer, the incident types
and the time bounds.

The domain does no I/O, yet two of its rules need the outside: a location is ``verified`` only
when the server's own gazetteer says so (a client cannot assert it), and a time a client sends
must lie near the server's clock. The engine hands both in (``Surroundings``); without them
nothing is verified and the default bounds apply.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from tenfour.domain.timefmt import TimeBounds


class Gazetteer(Protocol):
    """The street names and addresses the centre's own geo data knows."""

    def street(self, name: str) -> str | None:
        """The gazetteer's spelling of a street it knows by exactly this name, else None."""
        ...

    def verifies(self, address: str, lat: float, lon: float) -> bool:
        """Whether the address is a known one lying at (about) this position."""
        ...


class NoGazetteer:
    """A gazetteer that knows nothing: no street is published, no location verified."""

    def street(self, name: str) -> str | None:
        """Never known."""
        return None

    def verifies(self, address: str, lat: float, lon: float) -> bool:
        """Never verified."""
        return False


class IncidentTypes(Protocol):
    """The controlled vocabulary of incident types in force (the centre's file, else the
    packaged list)."""

    def codes(
        self, config: Mapping[str, Mapping[str, Mapping[str, Any]]]
    ) -> Mapping[str, int] | None:
        """Every known type code with its default priority, given the centre's configuration
        entries in the state; None when there is no list to check against."""
        ...


class AnyType:
    """No vocabulary given (a bare engine in a test): every type code is taken."""

    def codes(
        self, config: Mapping[str, Mapping[str, Mapping[str, Any]]]
    ) -> Mapping[str, int] | None:
        """Nothing to check against."""
        return None


@dataclass(frozen=True, slots=True)
class Surroundings:
    """The engine's gazetteer, incident types and time bounds, as one command's handler sees
    them."""

    gazetteer: Gazetteer = field(default_factory=NoGazetteer)
    time_bounds: TimeBounds = field(default_factory=TimeBounds)
    types: IncidentTypes = field(default_factory=AnyType)

    def for_history(self) -> Surroundings:
        """The same, for times another system recorded (a partner's calls in a document it
        sends us, which may have rung hours before the transfer): reported times may lie up to
        the horizon back; never further ahead than the skew."""
        bounds = replace(self.time_bounds, past=self.time_bounds.horizon)
        return replace(self, time_bounds=bounds)


NOWHERE = Surroundings()
