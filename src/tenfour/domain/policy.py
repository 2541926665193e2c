"""Who may give which command. The one table the API, console and engine all obey.

This table says which ROLES may give a command; ``authorization_targets`` says on which
targets (own agency, agencies dispatched for, shared incidents). ``decide`` checks both.
"""

from __future__ import annotations

from collections.abc import Iterable

from tenfour.domain.actors import SERVICES, Actor, Role
from tenfour.domain.errors import forbidden

R = Role
FLOOR = frozenset({R.CALL_TAKER, R.DISPATCHER, R.SUPERVISOR, R.COMMANDER})
DISPATCH = frozenset({R.DISPATCHER, R.SUPERVISOR, R.COMMANDER})
CREW = frozenset({R.DISPATCHER, R.SUPERVISOR, R.UNIT})
COMMAND_STAFF = frozenset({R.SUPERVISOR, R.COMMANDER})
ADMIN = frozenset({R.ADMIN, R.CENTRE_ADMIN})  # which agencies: authorization_targets
EVERY_HUMAN = frozenset(Role) - {R.SYSTEM} - SERVICES

PERMISSIONS: dict[str, frozenset[Role]] = {
    "RegisterAgency": ADMIN,
    "SetDirectivePolicy": ADMIN,
    "RegisterUser": ADMIN,
    "DeactivateUser": ADMIN,
    "ReactivateUser": ADMIN,
    "SetPassword": ADMIN,
    "RegisterUnit": ADMIN,
    "SetRetention": frozenset(),  # tenfour itself, from its settings (roles_for adds SYSTEM)
    "AmendAgency": ADMIN,
    "AmendUnit": ADMIN,
    "SetCentreEntry": ADMIN,
    "CreateIncident": FLOOR,
    "AddCall": FLOOR,
    "AddRemark": FLOOR | {R.UNIT},
    "StrikeRemark": FLOOR,
    "ReclassifyIncident": FLOOR,
    "RelocateIncident": FLOOR,
    "LinkIncidents": FLOOR,
    "UnlinkIncidents": FLOOR,
    "CloseIncident": DISPATCH,
    "DispatchUnit": DISPATCH,
    "MarkEnRoute": CREW,
    "MarkOnScene": CREW,
    "MarkTransporting": CREW,
    "MarkAtHospital": CREW,
    "ClearUnit": CREW | {R.COMMANDER},
    "SetUnitService": CREW,
    "ReportPosition": CREW | ADMIN,
    "RecordRecommendation": FLOOR,
    # Whether a role may issue a directive is the agency's policy, checked in the handler.
    "IssueDirective": EVERY_HUMAN,
    "LiftDirective": EVERY_HUMAN,
    "AcknowledgeDirective": frozenset({R.UNIT, R.DISPATCHER}),
    "RequestAssistance": DISPATCH | {R.PARTNER},
    "AnswerAssistance": DISPATCH | {R.PARTNER},
    "AddHazard": DISPATCH | {R.RECORDS},
    "RemoveHazard": DISPATCH | {R.RECORDS},
    "IssueBulletin": DISPATCH | {R.RECORDS, R.PARTNER},
    "CancelBulletin": DISPATCH | {R.RECORDS, R.PARTNER},
    "ImportIncident": FLOOR | {R.PARTNER},
    "RecordExternalDocument": DISPATCH | {R.PARTNER},
    "AcknowledgeDelivery": frozenset({R.PARTNER}),
    "IngestAlert": COMMAND_STAFF | {R.PARTNER},
    # Accepting changes the incident as reclassifying and relocating do: the same roles.
    "RecordPartnerNonce": frozenset({R.PARTNER}),
    "AcceptProposal": FLOOR,
    "RejectProposal": FLOOR,
    # radio on the record: recorders record, the transcriber transcribes and proposes, people
    # correct and decide (a centre administrator may upload a recording by hand)
    "RecordTransmission": frozenset({R.RECORDER, R.CENTRE_ADMIN}),
    "AddTranscript": frozenset({R.TRANSCRIBER}),
    "ProposeRadioPhrase": frozenset({R.TRANSCRIBER}),
    "CorrectTranscript": frozenset({R.DISPATCHER, R.SUPERVISOR, R.RECORDS}),
    "ConfirmRadioPhrase": frozenset({R.DISPATCHER, R.SUPERVISOR}),
    "DismissRadioPhrase": frozenset({R.DISPATCHER, R.SUPERVISOR}),
}

# Commands the agency's directive policy further limits (checked in the directive handlers).
DIRECTIVE_COMMANDS = frozenset({"IssueDirective", "LiftDirective"})

# Who may read the journal's records: the record routes and the console's screens obey this.
READS: dict[str, frozenset[Role]] = {
    "IncidentTimeline": FLOOR | {R.RECORDS} | ADMIN,
    "ResponseTimeReport": COMMAND_STAFF | {R.RECORDS} | ADMIN,
    "PartnerDocuments": FLOOR | {R.RECORDS} | ADMIN,  # an incident's EIDO, a directive's CAP
    "PublicAlert": DISPATCH,  # a public CAP alert drafted from an incident
    "Alerts": FLOOR | ADMIN,  # the alerts partners sent us
    "PartnerOutbox": DISPATCH | ADMIN,  # messages still owed to partner CADs
    "Metrics": ADMIN | {R.SUPERVISOR},
}


def roles_for(command_name: str) -> frozenset[Role]:
    """The roles that may give a command (the system may give any)."""
    return PERMISSIONS[command_name] | {R.SYSTEM}


def require_role(actor: Actor, command_name: str) -> None:
    """Refuse a command the actor's role may not give."""
    if actor.role not in roles_for(command_name):
        allowed = ", ".join(sorted(r.value for r in PERMISSIONS[command_name]))
        raise forbidden(f"role {actor.role.value} may not {command_name} (allowed: {allowed})")


def commands_for(role: Role, directive_roles: Iterable[Role]) -> list[str]:
    """The commands a role may give, directives as the agency's policy allows (sorted)."""
    directing = role in frozenset(directive_roles)
    return sorted(
        name
        for name, roles in PERMISSIONS.items()
        if role in roles and (directing or name not in DIRECTIVE_COMMANDS)
    )


def reads_for(role: Role) -> list[str]:
    """The records a role may read (sorted)."""
    return sorted(name for name, roles in READS.items() if role in roles)


def bound_to_unit(role: Role) -> bool:
    """Whether acting in ``role`` means acting for the one unit the login is bound to."""
    return role == R.UNIT
