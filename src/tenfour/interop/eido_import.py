"""An EIDO document from another system, checked and turned into one ``ImportIncident`` command.

Checks come first and stop at the first problem, so nothing is half-imported: the size limit
(65,536 bytes, the largest document NENA-STA-024 conveys in one message), JSON, the EIDO
schema, an incident component, references that resolve. The mapping then reads the
incident, its calls, callbacks, locations, notes, persons, vehicles and resources into the
command; members the schema does not define go with it verbatim. The domain does the rest in
one step (``decide_interop.import_incident``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from tenfour.domain import commands as c
from tenfour.domain.state import DispatchState
from tenfour.interop import eido_schema
from tenfour.interop import mappings as m
from tenfour.interop.eido_ids import Issuer, agency_of, digest, from_tel, note_text, point_of

MAX_BYTES = 65_536
MAX_NOTE = 4000
DEFAULT_PRIORITY = 2


class ImportRejected(ValueError):  # noqa: N818 - a refusal, not a program error
    """A document refused before anything was recorded; ``status`` is the HTTP status to use."""

    def __init__(self, message: str, status: int = 422, pointer: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.pointer = pointer


@dataclass(frozen=True, slots=True)
class Checked:
    """A document that passed every check, with what the checks found."""

    document: dict[str, Any]
    size_bytes: int
    digest: str
    unknown_members: dict[str, Any]


def check(raw: bytes | str | dict[str, Any]) -> Checked:
    """Size, JSON, schema, incident component and references; the first problem is raised."""
    if isinstance(raw, dict):
        raw = json.dumps(raw, ensure_ascii=False, separators=(",", ":"))
    body = raw.encode() if isinstance(raw, str) else raw
    if len(body) > MAX_BYTES:
        raise ImportRejected(
            f"the document is {len(body):,} bytes; an EIDO may be at most {MAX_BYTES:,}", 413
        )
    try:
        document = json.loads(body)
    except (ValueError, UnicodeDecodeError) as err:
        raise ImportRejected(f"the document is not JSON: {err}") from None
    if not isinstance(document, dict):
        raise ImportRejected("an EIDO is a JSON object")
    problems = eido_schema.problems(document)
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ImportRejected(f"not a valid EIDO: {first}{more}", pointer=first.pointer)
    if not isinstance(document.get("incidentComponent"), dict):
        raise ImportRejected("the EIDO has no incidentComponent: there is no incident to take in")
    _check_references(document)
    return Checked(document, len(body), digest(document), eido_schema.unknown_members(document))


def _walk_refs(node: Any, pointer: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield pointer, value
            else:
                yield from _walk_refs(value, f"{pointer}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk_refs(value, f"{pointer}/{i}")


def _check_references(document: dict[str, Any]) -> None:
    known = set(_index(document))
    for pointer, target in _walk_refs(document):
        if target not in known:
            raise ImportRejected(
                f"not a valid EIDO: {pointer}: $ref {target!r} names no component of the document",
                pointer=pointer,
            )


def _index(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
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


def to_command(
    checked: Checked, state: DispatchState, issuer: Issuer, source: str, agency: str
) -> c.ImportIncident:
    """The one command that takes the checked document in."""
    doc = checked.document
    by_id = _index(doc)
    inc = doc["incidentComponent"]
    address, lat, lon = _place(inc, by_id, source)
    own = issuer.own_incident(inc["$id"])
    return c.ImportIncident(
        source=source,
        external_id=inc["$id"],
        digest=checked.digest,
        size_bytes=checked.size_bytes,
        type_code=_type(inc),
        priority=_priority(inc),
        address=address,
        lat=lat,
        lon=lon,
        calls=tuple(_calls(doc, by_id)),
        notes=tuple(_notes(doc, by_id, source)),
        unknown_members=checked.unknown_members,
        document=doc,
        incident=own if own in state.incidents else None,
        agency=agency,
    )


def _type(inc: dict[str, Any]) -> str:
    common = str(inc["incidentTypeCommonRegistryText"])
    internal = inc.get("incidentTypeInternalCode")
    known = m.mappings()["incident_types"]["export"]
    if isinstance(internal, str) and internal in known and m.incident_type_out(internal) == common:
        return internal  # another tenfour: its own code says more than the registry's
    return m.incident_type_in(common)


def _priority(inc: dict[str, Any]) -> int:
    for value in (inc.get("incidentCommonPriorityNumber"), inc.get("incidentPriorityInternalText")):
        try:
            number = int(str(value))
        except ValueError:
            continue
        if 1 <= number <= 9:
            return number
    return DEFAULT_PRIORITY


def _place(
    inc: dict[str, Any], by_id: dict[str, dict[str, Any]], source: str
) -> tuple[str, float | None, float | None]:
    places = [by_id[r["$ref"]] for r in inc.get("locationReference", [])]
    current = [p for p in places if p["locationTypeDescriptionRegistryText"] == "CurrentIncident"]
    for place in current + places:
        point = point_of(str(place.get("locationByValue", "")))
        text = str(place.get("locationDescriptionText") or "").strip()
        if text or point:
            lat, lon = point if point else (None, None)
            return text or f"{lat:.5f}, {lon:.5f} (position from {source})", lat, lon
    return f"location not given by {source}", None, None


def _calls(doc: dict[str, Any], by_id: dict[str, dict[str, Any]]) -> Iterator[c.ExternalCall]:
    people = doc.get("personComponent", [])
    for call in doc.get("callComponent", []):
        back = by_id.get(call.get("callBackReference", {}).get("$ref", ""), {})
        uris = back.get("callBackInformationUri", [])
        ali = [
            by_id[r["$ref"]].get("locationDescriptionText", "")
            for r in call.get("locationReference", [])
        ]
        named = [p for p in people if call["$id"] in p.get("callIdentifier", [])]
        yield c.ExternalCall(
            ref=call["$id"],
            ani=from_tel(uris[0]) if uris else "",
            ali=next((a for a in ali if a), ""),
            caller_name=_name(named[0]) if named else "",
            received_at=call["callStartTimestamp"],
            answered_at=call.get("answerDate"),
        )


def _name(person: dict[str, Any]) -> str:
    for name in person.get("ncPersonComponent", {}).get("name", []):
        for full in name.get("personFullName", []):
            if full.get("value"):
                return str(full["value"])
        parts = [
            part.get("value", "")
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
        yield from _chunks(note["$id"], note_text(str(note["notesActionComments"])))
    for person in doc.get("personComponent", []):
        name = _name(person)
        if name and not person.get("callIdentifier"):
            roles = ", ".join(person["personIncidentRoleRegistryText"]) or "InvolvedPerson"
            yield c.ExternalNote(ref=person["$id"], text=f"PERSON ({roles}) from {source}: {name}")
    for vehicle in doc.get("vehicleComponent", []):
        plates = _plates(vehicle)
        if plates:
            kinds = ", ".join(vehicle["vehicleRelationshipType"])
            yield c.ExternalNote(
                ref=vehicle["$id"], text=f"VEHICLE ({kinds}) from {source}: {', '.join(plates)}"
            )
    for unit in doc.get("emergencyResourceComponent", []):
        status = (
            ", ".join(unit["secondaryUnitStatusRegistryText"])
            or unit["primaryUnitStatusRegistryText"]
        )
        name = unit.get("emergencyResourceName") or unit["$id"]
        text = (
            f"UNIT {name} of {source} ({unit['emergencyResourceTypeCommonRegistryText']}): {status}"
        )
        yield c.ExternalNote(ref=f"{unit['$id']}#{status}", text=text)
    for disposition in doc["incidentComponent"].get("dispositionComponent", []):
        code = disposition["dispositionCommonRegistryCode"]
        meaning = m.registry_description("Common Disposition Codes Registry", code)
        yield c.ExternalNote(
            ref=disposition["$id"], text=f"DISPOSITION from {source}: {code} {meaning}".strip()
        )


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


def owning_agency(document: dict[str, Any]) -> str | None:
    """The tenfour agency id of the agency the document says owns the incident, if named so."""
    for agency in document.get("agencyComponent", []):
        if agency.get("incidentOwningAgencyIndicator"):
            return agency_of(str(agency["$id"]))
    return None
