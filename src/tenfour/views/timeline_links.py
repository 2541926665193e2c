"""Traceability inside a timeline: which entry cites which, both ways.

An entry *originates* an id (a directive, an assignment, a remark, a request, an override, a
bulletin, a hazard) and other entries *cite* it: a clearance cites the directive behind it and the
assignment it ends, a refusal or override cites the directive that blocked the dispatch, an
acknowledgment or an assistance answer cites its directive, a strike cites the remark it strikes.
From these links the timeline lists, for each directive, every consequence on the record, and for
each unit, the order behind its clearance.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ORIGINS: dict[str, tuple[str, str]] = {
    "DirectiveIssued": ("directive", "directive"),
    "UnitDispatched": ("assignment", "assignment"),
    "RemarkAdded": ("remark", "remark"),
    "AssistanceRequested": ("request", "request"),
    "DirectiveOverridden": ("override", "override"),
    "BulletinIssued": ("bulletin", "bulletin"),
    "HazardAdded": ("hazard", "hazard"),
    "CallAdded": ("call", "call"),
}

CITES: dict[str, tuple[tuple[str, str], ...]] = {
    "UnitCleared": (("directive", "directive"), ("assignment", "assignment")),
    "UnitStatusChanged": (("assignment", "assignment"),),
    "DispatchRefused": (("directive", "directive"),),
    "DirectiveOverridden": (("directive", "directive"),),
    "UnitDispatched": (("override", "override"),),
    "DirectiveAcknowledged": (("directive", "directive"),),
    "DirectiveLifted": (("directive", "directive"),),
    "AssistanceAnswered": (("request", "request"), ("directive", "directive")),
    "RemarkStruck": (("remark", "remark"),),
    "RemarkAdded": (("corrects", "remark"),),
    "BulletinMatched": (("bulletin", "bulletin"),),
    "BulletinCancelled": (("bulletin", "bulletin"),),
    "HazardMatched": (("hazard", "hazard"),),
    "HazardRemoved": (("hazard", "hazard"),),
}

# Under which heading a directive's consequences are listed.
CONSEQUENCES = {
    "UnitCleared": "clearances",
    "DispatchRefused": "refusals",
    "DirectiveOverridden": "overrides",
    "DirectiveAcknowledged": "acknowledgments",
    "AssistanceAnswered": "assistance_answers",
    "DirectiveLifted": "lifts",
}


@dataclass(frozen=True, slots=True)
class Link:
    """One entry pointing at another: ``relation`` says what the target is (directive...)."""

    seq: int
    type: str
    relation: str
    id: str

    def to_dict(self) -> dict[str, Any]:
        """As JSON."""
        return {"seq": self.seq, "type": self.type, "relation": self.relation, "id": self.id}


@dataclass(frozen=True, slots=True)
class Node:
    """What linking needs to know of an entry."""

    seq: int
    type: str
    payload: dict[str, Any]
    at: str = ""
    actor: dict[str, str] | None = None


def _cited_ids(node: Node) -> list[tuple[str, str]]:
    out = [
        (kind, node.payload[name])
        for name, kind in CITES.get(node.type, ())
        if isinstance(node.payload.get(name), str)
    ]
    source = node.payload.get("source")
    if node.type == "BulletinMatched" and isinstance(source, str) and source.startswith("remark:"):
        out.append(("remark", source.removeprefix("remark:")))
    return out


def link(nodes: list[Node]) -> tuple[dict[int, list[Link]], dict[int, list[Link]]]:
    """``cites`` and ``cited_by`` of every entry, keyed by seq."""
    origins: dict[tuple[str, str], Node] = {}
    for node in nodes:
        origin = ORIGINS.get(node.type)
        if origin is not None and isinstance(node.payload.get(origin[0]), str):
            origins.setdefault((origin[1], node.payload[origin[0]]), node)
    cites: dict[int, list[Link]] = {n.seq: [] for n in nodes}
    cited_by: dict[int, list[Link]] = {n.seq: [] for n in nodes}
    for node in nodes:
        for kind, ident in _cited_ids(node):
            target = origins.get((kind, ident))
            if target is not None and target.seq != node.seq:
                cites[node.seq].append(Link(target.seq, target.type, kind, ident))
                cited_by[target.seq].append(Link(node.seq, node.type, _relation(node), ident))
    return cites, cited_by


def _relation(node: Node) -> str:
    return CONSEQUENCES.get(node.type, node.type)


def directives(nodes: list[Node], cited_by: dict[int, list[Link]]) -> list[dict[str, Any]]:
    """Each directive in the timeline with its consequences, grouped by heading."""
    out = []
    for node in nodes:
        if node.type != "DirectiveIssued":
            continue
        grouped: dict[str, list[int]] = {heading: [] for heading in CONSEQUENCES.values()}
        for back in cited_by.get(node.seq, []):
            if back.relation in grouped:
                grouped[back.relation].append(back.seq)
        out.append({**_directive(node), **grouped})
    return out


def _directive(node: Node) -> dict[str, Any]:
    p = node.payload
    return {
        "directive": p["directive"],
        "seq": node.seq,
        "kind": p.get("kind"),
        "issued_at": node.at,
        "issuer": node.actor,
        "authority": p.get("authority"),
        "reason": p.get("reason"),
        "incident": p.get("incident"),
    }


def assignments(nodes: list[Node], cites: dict[int, list[Link]]) -> list[dict[str, Any]]:
    """Each unit's assignment: its dispatch, status changes, and the order behind its clearance."""
    by_id: dict[str, dict[str, Any]] = {}
    issued = {n.seq: n for n in nodes if n.type == "DirectiveIssued"}
    for node in nodes:
        ident = node.payload.get("assignment")
        if not isinstance(ident, str):
            continue
        if node.type == "UnitDispatched":
            by_id[ident] = _assignment(node)
        elif ident in by_id and node.type == "UnitStatusChanged":
            by_id[ident]["statuses"].append({"status": node.payload["status"], "seq": node.seq})
        elif ident in by_id and node.type == "UnitCleared":
            by_id[ident]["cleared_seq"] = node.seq
            by_id[ident]["order_behind"] = _order_behind(node, cites, issued)
    return list(by_id.values())


def _assignment(node: Node) -> dict[str, Any]:
    return {
        "assignment": node.payload["assignment"],
        "unit": node.payload["unit"],
        "dispatched_seq": node.seq,
        "override": node.payload.get("override"),
        "statuses": [],
        "cleared_seq": None,
        "order_behind": None,
    }


def _order_behind(
    node: Node, cites: dict[int, list[Link]], issued: dict[int, Node]
) -> dict[str, Any]:
    """Who cleared the unit, when, why, and the directive that ordered it (if one did)."""
    link = next((c for c in cites.get(node.seq, []) if c.relation == "directive"), None)
    directive = issued.get(link.seq) if link is not None else None
    return {
        "clearance_seq": node.seq,
        "cleared_at": node.at,
        "cleared_by": node.actor,
        "reason": node.payload.get("reason"),
        "directive": None if directive is None else _directive(directive),
    }
