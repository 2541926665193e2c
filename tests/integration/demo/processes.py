"""Running ``tenfour demo`` in a subprocess and reading what it prints."""

from __future__ import annotations

import queue
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

_LAUNCH = "from tenfour.cli.main import app; app()"


def free_port() -> int:
    """A TCP port nobody listens on (now)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def tenfour(command: str, *args: str, cwd: Path) -> subprocess.Popen[str]:
    """``tenfour COMMAND ARGS`` in a subprocess, stdout and stderr piped as text."""
    return subprocess.Popen(
        [sys.executable, "-c", _LAUNCH, command, *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


class LineReader:
    """Reads a pipe on a thread so a test can wait for a line with a timeout."""

    def __init__(self, pipe: object) -> None:
        self.lines: list[str] = []
        self._queue: queue.Queue[str] = queue.Queue()
        self._pipe = pipe
        self._thread = threading.Thread(target=self._pump, args=(pipe,), daemon=True)
        self._thread.start()

    def close(self) -> None:
        """Wait for the end of the stream (the process exited) and close the pipe."""
        self._thread.join(timeout=10)
        self._pipe.close()  # type: ignore[attr-defined]

    def _pump(self, pipe: object) -> None:
        for line in pipe:  # type: ignore[attr-defined]
            self._queue.put(line.rstrip("\n"))

    def wait_for(self, prefix: str, timeout: float) -> str:
        """The first line starting with ``prefix``; AssertionError after ``timeout``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self._queue.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            self.lines.append(line)
            if line.startswith(prefix):
                return line
        raise AssertionError(f"no line starting with {prefix!r}; got: {self.lines}")
