"""Files the CLI writes appear whole or not at all: written beside the target, then renamed.

A failure half-way (a crash in the typesetter, a full disk, Ctrl-C) once left a partial PDF
behind under the name the user asked for; now it leaves the earlier file, if any, untouched.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


@contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A binary file to write; it becomes ``path`` only when the block ends without error."""
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, on every path
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
    )
    try:
        with handle:
            yield handle  # type: ignore[misc]
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def write_text_atomically(path: Path, text: str) -> None:
    """``path.write_text(text)`` (UTF-8), whole or not at all."""
    with atomic_file(path) as handle:
        handle.write(text.encode("utf-8"))
