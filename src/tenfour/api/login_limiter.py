"""Throttling password guesses without locking the rightful user out.

The rule (docs/security.md, "Logging in"):

* Failed logins are counted per (account, client address) and per client address - never per
  account alone, so nobody can lock a user out by failing logins in their name from elsewhere:
  a correct password from an address that has not itself been failing always gets through.
* The first few failures cost nothing (a typo). After them, each further attempt from that
  (account, address), or from that address at all, waits a short delay that doubles with every
  failure - 1 s, 2 s, 4 s ... - and never exceeds ``max_delay_s`` (30 s): a guesser gets a
  couple of tries a minute, the user who mistyped waits seconds, never minutes. While waiting,
  an attempt is answered 429 without its password being checked.
* Failures are forgotten ``forget_s`` after the last one, and a login that succeeds forgets
  the failures of its (account, address).
* The client address is the peer's, or - when the peer is one of the configured trusted
  proxies (``TENFOUR_TRUSTED_PROXIES``) - the nearest address in ``X-Forwarded-For`` that is
  not itself a trusted proxy. A header from anyone else is ignored: a client cannot choose its
  own address.

Memory is bounded: beyond ``max_keys`` counters the oldest are dropped.
"""

from __future__ import annotations

import ipaddress
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True, slots=True)
class Backoff:
    """How failures turn into delays: ``free`` failures cost nothing, then 1 s, 2 s, 4 s..."""

    free: int
    first_delay_s: float = 1.0
    max_delay_s: float = 30.0

    def delay(self, failures: int) -> float:
        """Seconds to wait after the last of ``failures`` before the next attempt."""
        if failures < self.free:
            return 0.0
        return float(min(self.max_delay_s, self.first_delay_s * 2 ** min(failures - self.free, 32)))


PER_ACCOUNT_AND_ADDRESS = Backoff(free=5)
PER_ADDRESS = Backoff(free=20)  # a centre's consoles may share one address (NAT)


class _Failures:
    """Failure counts and the time of the last one, by key, oldest dropped beyond ``max_keys``."""

    def __init__(self, max_keys: int) -> None:
        self._items: OrderedDict[object, tuple[int, float]] = OrderedDict()
        self._max = max_keys

    def get(self, key: object, now: float, forget_s: float) -> tuple[int, float]:
        count, last = self._items.get(key, (0, 0.0))
        if count and now - last > forget_s:
            del self._items[key]
            return 0, 0.0
        return count, last

    def add(self, key: object, now: float, forget_s: float) -> None:
        count, _ = self.get(key, now, forget_s)
        self._items.pop(key, None)
        self._items[key] = (count + 1, now)
        if len(self._items) > self._max:
            self._items.popitem(last=False)

    def forget(self, key: object) -> None:
        self._items.pop(key, None)


class LoginLimiter:
    """Delays after failed logins, per (account, address) and per address (see module doc)."""

    def __init__(
        self,
        *,
        per_pair: Backoff = PER_ACCOUNT_AND_ADDRESS,
        per_address: Backoff = PER_ADDRESS,
        forget_s: float = 900.0,
        max_keys: int = 100_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._rules = ((per_pair, _Failures(max_keys)), (per_address, _Failures(max_keys)))
        self._forget = forget_s
        self._clock = clock

    def retry_after(self, user: str, address: str) -> float:
        """Seconds until ``user`` may try again from ``address`` (0: now)."""
        now = self._clock()
        wait = 0.0
        for (rule, failures), key in zip(self._rules, _keys(user, address), strict=True):
            count, last = failures.get(key, now, self._forget)
            wait = max(wait, last + rule.delay(count) - now if count else 0.0)
        return wait

    def failed(self, user: str, address: str) -> None:
        """Count a failed attempt."""
        now = self._clock()
        for (_, failures), key in zip(self._rules, _keys(user, address), strict=True):
            failures.add(key, now, self._forget)

    def succeeded(self, user: str, address: str) -> None:
        """Forget the failures of this (account, address): the user got in."""
        self._rules[0][1].forget((user, address))


def _keys(user: str, address: str) -> tuple[object, object]:
    return (user, address), address


def client_address(peer: str | None, forwarded_for: str | None, trusted: Sequence[Network]) -> str:
    """The client's address: the peer's, unless the peer is a trusted proxy (module doc)."""
    address = peer or "unknown"
    if not forwarded_for or not _within(address, trusted):
        return address
    for hop in reversed([h.strip() for h in forwarded_for.split(",")]):
        if not _parses(hop):
            break  # garbage from beyond the last trusted hop: the address before it stands
        address = hop
        if not _within(hop, trusted):
            break
    return address


def _parses(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _within(address: str, networks: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in networks)
