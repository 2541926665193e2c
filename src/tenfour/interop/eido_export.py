"""An incident as a NENA EIDO document (NENA-STA-021), built from the live state.

Every component carries its prologue (``$id``, ``lastUpdateTimeStamp``, the updating agency)
and refers to the others by ``$ref``. Restricted bulletins never leave the centre; struck
remarks are left out (their corrections are notes of their own). A document that would pass
65,536 bytes drops its oldest notes first and says so in a note.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from tenfour.domain.entities import Assignment, Call, Incident, Order
from tenfour.domain.match_rules import find_person, find_plate
from tenfour.domain.state import DispatchState
from tenfour.domain.statuses import IncidentStatus
from tenfour.interop import mappings as m
from tenfour.interop.eido_ids import (
    EIDO_VERSION,
    Issuer,
    agency_uid,
    fit,
    note_html,
    pidf_lo,
    ref,
    tel,
)

MAX_BYTES = 65_536


class ExportError(LookupError):
    """The incident cannot be exported (it does not exist)."""


@dataclass
class _Doc:
    """The document under construction: components by list, agencies and agents seen."""

    state: DispatchState
    issuer: Issuer
    incident: Incident
    now: str
    uid: str
    parts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    agencies: dict[str, list[str]] = field(default_factory=dict)
    agents: dict[str, tuple[str, str]] = field(default_factory=dict)

    def add(self, kind: str, component: dict[str, Any]) -> str:
        self.parts.setdefault(kind, []).append(component)
        return str(component["$id"])

    def prologue(self, kind: str, ident: str, at: str) -> dict[str, Any]:
        return {
            "$id": self.issuer.component(kind, f"{self.incident.id}/{ident}"),
            "lastUpdateTimeStamp": at,
            "updatedByAgencyReference": ref(agency_uid(self.issuer.agency)),
        }

    def agency(self, agency: str, role: str) -> str:
        if agency not in self.state.agencies:
            agency = self.issuer.agency
        roles = self.agencies.setdefault(agency, [])
        if role not in roles:
            roles.append(role)
        return agency_uid(agency)

    def agent(self, user: str, role: str, agency: str) -> str:
        self.agents.setdefault(user, (role, agency))
        return self.issuer.component("agent", user)


def export_incident(state: DispatchState, incident_id: str, issuer: Issuer) -> dict[str, Any]:
    """The EIDO document of one incident as the state holds it.

    The document's time is that of its newest component, so the same state always gives the
    same document.
    """
    incident = state.incidents.get(incident_id)
    if incident is None:
        raise ExportError(f"incident {incident_id!r} does not exist")
    uid = state.interop.external_id_of(incident.id) or issuer.incident_uid(incident.id)
    doc = _Doc(state, issuer, incident, incident.created_at, uid)
    doc.agency(issuer.agency, "Informational")
    doc.agency(incident.agency, "Dispatching")
    _incident(doc)
    return fit(_assemble(doc), MAX_BYTES)


def _incident(doc: _Doc) -> None:
    i, st = doc.incident, doc.state
    creator = st.users.get(i.created_by)
    location = _location(
        doc,
        "incident",
        "incident",
        i.location.address,
        i.location.lat,
        i.location.lon,
        i.created_at,
    )
    calls = [st.calls[c] for c in i.call_ids]
    call_refs = [_call(doc, call) for call in calls]
    people = [p for p in (_caller(doc, c, r) for c, r in zip(calls, call_refs, strict=True)) if p]
    persons, vehicles = _bulletin_parties(doc)
    notes = _notes(doc)
    for a in (st.assignments[x] for x in i.assignment_ids):
        _dispatch(doc, a)
    component: dict[str, Any] = {
        "$id": doc.uid,
        "lastUpdateTimeStamp": doc.now,
        "updatedByAgencyReference": ref(agency_uid(doc.issuer.agency)),
        "incidentTypeCommonRegistryText": m.incident_type_out(i.type_code),
        "incidentTypeInternalCode": i.type_code,
        "incidentTypeInternalText": i.type_code.replace("_", " "),
        "incidentStatusCommonRegistryText": m.incident_status_out(i.status.value),
        "incidentStatusInternalText": [i.status.value],
        "internalIncidentId": i.id,
        "incidentPriorityInternalText": str(i.priority),
        "incidentCommonPriorityNumber": i.priority,
        "locationReference": [ref(location)],
        "personReference": [ref(p) for p in people + persons],
        "vehicleReference": [ref(v) for v in vehicles],
        "notesReference": [ref(n) for n in notes],
        "agentReference": [ref(doc.agent(i.created_by, _role(creator), i.agency))],
    }
    if i.status == IncidentStatus.CLOSED and i.disposition:
        component["dispositionComponent"] = [
            _disposition(doc, i.disposition, i.closed_at or doc.now)
        ]
    doc.parts["incident"] = [component]


def _role(user: Any) -> str:
    return user.roles[0].value if user is not None and user.roles else "system"


def _location(
    doc: _Doc, kind: str, ident: str, text: str, lat: float | None, lon: float | None, at: str
) -> str:
    comp = doc.prologue("location", ident, at)
    comp["locationTypeDescriptionRegistryText"] = m.value("location_types", kind)
    if text:
        comp["locationDescriptionText"] = text
    if lat is not None and lon is not None:
        comp["locationByValue"] = pidf_lo(f"{ident}@{doc.issuer.element}", lat, lon)
    comp["localIdentifier"] = [ident]
    return doc.add("location", comp)


def _call(doc: _Doc, call: Call) -> str:
    comp = doc.prologue("call", call.id, call.answered_at or call.received_at)
    comp.update(
        {
            "callStateRegistryText": "callAnswered" if call.answered_at else "callBegin",
            "standardPrimaryCallType": "emergency",
            "direction": "incoming",
            "callStartTimestamp": call.received_at,
            "agentReference": [ref(doc.agent(call.call_taker, "call_taker", doc.incident.agency))],
        }
    )
    if call.answered_at:
        comp["answerDate"] = call.answered_at
    number = tel(call.ani)
    if number:
        back = doc.prologue("callback", call.id, call.received_at)
        back["callBackInformationUri"] = [number]
        comp["callBackReference"] = ref(doc.add("callback", back))
    if call.ali:
        comp["locationReference"] = [
            ref(_location(doc, "caller", call.id, call.ali, None, None, call.received_at))
        ]
    return doc.add("call", comp)


def _caller(doc: _Doc, call: Call, call_uid: str) -> str | None:
    if not call.caller_name:
        return None
    comp = doc.prologue("person", call.id, call.received_at)
    comp["personIncidentRoleRegistryText"] = [m.value("person_roles", "caller")]
    comp["ncPersonComponent"] = {"name": [{"personFullName": [{"value": call.caller_name}]}]}
    comp["callIdentifier"] = [call_uid]
    return doc.add("person", comp)


def _bulletin_parties(doc: _Doc) -> tuple[list[str], list[str]]:
    """Persons and plates of the incident's bulletin hits that its remarks or calls name."""
    st, i = doc.state, doc.incident
    texts = [st.remarks[r].text for r in i.remark_ids if st.remarks[r].struck_by is None]
    texts += [st.calls[c].caller_name for c in i.call_ids]
    persons: list[str] = []
    vehicles: list[str] = []
    for b in (st.bulletins[x] for x in i.bulletin_hits if x in st.bulletins):
        if b.restricted:
            continue
        for name in (p for p in b.persons if any(find_person(p, t) for t in texts)):
            comp = doc.prologue("person", f"{b.id}/{len(persons)}", b.valid_from)
            comp["personIncidentRoleRegistryText"] = [m.value("person_roles", "bulletin_person")]
            comp["ncPersonComponent"] = {"name": [{"personFullName": [{"value": name}]}]}
            persons.append(doc.add("person", comp))
        for plate in (p for p in b.plates if any(find_plate(p, t) for t in texts)):
            vehicles.append(_vehicle(doc, f"{b.id}/{len(vehicles)}", plate, b.valid_from))
    return persons, vehicles


def _vehicle(doc: _Doc, ident: str, plate: str, at: str) -> str:
    comp = doc.prologue("vehicle", ident, at)
    comp["vehicleRelationshipType"] = [m.value("vehicle_relationships", "bulletin_plate")]
    comp["vehicleRelationshipTimeStamp"] = at
    comp["ncVehicleComponent"] = {
        "identification": [
            {"identificationId": [{"value": plate}], "category": [{"value": "LicensePlate"}]}
        ]
    }
    return doc.add("vehicle", comp)


def _notes(doc: _Doc) -> list[str]:
    """Remarks (not struck), then directives and assistance requests, as notes."""
    st, i = doc.state, doc.incident
    out: list[str] = []
    for r in (st.remarks[x] for x in i.remark_ids if st.remarks[x].struck_by is None):
        out.append(
            _note(
                doc,
                r.id,
                r.text,
                r.at,
                doc.agent(r.author, _role(st.users.get(r.author)), i.agency),
            )
        )
    for d in (st.directives[x] for x in i.directive_ids):
        body = (
            f"DIRECTIVE {d.kind.value.upper()} ({d.agency}, {d.issuer}, {d.role.value}): {d.reason}"
        )
        if d.lifted_at:
            body += f" - lifted: {d.lift_reason}"
        out.append(
            _note(
                doc,
                d.id,
                body,
                d.lifted_at or d.issued_at,
                doc.agent(d.issuer, d.role.value, d.agency),
            )
        )
    for q in (q for q in st.requests.values() if q.incident_id == i.id):
        doc.agency(q.from_agency, "Informational")
        doc.agency(q.to_agency, "Assisting")
        body = f"ASSISTANCE REQUEST {q.from_agency} -> {q.to_agency}: {q.what}"
        if q.answer is not None:
            body += f" - {q.answer.value.upper()}: {q.answer_reason}"
        out.append(_note(doc, q.id, body, q.answered_at or q.requested_at, None))
    return out


def _note(doc: _Doc, ident: str, text: str, at: str, agent: str | None) -> str:
    comp = doc.prologue("note", ident, at)
    comp["notesActionComments"] = note_html(text)
    if agent is not None:
        comp["agentReference"] = ref(agent)
    return doc.add("note", comp)


def _dispatch(doc: _Doc, a: Assignment) -> None:
    unit = doc.state.units[a.unit_id]
    first = a.orders[0]
    resource = _resource(doc, a)
    comp = doc.prologue("dispatch", a.id, first.at)
    comp["agencyReference"] = ref(doc.agency(unit.agency, "Dispatched"))
    comp["agentReference"] = ref(_order_agent(doc, first))
    comp["emergencyResourceReference"] = [ref(resource)]
    doc.add("dispatch", comp)


def _order_agent(doc: _Doc, order: Order) -> str:
    return doc.agent(order.by, order.role.value, order.agency)


def _resource(doc: _Doc, a: Assignment) -> str:
    unit = doc.state.units[a.unit_id]
    status = unit.status.value if a.active else "cleared"
    primary, secondary = m.unit_status_out(status)
    crew = [u.id for u in doc.state.users.values() if u.unit == unit.id]
    comp = doc.prologue("resource", a.id, a.orders[-1].at)
    comp.update(
        {
            "emergencyResourceTypeCommonRegistryText": m.unit_type_out(unit.unit_type),
            "emergencyResourceTypeInternalText": unit.unit_type,
            "resourceAttributeRegistryText": m.capabilities_out(unit.capabilities),
            "resourceAttributeInternalText": list(unit.capabilities),
            "emergencyResourceName": unit.id,
            "primaryUnitStatusRegistryText": primary,
            "secondaryUnitStatusRegistryText": secondary,
            "unitStatusInternal": [status],
            "agentReference": [ref(doc.agent(u, "unit", unit.agency)) for u in crew],
        }
    )
    if a.active:
        comp["activeOnIncidentId"] = doc.uid
        if unit.lat is not None and unit.lon is not None:
            loc = _location(
                doc, "unit", unit.id, "", unit.lat, unit.lon, unit.status_since or doc.now
            )
            comp["unitLocationReference"] = ref(loc)
    return doc.add("resource", comp)


def _disposition(doc: _Doc, disposition: str, at: str) -> dict[str, Any]:
    comp = doc.prologue("disposition", "primary", at)
    comp.update(
        {
            "dispositionCommonRegistryCode": m.disposition_out(disposition),
            "dispositionPrimaryIndicator": True,
            "dispositionDescriptionText": disposition,
        }
    )
    return comp


_KINDS = (
    ("incident", "incidentComponent"),
    ("call", "callComponent"),
    ("callback", "callbackComponent"),
    ("dispatch", "dispatchComponent"),
    ("note", "notesComponent"),
    ("resource", "emergencyResourceComponent"),
    ("location", "locationComponent"),
    ("person", "personComponent"),
    ("vehicle", "vehicleComponent"),
)


def _latest(doc: _Doc) -> str:
    """The time of the newest component: the document's own time, so an unchanged incident
    exports to the same bytes (and digest) however often it is exported."""
    stamps = [
        str(p["lastUpdateTimeStamp"])
        for kind, items in doc.parts.items()
        if kind != "incident"
        for p in items
    ]
    stamps += [doc.incident.created_at, doc.incident.closed_at or ""]
    return max(stamps)


def _assemble(doc: _Doc) -> dict[str, Any]:
    doc.now = _latest(doc)
    doc.parts["incident"][0]["lastUpdateTimeStamp"] = doc.now
    out: dict[str, Any] = {
        "$id": doc.issuer.component("eido", f"{doc.incident.id}/{doc.now}"),
        "lastUpdateTimeStamp": doc.now,
        "updatedByAgencyReference": ref(agency_uid(doc.issuer.agency)),
        "eidoVersion": EIDO_VERSION,
        "issuingElementIdentification": doc.issuer.element,
    }
    for kind, member in _KINDS:
        if doc.parts.get(kind):
            out[member] = doc.parts[kind][0] if kind == "incident" else doc.parts[kind]
    agents = [_agent(doc, u, role, ag) for u, (role, ag) in doc.agents.items()]
    out["agencyComponent"] = [_agency(doc, a, roles) for a, roles in doc.agencies.items()]
    if agents:
        out["agentComponent"] = agents
    return out


def _agency(doc: _Doc, agency: str, roles: list[str]) -> dict[str, Any]:
    found = doc.state.agencies.get(agency)
    comp = {
        "$id": agency_uid(agency),
        "lastUpdateTimeStamp": doc.now,
        "updatedByAgencyReference": ref(agency_uid(doc.issuer.agency)),
        "agencyRoleDescriptionRegistryText": roles,
        "agencyType": [m.agency_kind_out(found.kind if found else "")],
        "incidentOwningAgencyIndicator": agency == doc.incident.agency,
    }
    if found is not None:
        card = ["vcard", [["version", {}, "text", "4.0"], ["fn", {}, "text", found.name]]]
        comp["agencyJcard"] = json.dumps(card, ensure_ascii=False)
    return comp


def _agent(doc: _Doc, user: str, role: str, agency: str) -> dict[str, Any]:
    return {
        "$id": doc.issuer.component("agent", user),
        "lastUpdateTimeStamp": doc.now,
        "updatedByAgencyReference": ref(agency_uid(doc.issuer.agency)),
        "agentRoleRegistryText": [m.role_out(role)],
        "agencyReference": ref(doc.agency(agency, "Informational")),
    }
