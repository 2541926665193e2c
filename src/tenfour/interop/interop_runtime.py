"""The interop parts of a running server, wired from settings and the runtime.

Started by the interop router's lifespan after the engine is running: the outbox and the
conveyance hub subscribe to the engine's committed events; one client task per subscription
the partners file asks us to keep.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field

from tenfour.interop import eido_schema
from tenfour.interop.conveyance import ConveyanceHub
from tenfour.interop.conveyance_client import ConveyanceClient
from tenfour.interop.outbox import Outbox
from tenfour.interop.partners import InteropSettings, NonceCache, PartnerConfig, load_config
from tenfour.interop.service import InteropService
from tenfour.runtime import Runtime


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

    async def stop(self) -> None:
        """Stop sending and subscribing; tell subscribers their subscriptions end."""
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        for client in self.clients:
            await client.stop()
        await self.outbox.stop()
        with contextlib.suppress(Exception):
            await self.hub.terminate_all()


def build_interop(runtime: Runtime, config: PartnerConfig | None = None) -> InteropRuntime:
    """Wire the interop parts (nothing starts yet)."""
    if config is None:
        config = load_config(InteropSettings().partners_file)
    nonces = NonceCache()
    service = InteropService(runtime.engine, config, nonces)
    clients = [
        ConveyanceClient(service, partner, sub)
        for partner in config.partners.values()
        for sub in partner.subscriptions
    ]
    return InteropRuntime(config, service, nonces, Outbox(service), ConveyanceHub(service), clients)


async def start_interop(runtime: Runtime, config: PartnerConfig | None = None) -> InteropRuntime:
    """Build and start: engine subscriptions, outbox, subscription clients, schema warm-up."""
    interop = build_interop(runtime, config)
    runtime.views["interop"] = interop
    engine = runtime.engine
    interop._unsubscribe = [
        engine.subscribe(interop.hub.on_events),
        engine.subscribe(interop.outbox.on_events),
    ]
    interop.outbox.start()
    for client in interop.clients:
        client.start()
    asyncio.get_running_loop().run_in_executor(None, eido_schema.warm)
    return interop
