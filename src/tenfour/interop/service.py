"""The interop side of a running server: EIDO in and out, and assistance between partners.

Everything that changes state is a domain command through the engine, with a command id
derived from what arrived (the document's digest, the partner's request id), so a partner's
retry is carried out once. A partner's commands are recorded as actor ``partner:<AGENCY>``
with role ``partner`` and the partner's agency.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tenfour.domain import commands as c
from tenfour.domain.actors import Actor, Role
from tenfour.domain.entities import AssistanceRequest
from tenfour.domain.errors import Reason, Rejected
from tenfour.domain.events import AssistanceRequested
from tenfour.engine.engine import Engine
from tenfour.engine.envelope import (
    CommandResult,
    DuplicateCommandConflict,
    EngineUnavailable,
    Envelope,
)
from tenfour.interop import eido_import
from tenfour.interop.eido_export import export_incident
from tenfour.interop.eido_ids import Issuer, canonical, digest
from tenfour.interop.partners import DATE, NONCE, AuthFailed, NonceCache, PartnerConfig

REQUEST_PATH = "/api/v1/conveyance/assistance"
ANSWER_PATH = "/api/v1/conveyance/assistance-answer"


class PartnerMessageError(ValueError):
    """A partner message that cannot be carried out; ``status`` is the HTTP status."""

    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def partner_actor(agency: str) -> Actor:
    """The actor a partner CAD's commands are recorded under."""
    return Actor(f"partner:{agency}", Role.PARTNER, agency)


@dataclass
class InteropService:
    """Export, import and the assistance exchange, over one engine and one configuration."""

    engine: Engine
    config: PartnerConfig
    nonces: NonceCache

    @property
    def issuer(self) -> Issuer:
        """Who our documents say issued them."""
        return Issuer(self.config.element, self.config.agency)

    def export(self, incident: str) -> dict[str, Any]:
        """The EIDO of one incident (``ExportError`` when it does not exist).

        Without a configured local agency the incident's own agency signs the document.
        """
        state = self.engine.state
        issuer = self.issuer
        if issuer.agency not in state.agencies and incident in state.incidents:
            issuer = Issuer(issuer.element, state.incidents[incident].agency)
        return export_incident(state, incident, issuer)

    async def _submit(self, command_id: str, command: c.Command, actor: Actor) -> CommandResult:
        return await self.engine.submit(Envelope(command_id, command, actor))

    async def remember_nonce(self, partner: str, headers: Mapping[str, str], path: str) -> None:
        """Journal the nonce of a verified request; ``AuthFailed`` when it was used before.

        The command id is the nonce itself, so the engine's idempotency (which reads the
        journal, on either backend) recognises a replay even after a restart.
        """
        nonce = headers.get(NONCE.lower()) or headers.get(NONCE) or ""
        date = headers.get(DATE.lower()) or headers.get(DATE) or "0"
        command = c.RecordPartnerNonce(partner=partner, nonce=nonce, signed_at=int(date), path=path)
        try:
            result = await self._submit(f"nonce:{partner}:{nonce}", command, partner_actor(partner))
        except (EngineUnavailable, DuplicateCommandConflict) as err:
            raise AuthFailed(f"the request could not be recorded: {err}") from None
        if result.duplicate or result.rejection is not None:
            raise AuthFailed("the request's nonce was already used (a replay?)")

    async def import_document(
        self, raw: bytes | dict[str, Any], actor: Actor, source: str, agency: str
    ) -> CommandResult:
        """Check an EIDO and take it in as one command (``ImportRejected`` before anything)."""
        checked = eido_import.check(raw)
        command = eido_import.to_command(checked, self.engine.state, self.issuer, source, agency)
        return await self._submit(f"eido:{source}:{checked.digest}", command, actor)

    # --- assistance: the asked side --------------------------------------------------------

    async def receive_request(self, partner: str, body: dict[str, Any]) -> dict[str, Any]:
        """A partner asks us for help: take in its EIDO, then record its request."""
        ask = _object(body, "assistanceRequest")
        ref = _field(ask, "requestId")
        if ask.get("toAgency", self.config.agency) != self.config.agency:
            raise PartnerMessageError(
                f"this CAD answers for {self.config.agency}, not {ask['toAgency']}"
            )
        actor = partner_actor(partner)
        imported = await self.import_document(
            _object(body, "eido"), actor, partner, self.config.agency
        )
        incident = _incident_of(_accepted(imported))
        request = c.RequestAssistance(
            incident=incident,
            to_agency=self.config.agency,
            what=_field(ask, "what"),
            where=str(ask.get("where", "")),
            from_agency=partner,
            external_ref=ref,
        )
        result = _accepted(await self._submit(f"partner:{partner}:request:{ref}", request, actor))
        local = next(e.event for e in result.events if isinstance(e.event, AssistanceRequested))
        return {
            "statusCode": 200,
            "statusText": "OK",
            "requestId": ref,
            "localRequestId": local.request,
            "incidentId": incident,
        }

    def answer_message(self, req: AssistanceRequest) -> dict[str, Any]:
        """What we send the asking partner once we answered its request."""
        answer: dict[str, Any] = {
            "requestId": req.external_ref or req.id,
            "answer": req.answer.value if req.answer else "",
            "reason": req.answer_reason or "",
            "units": list(req.units),
            "answeredAt": req.answered_at,
            "answeredBy": req.answered_by,
        }
        d = self.engine.state.directives.get(req.directive_id or "")
        if d is not None:
            answer["directive"] = {
                "id": d.id,
                "kind": d.kind.value,
                "reason": d.reason,
                "authority": d.authority,
                "issuer": d.issuer,
                "role": d.role.value,
            }
        return {"assistanceAnswer": answer, "eido": self.export(req.incident_id)}

    # --- assistance: the asking side -------------------------------------------------------

    def request_message(self, req: AssistanceRequest) -> dict[str, Any]:
        """What we send the partner we ask for help."""
        eido = self.export(req.incident_id)
        return {
            "assistanceRequest": {
                "requestId": req.id,
                "fromAgency": req.from_agency,
                "toAgency": req.to_agency,
                "what": req.what,
                "where": req.where,
                "incidentId": eido["incidentComponent"]["$id"],
                "requestedAt": req.requested_at,
            },
            "eido": eido,
        }

    async def receive_answer(self, partner: str, body: dict[str, Any]) -> dict[str, Any]:
        """A partner answered our request: its EIDO goes on the record, then its answer."""
        answer = _object(body, "assistanceAnswer")
        ref = _field(answer, "requestId")
        req = self.engine.state.requests.get(ref)
        if req is None or req.to_agency != partner:
            raise PartnerMessageError(f"we made no request {ref!r} to {partner}", 404)
        actor = partner_actor(partner)
        eido = _object(body, "eido")
        checked = eido_import.check(eido)
        keep = c.RecordExternalDocument(
            incident=req.incident_id,
            source=partner,
            purpose="assistance-answer",
            external_id=str(eido.get("incidentComponent", {}).get("$id", eido.get("$id"))),
            digest=checked.digest,
            size_bytes=checked.size_bytes,
            unknown_members={**checked.unknown_members, "/assistanceAnswer": answer},
            document=checked.document,
        )
        _accepted(
            await self._submit(f"partner:{partner}:answerdoc:{ref}:{checked.digest}", keep, actor)
        )
        if req.answer is None:
            command = self._answer_command(req, answer)
            _accepted(await self._submit(f"partner:{partner}:answer:{ref}", command, actor))
        return {"statusCode": 200, "statusText": "OK", "requestId": ref}

    def _answer_command(self, req: AssistanceRequest, answer: dict[str, Any]) -> c.AnswerAssistance:
        units = [str(u) for u in answer.get("units", [])]
        known = tuple(
            u
            for u in units
            if getattr(self.engine.state.units.get(u), "agency", None) == req.to_agency
        )
        reason = _field(answer, "reason")
        others = [u for u in units if u not in known]
        if others:
            reason += f" (units offered: {', '.join(others)})"
        directive = answer.get("directive")
        if (
            isinstance(directive, dict)
            and directive.get("reason")
            and directive["reason"] not in reason
        ):
            reason += f" (directive {directive.get('id')}: {directive['reason']})"
        return c.AnswerAssistance(
            request=req.id, answer=_field(answer, "answer"), reason=reason, units=known
        )


def _object(body: dict[str, Any], key: str) -> dict[str, Any]:
    value = body.get(key)
    if not isinstance(value, dict):
        raise PartnerMessageError(f"the message has no {key} object")
    return value


def _field(obj: dict[str, Any], key: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value.strip():
        raise PartnerMessageError(f"{key} is required")
    return value


def _accepted(result: CommandResult) -> CommandResult:
    """The result, or the refusal raised (a duplicate of an accepted command is accepted)."""
    if result.rejection is not None:
        raise result.rejection
    return result


def _incident_of(result: CommandResult) -> str:
    for committed in result.events:
        incident = committed.event.incident_id
        if incident is not None:
            return incident
    raise Rejected(Reason.INVALID, "the import recorded no incident")


def message_digest(body: dict[str, Any]) -> str:
    """SHA-256 of a message, for logs."""
    return digest(body)


def message_bytes(body: dict[str, Any]) -> bytes:
    """A message as sent."""
    return canonical(body)
