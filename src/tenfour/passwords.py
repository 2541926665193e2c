"""What a password must be: long enough, not absurdly long, not the user's name, not common.

The common passwords are the 20,000 of ``tenfour/data/common-passwords.txt.gz`` (see the ``.md``
beside it for source and licence), read once on first use and compared lower-cased. A module of
its own beside ``strict_json``: the credential store, the admin API and the CLI check the same
rules.
"""

from __future__ import annotations

import gzip
from functools import cache
from importlib import resources

MIN_PASSWORD = 8
MAX_PASSWORD = 1024


class PasswordRefused(ValueError):  # noqa: N818 - a refusal, not a program error
    """A password that may not be set; the message says why."""


@cache
def common_passwords() -> frozenset[str]:
    """The common-password list, lower-cased."""
    data = (resources.files("tenfour") / "data" / "common-passwords.txt.gz").read_bytes()
    return frozenset(gzip.decompress(data).decode("utf-8").split())


def check_password_rules(password: str, user: str | None = None) -> None:
    """Refuse a password too short or too long, equal to the user's name, or common."""
    if len(password) < MIN_PASSWORD:
        raise PasswordRefused(f"a password needs at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise PasswordRefused(f"a password has at most {MAX_PASSWORD} characters")
    folded = password.strip().lower()
    if user is not None and folded in (user.lower(), user.lower()[::-1]):
        raise PasswordRefused("a password may not be the user name")
    if folded in common_passwords():
        raise PasswordRefused("this password is on a list of common passwords: choose another")
