"""Atomic file writes and the result-file schema tag (no torch here: analysis uses it)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import BinaryIO, Callable

SCHEMA = "vgtheory.empirical/result-v1"


class ResultError(ValueError):
    """Result files that cannot be analysed together (one line, naming the files)."""


def atomic_write(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Call ``write`` on a temporary file beside ``path``, fsync it and rename it into place.

    Readers (and a resumed run) therefore see either the old file or the new one, never half.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; results are meant to be shared
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_json_atomic(path: Path, obj: object) -> None:
    """Atomically write ``obj`` as indented JSON."""
    atomic_write(path, lambda fh: fh.write(json.dumps(obj, indent=1).encode()))


def write_text_atomic(path: Path, text: str) -> None:
    """Atomically write a text file."""
    atomic_write(path, lambda fh: fh.write(text.encode()))
