"""The centre in force, written back as a centre file (``tenfour centre export``).

What the journal has built is turned into the file's sections; a configuration section the
journal holds no entry of is left out (the packaged defaults are in force for it). Planning the
exported file against the same journal finds nothing to change.
"""

from __future__ import annotations

from typing import Any

import yaml
from pydantic import BaseModel

from tenfour.centre.schema import (
    IncidentTypeEntry,
    RadioChannelEntry,
    RecorderEntry,
    RunCardEntry,
    Slot,
    StationEntry,
)
from tenfour.domain.state import DispatchState

HEADER = """\
# A tenfour centre file. Check it with `tenfour centre plan FILE`, make it so with
# `tenfour centre apply FILE`. Sections left out are left as they are; agencies and units are
# never deleted. Schema: `tenfour centre schema`.
"""


def centre_document(state: DispatchState) -> dict[str, Any]:
    """The state's configuration as the centre file's data."""
    doc: dict[str, Any] = {"version": 1}
    doc["agencies"] = [
        {
            "id": a.id,
            "name": a.name,
            "kind": a.kind,
            "directive_roles": [r.value for r in a.directive_roles],
            **({"dispatch_centre": a.dispatch_centre} if a.dispatch_centre else {}),
        }
        for a in state.agencies.values()
    ]
    config = state.config
    if config.get("station"):
        doc["stations"] = [
            {"id": k, **_ordered(v, StationEntry)} for k, v in config["station"].items()
        ]
    if config.get("unit_type"):
        doc["unit_types"] = {k: v["discipline"] for k, v in config["unit_type"].items()}
    doc["units"] = [
        {
            "id": u.id,
            "agency": u.agency,
            "type": u.unit_type,
            **({"capabilities": list(u.capabilities)} if u.capabilities else {}),
            **({"station": u.station} if u.station else _position(u.lat, u.lon)),
        }
        for u in state.units.values()
    ]
    if config.get("run_card"):
        doc["run_cards"] = {k: _card(v) for k, v in config["run_card"].items()}
    if config.get("incident_type"):
        doc["incident_types"] = {
            k: _ordered(v, IncidentTypeEntry) for k, v in config["incident_type"].items()
        }
    if config.get("status_timer"):
        doc["status_timers"] = {k: v["minutes"] for k, v in config["status_timer"].items()}
    radio = _radio(config)
    if radio:
        doc["radio"] = radio
    return doc


def _radio(config: dict[str, dict[str, dict[str, Any]]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if config.get("radio_channel"):
        out["channels"] = [
            {"id": k, **_ordered(v, RadioChannelEntry)} for k, v in config["radio_channel"].items()
        ]
    if config.get("radio_id"):
        out["radios"] = [_radio_id(k, v) for k, v in config["radio_id"].items()]
    if config.get("recorder"):
        out["recorders"] = [
            {"id": k, **_ordered(v, RecorderEntry)} for k, v in config["recorder"].items()
        ]
    return out


def _radio_id(key: str, value: dict[str, Any]) -> dict[str, Any]:
    shifts = value.get("assignments", [])
    named = {"label": value["label"]} if value.get("label") else {}
    if not shifts:
        return {"id": int(key), **named}
    if (
        len(shifts) == 1
        and shifts[0].get("valid_from") is None
        and shifts[0].get("valid_to") is None
    ):
        return {"id": int(key), "unit": shifts[0]["unit"], **named}
    return {
        "id": int(key),
        "assignments": [{k: v for k, v in s.items() if v is not None} for s in shifts],
        **named,
    }


def _position(lat: float | None, lon: float | None) -> dict[str, float]:
    return {} if lat is None or lon is None else {"lat": lat, "lon": lon}


def _ordered(value: dict[str, Any], model: type[BaseModel]) -> dict[str, Any]:
    """The entry's keys in the schema's order (the journal keeps them sorted), None left out."""
    order = list(model.model_fields)
    ranked = sorted(value.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99)
    return {k: v for k, v in ranked if v is not None}


def _card(value: dict[str, Any]) -> dict[str, Any]:
    out = _ordered(value, RunCardEntry)
    out["slots"] = [_ordered(slot, Slot) for slot in value.get("slots", [])]
    return out


class _Dumper(yaml.SafeDumper):  # type: ignore[misc]
    """Short lists and small flat mappings (a run card's slot) on one line, the rest in blocks."""


def _flat(values: Any) -> bool:
    return all(not isinstance(v, dict | list) for v in values)


def _dict(dumper: yaml.SafeDumper, data: dict[str, Any]) -> yaml.Node:
    flow = len(data) <= 6 and _flat(data.values()) and len(str(data)) < 90
    return dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=flow)


def _list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=_flat(data))


_Dumper.add_representer(dict, _dict)
_Dumper.add_representer(list, _list)


def dump_yaml(document: dict[str, Any]) -> str:
    """YAML a person reads and edits comfortably."""
    text: str = yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    return text


def dump_centre(state: DispatchState) -> str:
    """The centre file's text."""
    return HEADER + dump_yaml(centre_document(state))
