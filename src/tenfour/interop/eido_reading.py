"""What tenfour reads from a checked EIDO: the incident (or, for a call transfer, the call), its
place, calls, notes, parties and resources.

Reading is part of checking (``eido_import.check`` reads every document it accepts), so a
document the checks pass can always be taken in: nothing here may fail later with a program
error. Whatever the reading cannot make sense of is refused as ``Unreadable`` with where.

A call transfer (NENA-STA-021 makes ``incidentComponent`` optional) carries calls but no
incident: it is read as an untyped incident whose tracking identifier is the document's own
``$id``, so it lands on the incident that identifier names, or opens a new one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from tenfour.domain import commands as c
from tenfour.interop import mappings as m
from tenfour.interop.eido_ids import civic_of, from_tel, note_text, point_of

MAX_NOTE = 4000
DEFAULT_PRIORITY = 2
CURRENT = "CurrentIncident"


class Unreadable(ValueError):  # noqa: N818 - a refusal, not a program error
    """A part of the document tenfour cannot read; ``pointer`` says where."""

    def __init__(self, message: str, pointer: str = "") -> None:
        super().__init__(message)
        self.pointer = pointer


@dataclass(frozen=True, slots=True)
class Reading:
    """Everything an import takes from one document."""

    external_id: str
    type_code: str
    priority: int
    address: str
    lat: float | None
    lon: float | None
    calls: tuple[c.ExternalCall, ...]
    notes: tuple[c.ExternalNote, ...]
    transfer: bool  # a call transfer: no incident component


def index(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every component of the document (any object with an ``$id`` below the root) by id."""
    found: dict[str, dict[str, Any]] = {}
    stack: list[Any] = [v for k, v in document.items() if k != "$id"]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("$id"), str):
                found.setdefault(node["$id"], node)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    found.setdefault(str(document.get("$id")), document)
    return found


def read(document: dict[str, Any], source: str) -> Reading:
    """The document as tenfour takes it in (``Unreadable`` when it cannot be)."""
    try:
        return _read(document, index(document), source)
    except Unreadable:
        raise
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as err:
        raise Unreadable(f"the EIDO cannot be read: {type(err).__name__} {err}"[:300]) from None


def _read(doc: dict[str, Any], by_id: dict[str, dict[str, Any]], source: str) -> Reading:
    inc = doc.get("incidentComponent")
    calls = tuple(_calls(doc, by_id))
    notes = tuple(_notes(doc, by_id, source))
    if inc is None:
        if not calls:
            raise Unreadable("the EIDO has neither an incidentComponent nor a call to take in")
        place = _place(_refs(doc["callComponent"][0], "locationReference", by_id), source)
        note = c.ExternalNote(
            ref=f"{doc['$id']}#transfer",
            text=f"CALL TRANSFER from {source}: no incident type given; classify the incident",
        )
        address, lat, lon = place
        return Reading(
            external_id=str(doc["$id"]),
            type_code=m.incident_type_in(""),
            priority=DEFAULT_PRIORITY,
            address=address,
            lat=lat,
            lon=lon,
            calls=calls,
            notes=(note, *notes),
            transfer=True,
        )
    address, lat, lon = _place(_refs(inc, "locationReference", by_id), source)
    return Reading(
        external_id=str(inc["$id"]),
        type_code=_type(inc),
        priority=_priority(inc),
        address=address,
        lat=lat,
        lon=lon,
        calls=calls,
        notes=notes,
        transfer=False,
    )


def _refs(node: dict[str, Any], key: str, by_id: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The components a reference list names (shapes were checked before reading)."""
    value = node.get(key, [])
    items = value if isinstance(value, list) else [value]
    return [by_id[r["$ref"]] for r in items]


def _type(inc: dict[str, Any]) -> str:
    common = str(inc["incidentTypeCommonRegistryText"])
    internal = inc.get("incidentTypeInternalCode")
    known = m.mappings()["incident_types"]["export"]
    if isinstance(internal, str) and internal in known and m.incident_type_out(internal) == common:
        return internal  # another tenfour: its own code says more than the registry's
    return m.incident_type_in(common)


def _priority(inc: dict[str, Any]) -> int:
    for value in (inc.get("incidentCommonPriorityNumber"), inc.get("incidentPriorityInternalText")):
        text = str(value)
        if text.isascii() and text.isdigit() and 1 <= int(text) <= 9:
            return int(text)
    return DEFAULT_PRIORITY


def _place(places: list[dict[str, Any]], source: str) -> tuple[str, float | None, float | None]:
    current = [p for p in places if p.get("locationTypeDescriptionRegistryText") == CURRENT]
    for place in current + places:
        pidf = str(place.get("locationByValue", ""))
        point = point_of(pidf)
        text = str(place.get("locationDescriptionText") or "").strip() or civic_of(pidf)
        if text or point:
            lat, lon = point if point else (None, None)
            return text or f"{lat:.5f}, {lon:.5f} (position from {source})", lat, lon
    return f"location not given by {source}", None, None


def _calls(doc: dict[str, Any], by_id: dict[str, dict[str, Any]]) -> Iterator[c.ExternalCall]:
    people = doc.get("personComponent", [])
    for call in doc.get("callComponent", []):
        backs = _refs(call, "callBackReference", by_id)
        uris = backs[0].get("callBackInformationUri", []) if backs else []
        ali = [
            str(p.get("locationDescriptionText") or "") or civic_of(str(p.get("locationByValue")))
            for p in _refs(call, "locationReference", by_id)
        ]
        named = [p for p in people if call["$id"] in p.get("callIdentifier", [])]
        yield c.ExternalCall(
            ref=str(call["$id"]),
            ani=from_tel(str(uris[0])) if uris else "",
            ali=next((a for a in ali if a), ""),
            caller_name=_name(named[0]) if named else "",
            received_at=call.get("callStartTimestamp"),
            answered_at=call.get("answerDate"),
        )


def _name(person: dict[str, Any]) -> str:
    for name in person.get("ncPersonComponent", {}).get("name", []):
        for full in name.get("personFullName", []):
            if full.get("value"):
                return str(full["value"])
        parts = [
            str(part.get("value", ""))
            for key in ("personGivenName", "personMiddleName", "personSurName")
            for part in name.get(key, [])
        ]
        if any(parts):
            return " ".join(p for p in parts if p)
    return ""


def _notes(
    doc: dict[str, Any], by_id: dict[str, dict[str, Any]], source: str
) -> Iterator[c.ExternalNote]:
    for note in doc.get("notesComponent", []):
        yield from _chunks(str(note["$id"]), note_text(str(note["notesActionComments"])))
    yield from _parties(doc, source)
    for unit in doc.get("emergencyResourceComponent", []):
        status = ", ".join(unit.get("secondaryUnitStatusRegistryText", [])) or str(
            unit.get("primaryUnitStatusRegistryText", "")
        )
        name = unit.get("emergencyResourceName") or unit["$id"]
        kind = unit.get("emergencyResourceTypeCommonRegistryText", "")
        text = f"UNIT {name} of {source} ({kind}): {status}"
        yield c.ExternalNote(ref=f"{unit['$id']}#{status}", text=text)
    for disposition in (doc.get("incidentComponent") or {}).get("dispositionComponent", []):
        code = str(disposition["dispositionCommonRegistryCode"])
        meaning = m.registry_description("Common Disposition Codes Registry", code)
        yield c.ExternalNote(
            ref=str(disposition["$id"]),
            text=f"DISPOSITION from {source}: {code} {meaning}".strip(),
        )


def _parties(doc: dict[str, Any], source: str) -> Iterator[c.ExternalNote]:
    """Persons not on a call, and vehicles with plates, as notes."""
    for person in doc.get("personComponent", []):
        name = _name(person)
        if name and not person.get("callIdentifier"):
            roles = ", ".join(person.get("personIncidentRoleRegistryText", [])) or "InvolvedPerson"
            text = f"PERSON ({roles}) from {source}: {name}"
            yield c.ExternalNote(ref=str(person["$id"]), text=text)
    for vehicle in doc.get("vehicleComponent", []):
        plates = _plates(vehicle)
        if plates:
            kinds = ", ".join(vehicle.get("vehicleRelationshipType", []))
            text = f"VEHICLE ({kinds}) from {source}: {', '.join(plates)}"
            yield c.ExternalNote(ref=str(vehicle["$id"]), text=text)


def _plates(vehicle: dict[str, Any]) -> list[str]:
    found = []
    for ident in vehicle.get("ncVehicleComponent", {}).get("identification", []):
        found += [str(v["value"]) for v in ident.get("identificationId", []) if v.get("value")]
    return found


def _chunks(ref: str, text: str) -> Iterator[c.ExternalNote]:
    """A note longer than a remark may be becomes several remarks, numbered."""
    if not text:
        return
    parts = [text[i : i + MAX_NOTE - 12] for i in range(0, len(text), MAX_NOTE - 12)]
    for n, part in enumerate(parts, 1):
        label = f" ({n}/{len(parts)})" if len(parts) > 1 else ""
        yield c.ExternalNote(ref=ref if n == 1 else f"{ref}#{n}", text=part + label)
