"""Settings: the secret a server may run with, trusted proxies."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from tenfour.settings import DEFAULT_SECRET, Settings


def test_the_development_secret_needs_the_dev_flag() -> None:
    with pytest.raises(ValueError, match="TENFOUR_DEV=1"):
        Settings(secret=DEFAULT_SECRET).check_secret()
    Settings(secret=DEFAULT_SECRET, dev=True).check_secret()
    with pytest.raises(ValueError, match="development secret"):
        Settings(secret=DEFAULT_SECRET, dev=True, production=True).check_secret()


def test_a_secret_needs_32_bytes() -> None:
    with pytest.raises(ValueError, match="31 bytes"):
        Settings(secret="s" * 31).check_secret()
    Settings(secret="s" * 32).check_secret()
    with pytest.raises(ValueError, match="cannot both"):
        Settings(secret="s" * 32, dev=True, production=True).check_production()


def test_trusted_proxies_are_addresses_or_networks() -> None:
    nets = Settings(trusted_proxies="10.0.0.1, 192.168.0.0/16,::1").proxy_networks()
    assert [str(n) for n in nets] == ["10.0.0.1/32", "192.168.0.0/16", "::1/128"]
    with pytest.raises(ValidationError):
        Settings(trusted_proxies="proxy.example.org")
