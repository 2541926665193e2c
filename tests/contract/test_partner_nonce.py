"""A partner's signed request is refused when replayed after a restart, on both backends: its
nonce is journaled (``RecordPartnerNonce``) and the engine's idempotency reads the journal."""

from __future__ import annotations

import asyncio

import pytest

from tenfour.engine.engine import Engine
from tenfour.interop.partners import AuthFailed, NonceCache, parse_config, sign_request
from tenfour.interop.service import REQUEST_PATH, InteropService
from tests.contract.test_engine_contract import run

CONFIG = parse_config(
    {
        "local": {"agency": "MPD"},
        "partners": [{"agency": "FED", "url": "http://fed.test", "secret": "s" * 40}],
    }
)
HEADERS = {k.lower(): v for k, v in sign_request("s" * 40, "FED", "POST", REQUEST_PATH).items()}


async def _remember(engine: Engine) -> None:
    await InteropService(engine, CONFIG, NonceCache()).remember_nonce("FED", HEADERS, REQUEST_PATH)


def test_a_replayed_nonce_is_refused_after_a_restart(journal_url: str) -> None:
    async def first(engine: Engine) -> None:
        await _remember(engine)

    async def after_restart(engine: Engine) -> None:
        with pytest.raises(AuthFailed, match="already used"):
            await _remember(engine)
        assert HEADERS["x-tenfour-nonce"] in engine.state.interop.nonces

    asyncio.run(run(journal_url, first))
    asyncio.run(run(journal_url, after_restart))
