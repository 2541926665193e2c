"""The login limiter: short growing delays per (account, address) and per address, no lockout
of the rightful user, and the client's address only from a trusted proxy."""

from __future__ import annotations

import ipaddress

import pytest

from tenfour.api.login_limiter import Backoff, LoginLimiter, client_address


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_delays_grow_after_a_few_failures_and_stay_short() -> None:
    rule = Backoff(free=5)
    delays = [rule.delay(n) for n in range(4, 12)]
    assert delays == [0, 1, 2, 4, 8, 16, 30, 30]
    assert rule.delay(10_000) == 30


def test_fifty_failures_never_lock_the_user_out_for_minutes() -> None:
    clock = Clock()
    limiter = LoginLimiter(clock=clock)
    for _ in range(50):
        clock.now += limiter.retry_after("disp1", "203.0.113.9")
        limiter.failed("disp1", "203.0.113.9")
    assert 0 < limiter.retry_after("disp1", "203.0.113.9") <= 30
    clock.now += 30
    assert limiter.retry_after("disp1", "203.0.113.9") == 0


def test_failures_elsewhere_never_delay_the_rightful_user() -> None:
    clock = Clock()
    limiter = LoginLimiter(clock=clock)
    for n in range(100):  # someone hammers disp1's account from many addresses
        limiter.failed("disp1", f"198.51.100.{n % 50}")
    assert limiter.retry_after("disp1", "203.0.113.9") == 0  # disp1 at their console


def test_one_address_spraying_accounts_is_throttled_as_a_whole() -> None:
    clock = Clock()
    limiter = LoginLimiter(clock=clock)
    for n in range(20):
        assert limiter.retry_after(f"user{n}", "198.51.100.7") == 0
        limiter.failed(f"user{n}", "198.51.100.7")
    assert limiter.retry_after("someone-else", "198.51.100.7") > 0
    assert limiter.retry_after("someone-else", "198.51.100.8") == 0


def test_success_forgets_and_time_forgets() -> None:
    clock = Clock()
    limiter = LoginLimiter(clock=clock, forget_s=900)
    for _ in range(6):
        limiter.failed("u", "c")
    assert limiter.retry_after("u", "c") > 0
    limiter.succeeded("u", "c")
    assert limiter.retry_after("u", "c") == 0
    for _ in range(6):
        limiter.failed("v", "d")
    clock.now += 901
    assert limiter.retry_after("v", "d") == 0


def test_memory_is_bounded() -> None:
    limiter = LoginLimiter(max_keys=10)
    for n in range(1000):
        limiter.failed(f"u{n}", f"a{n}")
    assert all(len(f._items) <= 10 for _, f in limiter._rules)


PROXIES = [ipaddress.ip_network("10.0.0.0/8"), ipaddress.ip_network("::1/128")]


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        ("203.0.113.5", "1.2.3.4", "203.0.113.5"),  # not a proxy: its header is ignored
        ("10.0.0.2", "198.51.100.7", "198.51.100.7"),
        ("10.0.0.2", "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # the client's own claim ignored
        ("10.0.0.2", "198.51.100.7, 10.0.0.3", "198.51.100.7"),  # two proxies deep
        ("10.0.0.2", "not-an-address", "10.0.0.2"),
        ("10.0.0.2", None, "10.0.0.2"),
        ("::1", "2001:db8::7", "2001:db8::7"),
        (None, "1.2.3.4", "unknown"),
    ],
)
def test_the_client_address_comes_from_trusted_proxies_only(
    peer: str | None, forwarded: str | None, client: str
) -> None:
    assert client_address(peer, forwarded, PROXIES) == client
