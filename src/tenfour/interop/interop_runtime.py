"""The interop parts of a running server, wired from settings and the runtime.

Built by the composition root (``tenfour.runtime``) and started by it after the engine: the
outbox and the conveyance hub subscribe to the engine's committed events; one client task per
subscription the partners file asks us to keep.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field

from tenfour.engine.engine import Engine
from tenfour.interop import eido_schema
from tenfour.interop.conveyance import ConveyanceHub
from tenfour.interop.conveyance_client import ConveyanceClient
from tenfour.interop.outbox import Outbox
from tenfour.interop.partners import NonceCache, PartnerConfig
from tenfour.interop.service import InteropService


@dataclass
class InteropRuntime:
    """Configuration, service, outbox, hub and subscription clients of one server."""

    config: PartnerConfig
    service: InteropService
    nonces: NonceCache
    outbox: Outbox
    hub: ConveyanceHub
    clients: list[ConveyanceClient] = field(default_factory=list)
    _unsubscribe: list[Callable[[], None]] = field(default_factory=list)

    def start(self, engine: Engine) -> None:
        """Subscribe to the engine, start the outbox and the subscription clients."""
        self._unsubscribe = [
            engine.subscribe(self.hub.on_events),
            engine.subscribe(self.outbox.on_events),
        ]
        self.outbox.start()
        for client in self.clients:
            client.start()
        asyncio.get_running_loop().run_in_executor(None, eido_schema.warm)

    async def stop(self) -> None:
        """Stop sending and subscribing; tell subscribers their subscriptions end."""
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        for client in self.clients:
            await client.stop()
        await self.outbox.stop()
        with contextlib.suppress(Exception):
            await self.hub.terminate_all()


def build_interop(engine: Engine, config: PartnerConfig) -> InteropRuntime:
    """Wire the interop parts around ``engine`` (nothing starts yet: see ``start``)."""
    nonces = NonceCache()
    service = InteropService(engine, config, nonces)
    clients = [
        ConveyanceClient(service, partner, sub)
        for partner in config.partners.values()
        for sub in partner.subscriptions
    ]
    return InteropRuntime(config, service, nonces, Outbox(service), ConveyanceHub(service), clients)
