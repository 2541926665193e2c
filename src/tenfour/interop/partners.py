"""Partner CADs and how we prove to each other who we are (see docs/adr/0007-cad-to-cad.md).

Configuration is a JSON file named by ``TENFOUR_PARTNERS_FILE``::

    {"local": {"agency": "MPD", "element": "cad.mpd.example", "cap_sender": "alerts@mpd.example"},
     "partners": [{"agency": "FED", "url": "https://cad.fed.example", "secret_env": "FED_SECRET",
                   "verify_tls": true, "ca_file": null, "client_cert": null, "client_key": null,
                   "subscriptions": [{"type": "new", "filter": "incidentType=ASSIST,CRWD"}]}]}

Every request between partners is signed with HMAC-SHA256 over method, path, sending agency,
time, a nonce and the body's SHA-256, using the secret the two agencies share; every answer is
signed back over its status, the request's nonce and its own body. Either side refuses what
does not verify, a time more than five minutes off, or a nonce it has already seen.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import ssl
import time
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

AGENCY = "X-Tenfour-Agency"
DATE = "X-Tenfour-Date"
NONCE = "X-Tenfour-Nonce"
SIGNATURE = "X-Tenfour-Signature"
RESPONSE_SIGNATURE = "X-Tenfour-Response-Signature"
SKEW_S = 300
MAX_SKEW_S = 3600  # the journal remembers nonces for twice this (domain.interop.NONCE_MEMORY_S)
MIN_SECRET = 32


class PartnerConfigError(ValueError):
    """The partners file is missing, unreadable or wrong; the message says where."""


class AuthFailed(PermissionError):  # noqa: N818 - a refusal, not a program error
    """A partner request or answer that does not verify."""


@dataclass(frozen=True)
class Subscription:
    """A conveyance subscription we keep with a partner: ``new`` incidents or one ``single``."""

    type: str = "new"
    filter: str = ""
    incident: str = ""


@dataclass(frozen=True)
class Partner:
    """Another agency's CAD: where it is, the secret we share, how to reach it over TLS."""

    agency: str
    url: str
    secret: str = field(repr=False)
    verify_tls: bool = True
    ca_file: str | None = None
    client_cert: str | None = None
    client_key: str | None = None
    subscriptions: tuple[Subscription, ...] = ()

    def ssl_context(self) -> ssl.SSLContext | bool:
        """What to verify the partner's certificate against, and our client certificate."""
        if not self.url.startswith(("https:", "wss:")):
            return self.verify_tls
        context = ssl.create_default_context(cafile=self.ca_file)
        if not self.verify_tls:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        if self.client_cert:
            context.load_cert_chain(self.client_cert, self.client_key)
        return context

    def ws_url(self, path: str) -> str:
        """The partner's WebSocket URL for ``path``."""
        base = self.url.rstrip("/")
        return "ws" + base[4:] + path if base.startswith("http") else base + path


@dataclass(frozen=True)
class PartnerConfig:
    """Who we are to partners, and who they are."""

    agency: str
    element: str
    cap_sender: str
    partners: dict[str, Partner]
    max_skew_s: int = SKEW_S  # how far a partner's request time may be from ours

    def partner(self, agency: str) -> Partner | None:
        """The partner configured for ``agency``, if any."""
        return self.partners.get(agency)


def _secret(raw: Mapping[str, Any], where: str) -> str:
    value = raw.get("secret")
    if value is None and raw.get("secret_env"):
        value = os.environ.get(str(raw["secret_env"]))
        if value is None:
            raise PartnerConfigError(
                f"{where}: environment variable {raw['secret_env']} is not set"
            )
    if not isinstance(value, str) or len(value) < MIN_SECRET:
        raise PartnerConfigError(
            f"{where}: the shared secret must be at least {MIN_SECRET} characters"
        )
    return value


def _partner(raw: Mapping[str, Any], i: int) -> Partner:
    where = f"partners[{i}]"
    for key in ("agency", "url"):
        if not isinstance(raw.get(key), str) or not raw[key]:
            raise PartnerConfigError(f"{where}.{key} is required")
    if not str(raw["url"]).startswith(("http://", "https://")):
        raise PartnerConfigError(f"{where}.url must start with http:// or https://")
    subs = tuple(Subscription(**s) for s in raw.get("subscriptions", []))
    return Partner(
        agency=raw["agency"],
        url=raw["url"],
        secret=_secret(raw, where),
        verify_tls=bool(raw.get("verify_tls", True)),
        ca_file=raw.get("ca_file"),
        client_cert=raw.get("client_cert"),
        client_key=raw.get("client_key"),
        subscriptions=subs,
    )


def parse_config(data: Mapping[str, Any]) -> PartnerConfig:
    """A partners configuration from its JSON data."""
    local = data.get("local")
    if not isinstance(local, dict) or not local.get("agency"):
        raise PartnerConfigError("local.agency is required")
    try:
        partners = [_partner(p, i) for i, p in enumerate(data.get("partners", []))]
    except TypeError as err:
        raise PartnerConfigError(f"partners: {err}") from None
    element = str(local.get("element") or f"cad.{str(local['agency']).lower()}.tenfour.invalid")
    skew = local.get("max_skew_s", SKEW_S)
    if not isinstance(skew, int) or isinstance(skew, bool) or not 1 <= skew <= MAX_SKEW_S:
        raise PartnerConfigError(f"local.max_skew_s is a number of seconds, 1 to {MAX_SKEW_S}")
    return PartnerConfig(
        agency=str(local["agency"]),
        element=element,
        cap_sender=str(local.get("cap_sender") or element),
        partners={p.agency: p for p in partners},
        max_skew_s=skew,
    )


def load_config(path: Path | None, default_agency: str = "LOCAL") -> PartnerConfig:
    """Read the partners file; without one, a configuration with no partners."""
    if path is None:
        return parse_config({"local": {"agency": default_agency}})
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as err:
        raise PartnerConfigError(f"{path}: {err}") from None
    return parse_config(data)


# --- signing ------------------------------------------------------------------------------


def _mac(secret: str, text: str) -> str:
    return hmac.new(secret.encode(), text.encode(), hashlib.sha256).hexdigest()


def _request_text(method: str, path: str, agency: str, date: str, nonce: str, body: bytes) -> str:
    digest = hashlib.sha256(body).hexdigest()
    return f"tenfour-v1\n{method.upper()}\n{path}\n{agency}\n{date}\n{nonce}\n{digest}"


def sign_request(
    secret: str, agency: str, method: str, path: str, body: bytes = b""
) -> dict[str, str]:
    """Headers that sign a request to a partner as ``agency``."""
    date, nonce = str(int(time.time())), secrets.token_hex(16)
    text = _request_text(method, path, agency, date, nonce, body)
    return {AGENCY: agency, DATE: date, NONCE: nonce, SIGNATURE: _mac(secret, text)}


def sign_response(secret: str, status: int, nonce: str, body: bytes = b"") -> str:
    """The signature a partner's answer carries, binding it to the request's nonce."""
    digest = hashlib.sha256(body).hexdigest()
    return _mac(secret, f"tenfour-v1-response\n{status}\n{nonce}\n{digest}")


def verify_response(
    secret: str, status: int, nonce: str, body: bytes, signature: str | None
) -> None:
    """Refuse an answer not signed by the partner we asked."""
    if not signature or not hmac.compare_digest(
        signature, sign_response(secret, status, nonce, body)
    ):
        raise AuthFailed("the partner's answer is not signed with our shared secret")


class NonceCache:
    """Nonces seen within the allowed clock skew, so a captured request cannot be replayed."""

    def __init__(self, capacity: int = 100_000) -> None:
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._capacity = capacity

    def fresh(self, nonce: str, now: float) -> bool:
        """Remember the nonce; False when it was seen already."""
        while self._seen and (
            next(iter(self._seen.values())) < now - 2 * SKEW_S or len(self._seen) > self._capacity
        ):
            self._seen.popitem(last=False)
        if nonce in self._seen:
            return False
        self._seen[nonce] = now
        return True


def verify_request(
    config: PartnerConfig,
    nonces: NonceCache,
    headers: Mapping[str, str],
    method: str,
    path: str,
    body: bytes = b"",
) -> Partner:
    """The partner that signed this request; ``AuthFailed`` saying why not otherwise."""
    agency = headers.get(AGENCY.lower()) or headers.get(AGENCY) or ""
    partner = config.partner(agency)
    if partner is None:
        raise AuthFailed(f"agency {agency!r} is not a configured partner")
    date = headers.get(DATE.lower()) or headers.get(DATE) or ""
    nonce = headers.get(NONCE.lower()) or headers.get(NONCE) or ""
    signature = headers.get(SIGNATURE.lower()) or headers.get(SIGNATURE) or ""
    now = time.time()
    if not (date.isascii() and date.isdigit() and len(date) <= 12) or (
        abs(now - int(date)) > config.max_skew_s
    ):
        raise AuthFailed(
            f"the request's time is missing or more than {config.max_skew_s} s from ours"
        )
    expected = _mac(partner.secret, _request_text(method, path, agency, date, nonce, body))
    if not hmac.compare_digest(signature, expected):
        raise AuthFailed("the signature does not verify with the secret shared with " + agency)
    if len(nonce) < 16 or not nonces.fresh(nonce, now):
        raise AuthFailed("the request's nonce was already used (a replay?)")
    return partner
