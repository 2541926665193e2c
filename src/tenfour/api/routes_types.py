"""``GET /api/v1/incident-types``: the controlled vocabulary the console's type picker offers.

The list is the centre's configured types (its centre file's ``incident_types``), else
``tenfour/data/incident_types.json``, the same one the public outputs take their
allow-list from and the simulator draws its calls from.
"""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from tenfour.api.deps import CurrentUser, RuntimeDep
from tenfour.api.errors import ERROR_RESPONSES
from tenfour.incident_types import vocabulary_in_force

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
