"""``vgtheory ARGS`` run in the test's own process: main(argv), its exit code and what it printed.

A fresh interpreter costs ~1 s of CPU (importing sympy, mpmath, flint) for nothing a test of a
command's output or exit code looks at; the real entry point (``python -m vgtheory``, its quick
exit and a closed pipe) keeps its own subprocess tests (test_cli, test_speed_s8, test_output_fixes).
``seconds`` replaces the subprocess's timeout: a run that takes longer fails the test."""

from __future__ import annotations

import contextlib
import io
import subprocess
import time

from vgtheory.cli.app import main


def cli(*args: str, seconds: float = 120) -> subprocess.CompletedProcess:
    """main(args) with stdout and stderr captured, as a CompletedProcess (argparse's exit included)."""
    out, err = io.StringIO(), io.StringIO()
    start = time.monotonic()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse's usage errors
            code = exc.code if isinstance(exc.code, int) else 1
    elapsed = time.monotonic() - start
    assert elapsed < seconds, f"vgtheory {' '.join(args)} took {elapsed:.0f} s (limit {seconds} s)"
    return subprocess.CompletedProcess(["vgtheory", *args], code, out.getvalue(), err.getvalue())
