"""The geo services of one running server: its city and the recommender built on its roads.

Made by the composition root (``tenfour.runtime.build_runtime``) with the city it was given (the
``--city`` directory, the demo's), or loading the shipped one on first use: loading roads and
addresses takes about a second, and many processes (CLI commands, most tests) never need them.
The recommender follows the centre's configuration: run cards and unit types set with
``tenfour centre apply`` replace the packaged ones (``config`` is the engine state's).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Mapping
from typing import Any

from tenfour.domain.run_cards import RunCardBook
from tenfour.geo.city import City, load_city
from tenfour.geo.eta_ranking import Recommender, load_run_cards, run_cards_in_force

Config = Mapping[str, Mapping[str, Mapping[str, Any]]]


class GeoServices:
    """The city and its recommender, each made once (thread-safe: requests run in threads)."""

    def __init__(self, city: City | None = None, loader: Callable[[], City] = load_city) -> None:
        self._city = city
        self._loader = loader
        self._packaged: RunCardBook | None = None
        self._recommender: tuple[str, Recommender] | None = None
        self._lock = threading.Lock()

    @property
    def city(self) -> City:
        """The city, loaded on first use when none was given."""
        with self._lock:
            if self._city is None:
                self._city = self._loader()
            return self._city

    @property
    def recommender(self) -> Recommender:
        """Drive-time recommendation on the city's roads with the packaged run cards."""
        return self.recommender_for({})

    def recommender_for(self, config: Config) -> Recommender:
        """Drive-time recommendation with the run cards in force under ``config``."""
        city = self.city
        sections = {k: config.get(k) or {} for k in ("run_card", "unit_type")}
        key = json.dumps(sections, sort_keys=True)
        with self._lock:
            if self._recommender is None or self._recommender[0] != key:
                if self._packaged is None:
                    self._packaged = load_run_cards()
                book = run_cards_in_force(sections, self._packaged)
                self._recommender = (key, Recommender(city.network, book))
            return self._recommender[1]
