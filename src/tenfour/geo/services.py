"""The geo services of one running server: its city and the recommender built on its roads.

Made by the composition root (``tenfour.runtime.build_runtime``) with the city it was given, or
loading the shipped one on first use: loading roads and addresses takes about a second, and many
processes (CLI commands, most tests) never need them.
"""

from __future__ import annotations

import threading

from tenfour.geo.city import City, load_city
from tenfour.geo.eta_ranking import Recommender, load_run_cards


class GeoServices:
    """The city and its recommender, each made once (thread-safe: requests run in threads)."""

    def __init__(self, city: City | None = None) -> None:
        self._city = city
        self._recommender: Recommender | None = None
        self._lock = threading.Lock()

    @property
    def city(self) -> City:
        """The city, loaded on first use when none was given."""
        with self._lock:
            if self._city is None:
                self._city = load_city()
            return self._city

    @property
    def recommender(self) -> Recommender:
        """Drive-time recommendation on the city's roads with the shipped run cards."""
        city = self.city
        with self._lock:
            if self._recommender is None:
                self._recommender = Recommender(city.network, load_run_cards())
            return self._recommender
