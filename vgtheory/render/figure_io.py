"""Writing output files: refuse a missing directory before any work; save matplotlib figures so
that the same figure gives the same bytes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vgtheory.errors import VGTheoryError

__all__ = ["check_directory", "save_figure"]

#: Metadata that would make two renderings of the same figure differ: the software version
#: (PNG) and the creation date (PDF, SVG).
_NO_METADATA = {".png": {"Software": None}, ".pdf": {"CreationDate": None}, ".svg": {"Date": None}}


def check_directory(path: str | Path, error: type[VGTheoryError] = VGTheoryError) -> None:
    """Refuse, before any computation, a file whose directory does not exist: a typo in the
    directory must not silently create a tree of folders."""
    parent = Path(path).parent
    if not parent.is_dir():
        raise error(f"directory {str(parent)!r} does not exist; create it first or choose another -o path")


def save_figure(fig: Any, out: str | Path) -> None:
    """Save ``fig`` so that the same figure gives the same bytes: no date or software metadata,
    and SVG element ids from a fixed hash salt (matplotlib salts them with a random uuid)."""
    import matplotlib

    out = Path(out)
    try:
        with matplotlib.rc_context({"svg.hashsalt": "vgtheory"}):
            fig.savefig(out, dpi=100, metadata=_NO_METADATA.get(out.suffix.lower()))
    except OSError as exc:
        raise VGTheoryError(f"cannot write {out}: {exc.strerror or exc}") from None
