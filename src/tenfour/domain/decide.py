"""``decide(state, command) -> events``: the one entry to the rules of dispatch.

Handlers are looked up in a table by command class. Each either returns the events that
record what happened or raises ``Rejected``; it never changes the state.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tenfour.domain import commands as c
from tenfour.domain import decide_aid as aid
from tenfour.domain import decide_centre as centre
from tenfour.domain import decide_directives as directives
from tenfour.domain import decide_incidents as incidents
from tenfour.domain import decide_interop as interop
from tenfour.domain import decide_org as org
from tenfour.domain import decide_proposals as proposals
from tenfour.domain import decide_radio as radio
from tenfour.domain import decide_units as units
from tenfour.domain.actors import Actor
from tenfour.domain.authorization_targets import authorize
from tenfour.domain.errors import conflict
from tenfour.domain.events import Event
from tenfour.domain.handler_context import Context
from tenfour.domain.policy import require_role
from tenfour.domain.state import DispatchState
from tenfour.domain.surroundings import NOWHERE, Surroundings

Handler = Callable[[Context, Any], list[Event]]

HANDLERS: dict[type[c.Command], Handler] = {
    c.RegisterAgency: org.register_agency,
    c.SetDirectivePolicy: org.set_policy,
    c.RegisterUser: org.register_user,
    c.DeactivateUser: org.deactivate_user,
    c.ReactivateUser: org.reactivate_user,
    c.SetPassword: org.set_password,
    c.RegisterUnit: org.register_unit,
    c.AmendAgency: centre.amend_agency,
    c.AmendUnit: centre.amend_unit,
    c.SetCentreEntry: centre.set_entry,
    c.CreateIncident: incidents.create_incident,
    c.AddCall: incidents.add_call,
    c.AddRemark: incidents.add_remark,
    c.StrikeRemark: incidents.strike_remark,
    c.ReclassifyIncident: incidents.reclassify,
    c.RelocateIncident: incidents.relocate,
    c.LinkIncidents: incidents.link,
    c.UnlinkIncidents: incidents.unlink,
    c.CloseIncident: incidents.close,
    c.DispatchUnit: units.dispatch,
    c.MarkEnRoute: units.en_route,
    c.MarkOnScene: units.on_scene,
    c.MarkTransporting: units.transporting,
    c.MarkAtHospital: units.at_hospital,
    c.ClearUnit: units.clear,
    c.SetUnitService: units.set_service,
    c.ReportPosition: units.report_position,
    c.RecordRecommendation: units.record_recommendation,
    c.IssueDirective: directives.issue,
    c.LiftDirective: directives.lift,
    c.AcknowledgeDirective: directives.acknowledge,
    c.RequestAssistance: aid.request_assistance,
    c.AnswerAssistance: aid.answer_assistance,
    c.AddHazard: aid.add_hazard,
    c.RemoveHazard: aid.remove_hazard,
    c.IssueBulletin: aid.issue_bulletin,
    c.CancelBulletin: aid.cancel_bulletin,
    c.ImportIncident: interop.import_incident,
    c.RecordExternalDocument: interop.record_document,
    c.AcknowledgeDelivery: interop.acknowledge_delivery,
    c.IngestAlert: interop.ingest_alert,
    c.RecordPartnerNonce: interop.record_nonce,
    c.SetRetention: org.set_retention,
    c.AcceptProposal: proposals.accept,
    c.RejectProposal: proposals.reject,
    c.RecordTransmission: radio.record_transmission,
    c.AddTranscript: radio.add_transcript,
    c.CorrectTranscript: radio.correct_transcript,
    c.ProposeRadioPhrase: radio.propose_phrase,
    c.ConfirmRadioPhrase: radio.confirm_phrase,
    c.DismissRadioPhrase: radio.dismiss_phrase,
}


def decide(
    state: DispatchState,
    command: c.Command,
    actor: Actor,
    now: str,
    expected_version: int | None = None,
    surroundings: Surroundings = NOWHERE,
) -> list[Event]:
    """The events a command produces, or ``Rejected`` with the reason it may not happen."""
    require_role(actor, command.NAME)
    authorize(state, actor, command)
    subject = command.target
    if expected_version is not None and subject is not None:
        current = state.version_of(subject)
        if current != expected_version:
            raise conflict(
                f"{subject} is at version {current}, not {expected_version}: reload and retry"
            )
    return HANDLERS[type(command)](Context(state, actor, now, surroundings), command)
