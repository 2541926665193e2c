"""A trunk-recorder call folder, watched by polling: one audio file and one ``.json`` per call.

trunk-recorder writes ``<short_name>/<year>/<month>/<day>/<talkgroup>-<start>_<freq>.m4a`` (or
``.wav``) and a JSON file of the same name with ``talkgroup``, ``start_time``, ``stop_time``,
``freq``, ``emergency``, ``short_name`` and ``srcList`` (``[{"src", "pos", ...}]``). A call is
taken when both files are there and neither changed for ``settle_s`` (a file still being written
is left for the next scan); folders nothing was added to for two days are not walked. A taken
call is listed in ``.tenfour-taken`` so it is read once (and the engine's command ids make a
second submission a no-op anyway). A call that cannot be taken (bad JSON, audio FFmpeg cannot
read, a refusal) is moved to ``.rejected/`` with a ``.reason.txt`` beside it, logged, and the
watch goes on: nothing a recorder writes stops the server.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tenfour.radio.ingest import (
    Call,
    IngestError,
    RadioIngest,
    Taken,
    epoch,
    optional_whole,
    sources_of,
    whole,
)

log = logging.getLogger("tenfour.radio")

AUDIO_SUFFIXES = (".m4a", ".wav", ".mp3", ".opus", ".ogg", ".aac", ".flac")
LEDGER = ".tenfour-taken"
REJECTED = ".rejected"
MAX_JSON_BYTES = 1 << 20
MAX_AUDIO_BYTES = 200 << 20
RECENT_S = 2 * 86_400.0  # folders untouched for longer are a recorder's archive: not walked


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one scan did with one call: taken (new or again) or rejected, with the reason."""

    name: str
    taken: Taken | None = None
    reason: str | None = None


def call_from_json(meta: dict[str, Any], audio: bytes, audio_name: str, system: str) -> Call:
    """A trunk-recorder call file's metadata as a ``Call``."""
    talkgroup = whole(meta.get("talkgroup"), "talkgroup")
    started = epoch(meta.get("start_time"), "start_time")
    stop = meta.get("stop_time")
    return Call(
        system=str(meta.get("short_name") or system),
        talkgroup=talkgroup,
        started=started,
        ended=None if stop in (None, "", 0) else epoch(stop, "stop_time"),
        frequency_hz=optional_whole(meta.get("freq"), "freq"),
        emergency=bool(meta.get("emergency")),
        sources=sources_of(meta.get("srcList")),
        talkgroup_label=str(meta.get("talkgroup_tag") or ""),
        audio=audio,
        audio_name=audio_name,
    )


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return 0.0


class CallFolder:
    """One recorder's call folder; ``scan`` takes what is ready, ``run`` polls until stopped."""

    def __init__(
        self,
        ingest: RadioIngest,
        recorder: str,
        root: Path,
        *,
        settle_s: float = 2.0,
        clock: Callable[[], float] = time.time,
        recent_s: float = RECENT_S,
    ) -> None:
        self.ingest, self.recorder, self.root = ingest, recorder, Path(root)
        self.settle_s, self.clock, self.recent_s = settle_s, clock, recent_s
        self._taken: set[str] | None = None
        self._unknown_said = False  # "not configured" logged once, until it is

    def _ledger(self) -> set[str]:
        if self._taken is None:
            path = self.root / LEDGER
            lines = path.read_text().splitlines() if path.exists() else []
            self._taken = {line for line in lines if line}
        return self._taken

    def _remember(self, name: str) -> None:
        self._ledger().add(name)
        with (self.root / LEDGER).open("a") as out:
            out.write(name + "\n")

    def ready(self) -> list[tuple[Path, Path]]:
        """(json, audio) pairs not yet taken whose files have settled, oldest first."""
        now, taken, out = self.clock(), self._ledger(), []
        for meta in sorted(self._recent_json(now)):
            name = str(meta.relative_to(self.root).with_suffix(""))
            if name in taken:
                continue
            audio = next((a for s in AUDIO_SUFFIXES if (a := meta.with_suffix(s)).is_file()), None)
            if audio is None:
                continue  # the audio is not there yet (or is still being converted)
            try:
                settled = all(now - p.stat().st_mtime >= self.settle_s for p in (meta, audio))
            except FileNotFoundError:
                continue
            if settled:
                out.append((meta, audio))
        return out

    def _recent_json(self, now: float) -> Iterator[Path]:
        """JSON files under the root, skipping hidden folders and folders nothing was added
        to for ``recent_s`` (a recorder's archive of past days is not walked every second)."""
        for folder, dirs, files in os.walk(self.root):
            here = Path(folder)
            dirs[:] = [
                d for d in dirs if not d.startswith(".") and now - _mtime(here / d) < self.recent_s
            ]
            yield from (here / f for f in files if f.endswith(".json") and not f.startswith("."))

    async def scan(self) -> list[Outcome]:
        """Take every call that is ready; never raises for what a file holds. A recorder the
        centre's configuration does not name takes nothing and sets nothing aside: its calls
        wait where they are until it is configured."""
        if not self.ingest.knows(self.recorder):
            if not self._unknown_said:
                log.warning(
                    "radio: recorder %s is not in the centre's configuration "
                    "(radio.recorders): its calls in %s wait",
                    self.recorder,
                    self.root,
                )
                self._unknown_said = True
            return []
        self._unknown_said = False
        outcomes = []
        for meta, audio in self.ready():
            outcomes.append(await self._one(meta, audio))
        return outcomes

    async def _one(self, meta: Path, audio: Path) -> Outcome:
        name = str(meta.relative_to(self.root).with_suffix(""))
        try:
            call = self._read(meta, audio)
            taken = await self.ingest.take(self.recorder, call)
        except IngestError as err:
            self._reject(name, meta, audio, str(err))
            return Outcome(name, reason=str(err))
        self._remember(name)
        log.info("radio: %s took %s as %s", self.recorder, name, taken.transmission)
        return Outcome(name, taken=taken)

    def _read(self, meta: Path, audio: Path) -> Call:
        if meta.stat().st_size > MAX_JSON_BYTES or audio.stat().st_size > MAX_AUDIO_BYTES:
            raise IngestError("the call's files are larger than a call can be")
        try:
            data = json.loads(meta.read_bytes())
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            raise IngestError(f"the call's JSON does not parse: {err}") from None
        if not isinstance(data, dict):
            raise IngestError("the call's JSON is not an object")
        system = meta.relative_to(self.root).parts[0] if len(meta.parts) > 1 else ""
        return call_from_json(data, audio.read_bytes(), audio.name, system)

    def _reject(self, name: str, meta: Path, audio: Path, reason: str) -> None:
        aside = self.root / REJECTED / Path(name).parent
        aside.mkdir(parents=True, exist_ok=True)
        for path in (meta, audio):
            path.replace(aside / path.name)
        (aside / (Path(name).name + ".reason.txt")).write_text(reason + "\n")
        log.warning("radio: %s set aside %s: %s", self.recorder, name, reason)

    async def run(self, stop: asyncio.Event, interval_s: float = 1.0) -> None:
        """Scan every ``interval_s`` until ``stop`` is set; an unexpected error is logged and
        the next scan tries again."""
        while not stop.is_set():
            try:
                await self.scan()
            except Exception:  # a watch must outlive whatever it meets
                log.exception("radio: scanning %s failed; trying again", self.root)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), interval_s)


class Watches:
    """The call folders ``serve`` watches (``TENFOUR_RADIO_WATCH``), run while this node leads."""

    def __init__(self, folders: list[CallFolder], interval_s: float = 1.0) -> None:
        self.folders = folders
        self.interval_s = interval_s
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        """Start one polling task per folder (again after a stop)."""
        if self._tasks:
            return
        self._stop = asyncio.Event()
        self._tasks = [
            asyncio.create_task(f.run(self._stop, self.interval_s), name=f"radio-watch:{f.root}")
            for f in self.folders
        ]

    async def stop(self) -> None:
        """Stop polling and wait for the scans under way."""
        self._stop.set()
        tasks, self._tasks = self._tasks, []
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
