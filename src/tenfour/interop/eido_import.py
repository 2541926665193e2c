"""An EIDO document from another system, checked and turned into one ``ImportIncident`` command.

Checks come first and stop at the first problem, so nothing is half-imported: the size limit
(65,536 bytes, the largest document NENA-STA-024 conveys in one message), JSON as
``strict_json`` reads it (no NaN, no repeated member, no out-of-range number, no deep
nesting), the EIDO schema, references that are ``{"$ref": ...}`` objects naming a component,
and a full reading of the document (``eido_reading``). Every path that takes an EIDO in uses
``check``, so a document it passes can be imported. The domain does the rest in one step
(``decide_interop.import_incident``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from tenfour import strict_json
from tenfour.domain import commands as c
from tenfour.domain.state import DispatchState
from tenfour.interop import eido_schema
from tenfour.interop.eido_ids import Issuer, agency_of, canonical, digest
from tenfour.interop.eido_reading import Unreadable, index, read
from tenfour.strict_json import StrictJSONError

MAX_BYTES = 65_536


class ImportRejected(ValueError):  # noqa: N818 - a refusal, not a program error
    """A document refused before anything was recorded; ``status`` is the HTTP status to use."""

    def __init__(self, message: str, status: int = 422, pointer: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.pointer = pointer


@dataclass(frozen=True, slots=True)
class Checked:
    """A document that passed every check, with what the checks found.

    ``size_bytes`` and ``digest`` are of the parsed document in canonical form, so the same
    document sent again with other whitespace or member order is the same document.
    """

    document: dict[str, Any]
    size_bytes: int
    digest: str
    unknown_members: dict[str, Any]


def check(raw: bytes | str | dict[str, Any]) -> Checked:
    """Size, JSON, schema, references and a full reading; the first problem is raised."""
    body = _bytes(raw)
    if len(body) > MAX_BYTES:
        raise ImportRejected(
            f"the document is {len(body):,} bytes; an EIDO may be at most {MAX_BYTES:,}", 413
        )
    try:
        document = strict_json.loads(body)
    except StrictJSONError as err:
        raise ImportRejected(f"the document is not JSON tenfour accepts: {err}") from None
    if not isinstance(document, dict):
        raise ImportRejected("an EIDO is a JSON object")
    problems = eido_schema.problems(document)
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ImportRejected(f"not a valid EIDO: {first}{more}", pointer=first.pointer)
    _check_references(document)
    _readable(document, "check")
    size = len(canonical(document))
    return Checked(document, size, digest(document), eido_schema.unknown_members(document))


def _bytes(raw: bytes | str | dict[str, Any]) -> bytes:
    """The document as bytes; one already parsed is written back so it is checked the same."""
    if isinstance(raw, dict):
        try:
            return canonical(raw)
        except (ValueError, TypeError, RecursionError) as err:
            raise ImportRejected(f"the document is not JSON tenfour accepts: {err}") from None
    return raw.encode() if isinstance(raw, str) else raw


def _readable(document: dict[str, Any], source: str) -> Any:
    try:
        return read(document, source)
    except Unreadable as err:
        raise ImportRejected(f"not a valid EIDO: {err}", pointer=err.pointer) from None


def _is_reference(key: str) -> bool:
    """EIDO names every reference member ``...Reference`` or ``...References``."""
    return key.endswith(("Reference", "References"))


def _walk_refs(document: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(pointer, target) of every reference; a reference member must hold ``{"$ref": id}``
    objects (the schema's ReferenceType does not say it is an object, so it lets a string by)."""
    stack: list[tuple[Any, str, bool]] = [(document, "", False)]
    while stack:
        item, where, is_ref = stack.pop()
        if is_ref and isinstance(item, list):
            stack.extend((v, f"{where}/{i}", True) for i, v in enumerate(item))
        elif is_ref and not (isinstance(item, dict) and isinstance(item.get("$ref"), str)):
            raise ImportRejected(
                f'not a valid EIDO: {where}: a reference is an object {{"$ref": "<$id>"}}',
                pointer=where,
            )
        elif isinstance(item, dict):
            if isinstance(item.get("$ref"), str):
                yield where, item["$ref"]
            stack.extend((v, f"{where}/{k}", _is_reference(k)) for k, v in item.items())
        elif isinstance(item, list):
            stack.extend((v, f"{where}/{i}", False) for i, v in enumerate(item))


def _check_references(document: dict[str, Any]) -> None:
    known = set(index(document))
    for pointer, target in _walk_refs(document):
        if target not in known:
            raise ImportRejected(
                f"not a valid EIDO: {pointer}: $ref {target!r} names no component of the document",
                pointer=pointer,
            )


def to_command(
    checked: Checked, state: DispatchState, issuer: Issuer, source: str, agency: str
) -> c.ImportIncident:
    """The one command that takes the checked document in."""
    reading = _readable(checked.document, source)
    own = issuer.own_incident(reading.external_id)
    return c.ImportIncident(
        source=source,
        external_id=reading.external_id,
        digest=checked.digest,
        size_bytes=checked.size_bytes,
        type_code=reading.type_code,
        priority=reading.priority,
        address=reading.address,
        lat=reading.lat,
        lon=reading.lon,
        calls=reading.calls,
        notes=reading.notes,
        unknown_members=checked.unknown_members,
        document=checked.document,
        incident=own if own in state.incidents else None,
        agency=agency,
        transfer=reading.transfer,
    )


def owning_agency(document: dict[str, Any]) -> str | None:
    """The tenfour agency id of the agency the document says owns the incident, if named so."""
    for agency in document.get("agencyComponent", []):
        if isinstance(agency, dict) and agency.get("incidentOwningAgencyIndicator"):
            return agency_of(str(agency.get("$id", "")))
    return None
