"""Password rules: length, not the user's name, not a common password."""

from __future__ import annotations

import pytest

from tenfour.passwords import PasswordRefused, check_password_rules, common_passwords


@pytest.mark.parametrize(
    ("password", "user", "says"),
    [
        ("short", None, "at least 8"),
        ("x" * 1025, None, "at most 1024"),
        ("Dispatcher7", "dispatcher7", "user name"),
        ("7rehctapsid", "dispatcher7", "user name"),
        ("password123", None, "common"),
        ("ILOVEYOU", None, "common"),
    ],
)
def test_refused(password: str, user: str | None, says: str) -> None:
    with pytest.raises(PasswordRefused, match=says):
        check_password_rules(password, user)


def test_a_good_password_passes() -> None:
    check_password_rules("river lantern copper 41", "disp1")
    assert len(common_passwords()) > 19_000
