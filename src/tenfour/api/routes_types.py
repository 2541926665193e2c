"""``GET /api/v1/incident-types``: the controlled vocabulary the console's type picker offers.

The list is the centre's configured types (its centre file's ``incident_types``), else
``tenfour/data/incident_types.json``, the same one the public outputs take their
allow-list from and the simulator draws its calls from.
"""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter
from pydantic import BaseModel, Field

from tenfour.api.deps import CurrentUser, RuntimeDep
from tenfour.api.errors import ERROR_RESPONSES
from tenfour.domain.statuses import TRANSITIONS
from tenfour.domain.timers import Thresholds, policy_for, with_centre_timers
from tenfour.incident_types import vocabulary_in_force
from tenfour.interop.mappings import mappings
from tenfour.status_timers import packaged_policies

router = APIRouter(tags=["queries"], responses=ERROR_RESPONSES)


class IncidentTypeOut(BaseModel):
    """One incident type."""

    code: str = Field(examples=["structure_fire"])
    label: str = Field(examples=["Structure fire"])
    discipline: str = Field(description="police, fire or ems")
    default_priority: int
    publishable: bool = Field(description="whether incidents of this type may appear in public")
    public_label: str | None = Field(None, description="the label the public sees")
    eido: str | None = Field(None, description="NENA STA-021 Incident Type registry value")


@router.get(
    "/incident-types",
    response_model=list[IncidentTypeOut],
    description="The incident types the console offers, in file order. **Roles:** any.",
)
async def incident_types(_: CurrentUser, runtime: RuntimeDep) -> list[IncidentTypeOut]:
    """Every incident type of the vocabulary in force."""
    types = vocabulary_in_force(runtime.engine.state.config).types.values()
    return [IncidentTypeOut.model_validate(t, from_attributes=True) for t in types]


class DispositionOut(BaseModel):
    """One disposition code an incident may be closed with."""

    code: str = Field(examples=["report_taken"])
    registry: str = Field(description="NENA Common Disposition Codes Registry value")


@router.get(
    "/dispositions",
    response_model=list[DispositionOut],
    description="The disposition codes the console offers to close an incident (the EIDO "
    "mapping's vocabulary, in file order). **Roles:** any.",
)
async def dispositions(_: CurrentUser) -> list[DispositionOut]:
    """Every disposition code of the vocabulary."""
    table: dict[str, str] = mappings()["dispositions"]["export"]
    return [DispositionOut(code=code, registry=value) for code, value in table.items()]


class ThresholdsOut(BaseModel):
    """When a timer turns amber and red."""

    warn_s: float = Field(examples=[60])
    late_s: float = Field(examples=[120])
    why: str = Field(default="", examples=["dispatched but not en route"])


class EtaRuleOut(BaseModel):
    """A unit en route with the ETA it was dispatched with (the unit board's ``eta_s``): amber
    ``warn_over_s`` after the ETA, red once late by max(``late_over_s``, ``late_share`` x ETA)."""

    warn_over_s: float = Field(examples=[0])
    late_over_s: float = Field(examples=[60])
    late_share: float = Field(examples=[0.5])
    why: str = Field(default="", examples=["en route past its ETA"])


class TimersOut(BaseModel):
    """The status timers of the viewer's agency; a status not listed never alarms."""

    agency: str
    units: dict[str, ThresholdsOut] = Field(description="unit status -> thresholds")
    pending: dict[str, ThresholdsOut] = Field(description="priority -> dispatch target")
    incidents: dict[str, ThresholdsOut] = Field(description="open incident status -> thresholds")
    eta: EtaRuleOut | None = Field(
        default=None, description="the rule for a unit en route with an ETA (null: none)"
    )


def _out(t: Thresholds) -> ThresholdsOut:
    return ThresholdsOut(warn_s=t.warn_s, late_s=t.late_s, why=t.why)


@router.get(
    "/timers",
    response_model=TimersOut,
    description="The status timers of your agency's configuration (time in status after "
    "which a console shows amber and red): the packaged ones, with the unit timers of the "
    "centre file (`status_timers`, minutes until red) in force. **Roles:** any.",
)
async def timers(principal: CurrentUser, runtime: RuntimeDep) -> TimersOut:
    """Your agency's status timers (the centre file's unit timers win over the packaged ones)."""
    centre = runtime.engine.state.config.get("status_timer", {})
    policy = with_centre_timers(policy_for(packaged_policies(), principal.agency), centre)
    return TimersOut(
        agency=principal.agency,
        units={k: _out(v) for k, v in policy.units.items()},
        pending={str(k): _out(v) for k, v in sorted(policy.pending.items())},
        incidents={k: _out(v) for k, v in policy.incidents.items()},
        eta=None if policy.eta is None else EtaRuleOut(**asdict(policy.eta)),
    )


@router.get(
    "/unit-transitions",
    response_model=dict[str, list[str]],
    description="For each unit status, the statuses a unit may change to next (the domain's "
    "table): consoles offer only those. **Roles:** any.",
)
async def unit_transitions(_: CurrentUser) -> dict[str, list[str]]:
    """The legal unit status changes."""
    return {s.value: sorted(t.value for t in nxt) for s, nxt in TRANSITIONS.items()}
