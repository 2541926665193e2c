"""``GET /api/v1/centre``: the centre's configuration in force that consoles use.

Stations, unit types and status timers as the centre file set them (``tenfour centre apply``);
a console flags a unit that stays in a status longer than its timer. Empty sections mean the
centre configured none (the packaged defaults apply where there are any).
"""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from tenfour.api.deps import CurrentUser, RuntimeDep
from tenfour.api.errors import ERROR_RESPONSES

router = APIRouter(tags=["queries"], responses=ERROR_RESPONSES)


class StationOut(BaseModel):
    """A station units are based at."""

    id: str
    name: str
    kind: str
    agency: str | None = None
    address: str = ""
    lat: float
    lon: float


class CentreOut(BaseModel):
    """The configuration in force."""

    stations: list[StationOut]
    unit_types: dict[str, str] = Field(description="unit type -> discipline")
    status_timers: dict[str, int] = Field(
        description="unit status -> minutes before the console flags a unit still in it"
    )


@router.get(
    "/centre",
    response_model=CentreOut,
    description="Stations, unit types and status timers in force. **Roles:** any.",
)
async def centre(_: CurrentUser, runtime: RuntimeDep) -> CentreOut:
    """The centre's configuration for consoles."""
    config = runtime.engine.state.config
    return CentreOut(
        stations=[StationOut(id=k, **v) for k, v in config.get("station", {}).items()],
        unit_types={k: str(v["discipline"]) for k, v in config.get("unit_type", {}).items()},
        status_timers={k: int(v["minutes"]) for k, v in config.get("status_timer", {}).items()},
    )
