#!/usr/bin/env python3
"""Generate the derivations in proofs/generated/ and compile every proof to proofs/build/.

    python proofs/build.py generate   write proofs/generated/{tanh,sigmoid,arctan,softsign,erf}.tex
    python proofs/build.py check      fail if a generated file differs from a fresh generation
    python proofs/build.py pdf        compile proofs/*.tex and proofs/generated/*.tex (the default;
                                      files without \documentclass, such as preamble.tex, are
                                      fragments and are skipped)
    python proofs/build.py all        generate, then pdf

``make -C proofs`` runs ``pdf``. Generation is deterministic (no dates, fixed sample points), so
``check`` can run in CI. Compilation fails (exit 1) if any document does not compile; the
number of overfull-box warnings of each is printed.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
GENERATED = HERE / "generated"
BUILD = HERE / "build"
#: The activations whose depth-3 derivations are committed.
ACTIVATIONS = ("tanh", "sigmoid", "arctan", "softsign", "erf")
DEPTH = 3

# Always this checkout's vgtheory, even when another copy is installed: the committed files must
# be what this code writes.
sys.path.insert(0, str(HERE.parent))

from vgtheory.errors import VGTheoryError  # noqa: E402
from vgtheory.render.latex import compile_latex, derivation  # noqa: E402


def generate() -> int:
    GENERATED.mkdir(exist_ok=True)
    for name in ACTIVATIONS:
        path = GENERATED / f"{name}.tex"
        path.write_text(derivation(name, DEPTH), encoding="utf-8")
        print(f"wrote {path.relative_to(HERE.parent)}")
    return 0


def check() -> int:
    stale = []
    for name in ACTIVATIONS:
        path = GENERATED / f"{name}.tex"
        fresh = derivation(name, DEPTH)
        if not path.exists() or path.read_text(encoding="utf-8") != fresh:
            stale.append(str(path.relative_to(HERE.parent)))
    if stale:
        print("stale generated derivations (run 'python proofs/build.py generate'): " + ", ".join(stale), file=sys.stderr)
        return 1
    print(f"{len(ACTIVATIONS)} generated derivations are up to date")
    return 0


def _is_document(tex: Path) -> bool:
    """Whether a .tex file is a document of its own (not a fragment that others \\input, like preamble.tex)."""
    return re.search(r"^\s*\\documentclass", tex.read_text(encoding="utf-8", errors="replace"), re.MULTILINE) is not None


def pdf() -> int:
    candidates = sorted(HERE.glob("*.tex")) + sorted(GENERATED.glob("*.tex"))
    sources = [tex for tex in candidates if _is_document(tex)]
    if not sources:
        print("no .tex files under proofs/", file=sys.stderr)
        return 1
    failed = 0
    for tex in sources:
        # Generated files go to build/generated/ so a name can never clash with a hand-written proof.
        out = BUILD / tex.parent.relative_to(HERE)
        try:
            result = compile_latex(tex, out)
        except VGTheoryError as exc:
            failed += 1
            print(f"FAILED {tex.relative_to(HERE.parent)}: {exc}", file=sys.stderr)
            continue
        print(f"ok     {result.pdf.relative_to(HERE.parent)} ({result.passes} passes, {result.overfull_hboxes} overfull hboxes)")
    if failed:
        print(f"{failed} of {len(sources)} documents failed to compile", file=sys.stderr)
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", nargs="?", default="pdf", choices=("generate", "check", "pdf", "all"))
    action = parser.parse_args(argv).action
    try:
        if action == "all":
            return generate() or pdf()
        return {"generate": generate, "check": check, "pdf": pdf}[action]()
    except VGTheoryError as exc:
        print(f"build.py: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
