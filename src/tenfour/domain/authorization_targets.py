"""What each command acts on, and whether the actor may act on it (``authorize``).

The role table (``policy``) says which roles may give a command at all; this says on WHAT: each
command names its target (an incident, a unit, a directive, a request, a hazard, a bulletin, an
agency or a user), the target's owning agency is looked up in the state, and the relations of
``authorization`` decide. A command with no rule here is refused: a new command must say what
it acts on before anyone may give it. A target that does not exist is left to the handler
(404).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tenfour.domain import commands as c
from tenfour.domain.actors import SERVICES, Actor, Role
from tenfour.domain.authorization import (
    WIDE,
    may_reach_incident,
    may_reach_transmission,
    may_reach_unit,
    reaches,
)
from tenfour.domain.errors import forbidden
from tenfour.domain.radio import configured_recorder
from tenfour.domain.state import DispatchState

R = Role
Rule = Callable[[DispatchState, Actor, Any], "str | None"]


def _who(actor: Actor) -> str:
    if actor.role == R.UNIT:
        return f"a unit login bound to {actor.unit!r}"
    return f"{actor.role.value} of {actor.agency}"


def _agency(state: DispatchState, actor: Actor, owner: str, what: str) -> str | None:
    if reaches(state, actor, owner):
        return None
    return f"{_who(actor)} may not act on {what} of {owner}"


def _incident(state: DispatchState, actor: Actor, ident: str | None, shared: bool) -> str | None:
    incident = state.incidents.get(ident or "")
    if incident is None or may_reach_incident(state, actor, incident, shared=shared):
        return None
    return f"{_who(actor)} may not act on incident {incident.id} of {incident.agency}"


def _unit(state: DispatchState, actor: Actor, ident: str) -> str | None:
    unit = state.units.get(ident)
    if unit is None or may_reach_unit(state, actor, unit):
        return None
    return f"{_who(actor)} may not act for unit {unit.id} of {unit.agency}"


def on_incident(*, shared: bool) -> Rule:
    """The command's ``incident``; ``shared``: an incident shared with the actor will do."""

    def rule(state: DispatchState, actor: Actor, cmd: Any) -> str | None:
        return _incident(state, actor, cmd.incident, shared)

    return rule


def on_unit(state: DispatchState, actor: Actor, cmd: Any) -> str | None:
    """The command's ``unit``: its crew, or an agency that dispatches it."""
    return _unit(state, actor, cmd.unit)


def first(*rules: Rule) -> Rule:
    """The first refusal of several rules."""

    def combined(state: DispatchState, actor: Actor, cmd: Any) -> str | None:
        for one in rules:
            reason = one(state, actor, cmd)
            if reason is not None:
                return reason
        return None

    return combined


# --- organisation -------------------------------------------------------------------------


def register_agency(state: DispatchState, actor: Actor, cmd: c.RegisterAgency) -> str | None:
    """A new agency is the centre's business."""
    if actor.role in WIDE:
        return None
    return "registering an agency is for a centre administrator (role centre_admin)"


def on_agency(state: DispatchState, actor: Actor, cmd: Any) -> str | None:
    """The command's ``agency`` (policy, unit, user registration)."""
    return _agency(state, actor, cmd.agency, "the records")


def amend_unit(state: DispatchState, actor: Actor, cmd: c.AmendUnit) -> str | None:
    """A unit of an agency the actor administers."""
    unit = state.units.get(cmd.unit)
    return None if unit is None else _agency(state, actor, unit.agency, "the records")


def centre_entry(state: DispatchState, actor: Actor, cmd: c.SetCentreEntry) -> str | None:
    """Stations, run cards, incident types and timers are the whole centre's."""
    if actor.role in WIDE:
        return None
    return "the centre's configuration is for a centre administrator (role centre_admin)"


def register_user(state: DispatchState, actor: Actor, cmd: c.RegisterUser) -> str | None:
    """A user of an agency the actor administers; only the centre makes centre admins."""
    if R.CENTRE_ADMIN.value in cmd.roles and actor.role not in WIDE:
        return "only a centre administrator may make a centre administrator"
    return _agency(state, actor, cmd.agency, "the users")


def deactivate_user(state: DispatchState, actor: Actor, cmd: c.DeactivateUser) -> str | None:
    """A user of an agency the actor administers."""
    return administer_user(state, actor, cmd.user)


def administer_user(state: DispatchState, actor: Actor, ident: str) -> str | None:
    """Whether the actor may administer a user (deactivate, set the password): one of an
    agency it administers; a centre administrator only by the centre."""
    user = state.users.get(ident)
    if user is None or actor.role == R.SYSTEM:
        return None
    if R.CENTRE_ADMIN in user.roles and actor.role not in WIDE:
        return "only a centre administrator may deactivate a centre administrator"
    return _agency(state, actor, user.agency, "the users")


# --- incidents, units, directives ---------------------------------------------------------


def create_incident(state: DispatchState, actor: Actor, cmd: c.CreateIncident) -> str | None:
    """A new incident of an agency the actor reaches."""
    return _agency(state, actor, cmd.agency or actor.agency, "the incidents")


def link(state: DispatchState, actor: Actor, cmd: c.LinkIncidents) -> str | None:
    """Both incidents must be the actor's to change."""
    return _incident(state, actor, cmd.incident, False) or _incident(state, actor, cmd.other, False)


def unlink(state: DispatchState, actor: Actor, cmd: c.UnlinkIncidents) -> str | None:
    """Both incidents must be the actor's to change."""
    return _incident(state, actor, cmd.incident, False) or _incident(state, actor, cmd.other, False)


def lift_directive(state: DispatchState, actor: Actor, cmd: c.LiftDirective) -> str | None:
    """A directive is lifted by its own agency's command (or the system)."""
    directive = state.directives.get(cmd.directive)
    if directive is None or actor.role == R.SYSTEM or directive.agency == actor.agency:
        return None
    return f"directive {directive.id} belongs to {directive.agency}"


# --- mutual aid, hazards, bulletins -------------------------------------------------------


def request_assistance(state: DispatchState, actor: Actor, cmd: c.RequestAssistance) -> str | None:
    """For an agency the actor acts for, on an incident it may act on (shared will do) - or
    asking the incident's own agency for help, which shares nothing until that agency accepts."""
    refused = _agency(state, actor, cmd.from_agency or actor.agency, "the requests")
    incident = state.incidents.get(cmd.incident)
    if refused is not None or incident is None or incident.agency == cmd.to_agency:
        return refused
    return _incident(state, actor, cmd.incident, True)


def answer_assistance(state: DispatchState, actor: Actor, cmd: c.AnswerAssistance) -> str | None:
    """A request made to an agency the actor acts for."""
    req = state.requests.get(cmd.request)
    if req is None or reaches(state, actor, req.to_agency):
        return None
    return f"request {req.id} was made to {req.to_agency}, not {actor.agency}"


def acknowledge_delivery(
    state: DispatchState, actor: Actor, cmd: c.AcknowledgeDelivery
) -> str | None:
    """Only a party to the request acknowledges its delivery; a partner CAD only the message
    that went to it (the request to the agency asked, the answer to the agency asking)."""
    req = state.requests.get(cmd.request)
    if req is None or actor.role in WIDE:
        return None
    if actor.role == R.PARTNER:
        receiver = req.to_agency if cmd.message == "request" else req.from_agency
        if actor.agency != receiver:
            return f"the {cmd.message} of {req.id} went to {receiver}, not {actor.agency}"
        return None
    if actor.agency in (req.from_agency, req.to_agency):
        return None
    return f"{actor.agency} is not a party to request {req.id}"


def record_nonce(state: DispatchState, actor: Actor, cmd: c.RecordPartnerNonce) -> str | None:
    """A partner link records only its own nonces."""
    if actor.role == R.PARTNER and actor.agency != cmd.partner:
        return f"{actor.agency} may not record {cmd.partner}'s nonces"
    return None


def remove_hazard(state: DispatchState, actor: Actor, cmd: c.RemoveHazard) -> str | None:
    """A hazard of an agency the actor acts for."""
    hazard = state.hazards.get(cmd.hazard)
    return None if hazard is None else _agency(state, actor, hazard.agency, "the hazards")


def cancel_bulletin(state: DispatchState, actor: Actor, cmd: c.CancelBulletin) -> str | None:
    """A bulletin of an agency the actor acts for."""
    bulletin = state.bulletins.get(cmd.bulletin)
    return None if bulletin is None else _agency(state, actor, bulletin.agency, "the bulletins")


def import_incident(state: DispatchState, actor: Actor, cmd: c.ImportIncident) -> str | None:
    """An update touches only an incident shared with the sender; a new one is addressed to
    an agency the importer acts for (a partner CAD may address any agency of the centre)."""
    link = state.interop.links.get(cmd.external_id)
    target = cmd.incident or (link.incident_id if link else None)
    if target is not None:
        return _incident(state, actor, target, True)
    if actor.role == R.PARTNER:
        return None
    return _agency(state, actor, cmd.agency or actor.agency, "the incidents")


def on_user(state: DispatchState, actor: Actor, cmd: Any) -> str | None:
    """The command's ``user``: one the actor administers (reactivation, password)."""
    return administer_user(state, actor, cmd.user)


def on_proposal(state: DispatchState, actor: Actor, cmd: Any) -> str | None:
    """A partner's proposal changes its incident's type or place: the owner's business."""
    proposals = getattr(state.interop, "proposals", {})
    proposal = proposals.get(cmd.proposal)
    return None if proposal is None else _incident(state, actor, proposal.incident_id, False)


def on_transmission(state: DispatchState, actor: Actor, cmd: Any) -> str | None:
    """A transmission on a channel of an agency the actor acts for, or attributed to an
    incident it may act on; the radio services act on every transmission."""
    found = state.radio.transmissions.get(cmd.transmission)
    if found is None or actor.role in SERVICES or may_reach_transmission(state, actor, found):
        return None
    owner = found.agency or "no agency (an unconfigured talkgroup)"
    return f"{_who(actor)} may not act on transmission {found.id} of {owner}"


def on_radio_phrase(state: DispatchState, actor: Actor, cmd: Any) -> str | None:
    """A phrase proposal on a transmission the actor reaches; the unit it would move must be
    one the actor acts for."""
    found = state.radio.proposals.get(cmd.proposal)
    if found is None:
        return None
    transmission = state.radio.transmissions.get(found.transmission)
    if transmission is not None and not may_reach_transmission(state, actor, transmission):
        return f"{_who(actor)} may not act on transmission {transmission.id}"
    return None if found.unit is None else _unit(state, actor, found.unit)


def record_transmission(state: DispatchState, actor: Actor, cmd: Any) -> str | None:
    """A recorder the centre configured records any of the centre's channels, as itself; a
    person only from the centre."""
    if actor.role is Role.RECORDER:
        recorder = configured_recorder(state.config, actor)
        if recorder is None:
            return f"{actor.user} is no recorder in the centre's configuration"
        if cmd.recorder != recorder:
            return f"recorder {recorder} may not record as recorder {cmd.recorder}"
        return None
    if actor.role in WIDE:
        return None
    return "recording radio traffic is for a recorder or a centre administrator"


def anyone(state: DispatchState, actor: Actor, cmd: Any) -> str | None:
    """No target beyond the actor's own agency (it issues the hazard, bulletin, alert...)."""
    return None


def system_only(state: DispatchState, actor: Actor, cmd: Any) -> str | None:
    """tenfour's own settings (the system role never reaches a rule)."""
    return f"{cmd.NAME} is tenfour's own: only its settings change it"


RULES: dict[str, Rule] = {
    "RegisterAgency": register_agency,
    "SetDirectivePolicy": on_agency,
    "RegisterUser": register_user,
    "DeactivateUser": deactivate_user,
    "RegisterUnit": on_agency,
    "AmendAgency": on_agency,
    "AmendUnit": amend_unit,
    "SetCentreEntry": centre_entry,
    "CreateIncident": create_incident,
    "AddCall": on_incident(shared=False),
    "AddRemark": on_incident(shared=True),
    "StrikeRemark": on_incident(shared=False),
    "ReclassifyIncident": on_incident(shared=False),
    "RelocateIncident": on_incident(shared=False),
    "LinkIncidents": link,
    "UnlinkIncidents": unlink,
    "CloseIncident": on_incident(shared=False),
    "DispatchUnit": first(on_unit, on_incident(shared=True)),
    "MarkEnRoute": on_unit,
    "MarkOnScene": on_unit,
    "MarkTransporting": on_unit,
    "MarkAtHospital": on_unit,
    "ClearUnit": on_unit,
    "SetUnitService": on_unit,
    "ReportPosition": on_unit,
    "RecordRecommendation": on_incident(shared=True),
    "IssueDirective": on_incident(shared=True),  # issued in the actor's own agency's name
    "LiftDirective": lift_directive,
    "AcknowledgeDirective": on_unit,
    "RequestAssistance": request_assistance,
    "AnswerAssistance": answer_assistance,
    "AddHazard": anyone,  # always the actor's own agency's hazard
    "RemoveHazard": remove_hazard,
    "IssueBulletin": anyone,  # always the actor's own agency's bulletin
    "CancelBulletin": cancel_bulletin,
    "ImportIncident": import_incident,
    "RecordExternalDocument": on_incident(shared=True),
    "AcknowledgeDelivery": acknowledge_delivery,
    "IngestAlert": anyone,  # the centre's alert list
    # commands of the record and partners work (credentials journaled, proposals, nonces)
    "ReactivateUser": on_user,
    "SetPassword": on_user,
    "AcceptProposal": on_proposal,
    "RejectProposal": on_proposal,
    "RecordPartnerNonce": record_nonce,  # the partner link's own replay record
    "SetRetention": system_only,
    "RecordTransmission": record_transmission,
    "AddTranscript": on_transmission,
    "ProposeRadioPhrase": on_transmission,
    "CorrectTranscript": on_transmission,
    "ConfirmRadioPhrase": on_radio_phrase,
    "DismissRadioPhrase": on_radio_phrase,
}


def refusal(state: DispatchState, actor: Actor, command: c.Command) -> str | None:
    """Why the actor may not give this command to its target, or None when it may."""
    if actor.role == R.SYSTEM:
        return None
    rule = RULES.get(command.NAME)
    if rule is None:
        return f"{command.NAME} has no authorization rule: nobody may give it"
    return rule(state, actor, command)


def authorize(state: DispatchState, actor: Actor, command: c.Command) -> None:
    """Refuse (403) a command the actor may not give to its target."""
    reason = refusal(state, actor, command)
    if reason is not None:
        raise forbidden(reason)
