"""Response bodies for geo routes: geocoding, duplicates, recommendations, tracks, map data."""

from __future__ import annotations

from pydantic import BaseModel, Field


class SuggestionOut(BaseModel):
    """A candidate address offered for autocomplete."""

    address: str = Field(examples=["Annankatu 5"])
    lat: float
    lon: float
    score: float = Field(description="0..1, higher is better")


class GeocodeOut(BaseModel):
    """The best match for a typed address, and other candidates."""

    query: str
    found: bool
    address: str | None = Field(default=None, examples=["Mannerheimintie 20 B"])
    lat: float | None = None
    lon: float | None = None
    postcode: str = ""
    confidence: float = Field(default=0.0, description="0..1")
    verified: bool = Field(
        default=False, description="Exact street and house number: safe to dispatch to"
    )
    suggestions: list[SuggestionOut] = Field(default_factory=list)
    approximate: str | None = Field(
        default=None,
        description="The house number typed is not known: lat/lon are this known point's "
        "(the nearest known number, else the street), not the typed address's",
        examples=["Mannerheimintie 13 A"],
    )


class SuggestOut(BaseModel):
    """Autocomplete answers for a prefix."""

    query: str
    suggestions: list[SuggestionOut]


class ReverseOut(BaseModel):
    """The nearest known address to a point."""

    address: str
    lat: float
    lon: float
    postcode: str = ""
    distance_m: float = Field(description="From the point asked about to the address")


class DuplicateOut(BaseModel):
    """An open incident a call may be about."""

    incident: str
    type_code: str
    priority: int
    address: str
    distance_m: float
    age_s: float = Field(description="Seconds between the incident's opening and the call")


class DuplicatesOut(BaseModel):
    """Proposals for linking, nearest first."""

    radius_m: float
    window_s: float
    proposals: list[DuplicateOut]


class PickOut(BaseModel):
    """A recommended unit."""

    unit: str = Field(examples=["E21"])
    slot: str = Field(examples=["engine"])
    eta_s: float = Field(examples=[192.4])
    reason: str = Field(examples=["E21, engine, 3 min 12 s by road, nearest engine"])


class UnfilledOut(BaseModel):
    """A slot of the run card no available unit could fill."""

    slot: str
    missing: int
    why: str


class RecommendationOut(BaseModel):
    """The run card filled with the fastest available units, as recorded."""

    incident: str
    card: str = Field(examples=["structure_fire"])
    picks: list[PickOut]
    unfilled: list[UnfilledOut]
    command_id: str
    seq: int | None = Field(default=None, description="Journal seq of RecommendationMade")


class TrackPointOut(BaseModel):
    """One AVL report."""

    at: str
    lat: float
    lon: float
    heading: float | None = None
    speed_kmh: float | None = None


class TrackOut(BaseModel):
    """A unit's positions, oldest first, for playback."""

    unit: str
    points: list[TrackPointOut]


class BoundsOut(BaseModel):
    """The area the map data covers."""

    south: float
    west: float
    north: float
    east: float


class PlaceOut(BaseModel):
    """A station or hospital."""

    id: str
    name: str
    kind: str
    address: str
    lat: float
    lon: float


class MapInfoOut(BaseModel):
    """What the console needs to draw the offline map."""

    city: str
    bounds: BoundsOut
    center: tuple[float, float]
    stations: list[PlaceOut]
    hospitals: list[PlaceOut]
    attribution: str = Field(examples=["© OpenStreetMap contributors (ODbL)"])
    streets_url: str = "/api/v1/map/streets"


class UnitEtaOut(BaseModel):
    """A committed unit's drive from its last AVL position to its incident."""

    unit: str
    incident: str
    seconds: float
    meters: float
    route: list[tuple[float, float]]
