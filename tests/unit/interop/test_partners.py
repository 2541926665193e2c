"""Partner configuration and the HMAC signatures that authenticate both directions."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tenfour.interop import partners as p

SECRET = "a" * 40
CONFIG = p.parse_config(
    {
        "local": {"agency": "MPD"},
        "partners": [{"agency": "FED", "url": "http://fed.test", "secret": SECRET}],
    }
)


def _headers(secret: str = SECRET, body: bytes = b"{}", agency: str = "FED") -> dict[str, str]:
    return {k.lower(): v for k, v in p.sign_request(secret, agency, "POST", "/x", body).items()}


def test_a_signed_request_verifies_once() -> None:
    nonces = p.NonceCache()
    headers = _headers()
    assert p.verify_request(CONFIG, nonces, headers, "POST", "/x", b"{}").agency == "FED"
    with pytest.raises(p.AuthFailed, match="already used"):
        p.verify_request(CONFIG, nonces, headers, "POST", "/x", b"{}")


@pytest.mark.parametrize(
    ("headers", "body", "path", "reason"),
    [
        (_headers(), b'{"x":1}', "/x", "does not verify"),
        (_headers(), b"{}", "/y", "does not verify"),
        (_headers(secret="b" * 40), b"{}", "/x", "does not verify"),
        (_headers(agency="EVIL"), b"{}", "/x", "not a configured partner"),
        (
            {**_headers(), "x-tenfour-date": str(int(time.time()) - 3600)},
            b"{}",
            "/x",
            "300 s from ours",
        ),
        ({**_headers(), "x-tenfour-date": "9" * 5000}, b"{}", "/x", "300 s from ours"),
        ({**_headers(), "x-tenfour-date": "\u0661\u0662"}, b"{}", "/x", "300 s from ours"),
    ],
)
def test_tampered_forged_or_stale_requests_are_refused(
    headers: dict[str, str], body: bytes, path: str, reason: str
) -> None:
    with pytest.raises(p.AuthFailed, match=reason):
        p.verify_request(CONFIG, p.NonceCache(), headers, "POST", path, body)


def test_answers_are_signed_back() -> None:
    signature = p.sign_response(SECRET, 200, "n" * 32, b"ok")
    p.verify_response(SECRET, 200, "n" * 32, b"ok", signature)
    for status, nonce, body, sig in (
        (500, "n" * 32, b"ok", signature),
        (200, "m" * 32, b"ok", signature),
        (200, "n" * 32, b"ok!", signature),
        (200, "n" * 32, b"ok", None),
    ):
        with pytest.raises(p.AuthFailed):
            p.verify_response(SECRET, status, nonce, body, sig)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ({}, "local.agency"),
        (
            {
                "local": {"agency": "MPD"},
                "partners": [{"agency": "FED", "url": "ftp://x", "secret": SECRET}],
            },
            "http",
        ),
        (
            {
                "local": {"agency": "MPD"},
                "partners": [{"agency": "FED", "url": "http://x", "secret": "short"}],
            },
            "at least 32",
        ),
        (
            {
                "local": {"agency": "MPD"},
                "partners": [
                    {"agency": "FED", "url": "http://x", "secret_env": "TENFOUR_TEST_UNSET_VAR"}
                ],
            },
            "not set",
        ),
        (
            {"local": {"agency": "MPD"}, "partners": [{"url": "http://x", "secret": SECRET}]},
            "agency is required",
        ),
        ({"local": {"agency": "MPD", "max_skew_s": 86_400}}, "max_skew_s"),
    ],
)
def test_bad_configuration_is_named(data: dict[str, object], reason: str) -> None:
    with pytest.raises(p.PartnerConfigError, match=reason):
        p.parse_config(data)


def test_config_file_and_environment_secret(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FED_SECRET", SECRET)
    path = tmp_path / "partners.json"
    path.write_text(
        json.dumps(
            {
                "local": {"agency": "MPD"},
                "partners": [
                    {
                        "agency": "FED",
                        "url": "https://fed.test",
                        "secret_env": "FED_SECRET",
                        "subscriptions": [{"type": "new", "filter": "type=crowd"}],
                    }
                ],
            }
        )
    )
    config = p.load_config(path)
    fed = config.partner("FED")
    assert fed is not None and fed.secret == SECRET and fed.ws_url("/p") == "wss://fed.test/p"
    assert fed.subscriptions[0].filter == "type=crowd"
    assert SECRET not in repr(fed)
    with pytest.raises(p.PartnerConfigError):
        p.load_config(tmp_path / "missing.json")
    assert p.load_config(None, "MPD").partners == {}


def test_the_clock_skew_is_configured() -> None:
    config = p.parse_config(
        {
            "local": {"agency": "MPD", "max_skew_s": 30},
            "partners": [{"agency": "FED", "url": "http://x", "secret": SECRET}],
        }
    )
    stale = {**_headers(), "x-tenfour-date": str(int(time.time()) - 60)}
    with pytest.raises(p.AuthFailed, match="30 s from ours"):
        p.verify_request(config, p.NonceCache(), stale, "POST", "/x", b"{}")
