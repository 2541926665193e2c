"""``GET /api/v1/incident-types``: the controlled vocabulary the console's type picker offers.

The list is ``tenfour/data/incident_types.json``, the same one the public outputs take their
allow-list from and the simulator draws its calls from.
"""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from tenfour.api.deps import CurrentUser
from tenfour.api.errors import ERROR_RESPONSES
from tenfour.incident_types import load_vocabulary
from tenfour.interop.mappings import mappings

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
async def incident_types(_: CurrentUser) -> list[IncidentTypeOut]:
    """Every incident type of the vocabulary."""
    types = load_vocabulary().types.values()
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
