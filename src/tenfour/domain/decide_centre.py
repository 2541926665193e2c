"""Handlers that change a centre's configuration: agencies and units amended, entries set.

The centre file (``tenfour centre apply``) is turned into these commands and the registering
ones of ``decide_org``; each is journaled like any other order, so the configuration in force at
any moment can be read back from the record. A handler that would change nothing refuses
(409), so applying the same file twice records nothing the second time.
"""

from __future__ import annotations

import json
import re
from typing import Any

from tenfour.domain import commands as c
from tenfour.domain import events as e
from tenfour.domain.decide_org import ident
from tenfour.domain.decide_radio import RADIO_SECTIONS, radio_entry
from tenfour.domain.errors import conflict, invalid
from tenfour.domain.handler_context import Context, text

_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:\-]{0,79}$")
MAX_ENTRY_BYTES = 16_384


def amend_agency(ctx: Context, cmd: c.AmendAgency) -> list[e.Event]:
    """New name, kind or dispatching agency for an existing agency."""
    agency = ctx.agency(cmd.agency)
    if cmd.dispatch_centre is not None and cmd.dispatch_centre != agency.id:
        ctx.agency(cmd.dispatch_centre)
    event = e.AgencyAmended(
        agency=agency.id,
        name=text(cmd.name, "name", limit=200),
        kind=text(cmd.kind, "kind", limit=40),
        dispatch_centre=cmd.dispatch_centre,
    )
    if (agency.name, agency.kind, agency.dispatch_centre) == (
        event.name,
        event.kind,
        event.dispatch_centre,
    ):
        raise conflict(f"agency {agency.id} already reads so")
    return [event]


def amend_unit(ctx: Context, cmd: c.AmendUnit) -> list[e.Event]:
    """New type, capabilities or station for an existing unit."""
    unit = ctx.unit(cmd.unit)
    caps = tuple(sorted({text(cap, "capabilities", limit=40) for cap in cmd.capabilities}))
    station = None if cmd.station is None else ident(cmd.station, "station")
    event = e.UnitAmended(
        unit=unit.id,
        unit_type=text(cmd.unit_type, "unit_type", limit=40),
        capabilities=caps,
        station=station,
    )
    if (unit.unit_type, tuple(unit.capabilities), unit.station) == (
        event.unit_type,
        caps,
        station,
    ):
        raise conflict(f"unit {unit.id} already reads so")
    return [event]


def set_entry(ctx: Context, cmd: c.SetCentreEntry) -> list[e.Event]:
    """One configuration entry set or withdrawn."""
    if cmd.section not in c.CENTRE_SECTIONS:
        raise invalid(f"section must be one of {', '.join(c.CENTRE_SECTIONS)}", "section")
    if not _KEY.match(cmd.key):
        raise invalid("key must be 1-80 letters, digits, '.', ':', '-' or '_'", "key")
    value = _plain(cmd.value)
    if value is not None and cmd.section in RADIO_SECTIONS:
        value = radio_entry(ctx, cmd.section, cmd.key, value)
    current = ctx.state.config.get(cmd.section, {}).get(cmd.key)
    if current == value:
        raise conflict(f"{cmd.section} {cmd.key} already reads so")
    return [e.CentreEntrySet(section=cmd.section, key=cmd.key, value=value)]


def _plain(value: dict[str, Any] | None) -> dict[str, Any] | None:
    """The value as plain JSON data of bounded size (a round trip drops tuples and the like)."""
    if value is None:
        return None
    try:
        encoded = json.dumps(value, sort_keys=True, allow_nan=False)
    except (TypeError, ValueError):
        raise invalid("value must be plain JSON data", "value") from None
    if len(encoded) > MAX_ENTRY_BYTES:
        raise invalid(f"value is larger than {MAX_ENTRY_BYTES} bytes", "value")
    plain: dict[str, Any] = json.loads(encoded)
    return plain
