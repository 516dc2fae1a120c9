"""Compiling LaTeX with pdflatex: the one place that runs it."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from vgtheory.errors import VGTheoryError

__all__ = ["LatexError", "LatexBuild", "compile_latex"]


class LatexError(VGTheoryError):
    """A derivation could not be written or compiled (pdflatex missing, or a LaTeX error)."""


@dataclass(frozen=True)
class LatexBuild:
    """A successful pdflatex run: the PDF, the final log and the number of passes."""

    tex: Path
    pdf: Path
    log: str
    passes: int

    @property
    def overfull_hboxes(self) -> int:
        """How many ``Overfull \\hbox`` warnings the last pass printed (text wider than the page)."""
        return self.log.count("Overfull \\hbox")



_RERUN = re.compile(r"Rerun to get|Label\(s\) may have changed|There were undefined references")
_ERROR_LINE = re.compile(r"^(?:! .*|.*:\d+: .*)$", re.MULTILINE)


def compile_latex(tex: str | Path, out_dir: str | Path, *, timeout: float = 120.0, max_passes: int = 3) -> LatexBuild:
    """Run pdflatex on ``tex`` (in its own directory, so ``\\input`` works) until references settle.

    The PDF and log are copied to ``out_dir``; intermediate files stay in a temporary directory.
    Raises :class:`LatexError` if pdflatex is missing or fails, quoting the first LaTeX error.
    """
    tex_path = Path(tex).resolve()
    if not tex_path.is_file():
        raise LatexError(f"no such LaTeX file: {tex}")
    exe = shutil.which("pdflatex")
    if exe is None:
        raise LatexError(
            "pdflatex not found; install it (Debian/Ubuntu: apt-get install --no-install-recommends "
            "texlive-latex-base texlive-latex-recommended)"
        )
    bad = sorted(set(tex_path.name) & _TEX_UNSAFE)
    if bad or any(c.isspace() for c in tex_path.name):  # a name with white space alone raised TypeError (R35b-1)
        raise LatexError(f"pdflatex cannot read the file name {tex_path.name!r} (it holds "
                         f"{', '.join(repr(c) for c in bad) or 'white space'}): rename the .tex file")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="vgtheory-latex-") as tmp:
        command = [
            exe, "-interaction=nonstopmode", "-halt-on-error", "-file-line-error", "-no-shell-escape",
            # './': a name starting with '-' is read as an option otherwise (R21b-5)
            f"-output-directory={tmp}", f"./{tex_path.name}",
        ]
        log_path = Path(tmp) / f"{tex_path.stem}.log"
        for passes in range(1, max_passes + 1):
            try:
                proc = subprocess.run(
                    command, cwd=tex_path.parent, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout
                )
            except subprocess.TimeoutExpired:
                raise LatexError(f"pdflatex ran longer than {timeout:g} s on {tex_path.name}") from None
            log = log_path.read_text(encoding="utf-8", errors="replace") if log_path.exists() else ""
            if proc.returncode != 0:
                raise LatexError(f"pdflatex failed on {tex_path.name}: {_first_error(log or proc.stdout.decode(errors='replace'))}")
            if not _RERUN.search(log):
                break
        pdf = out / f"{tex_path.stem}.pdf"
        shutil.copyfile(Path(tmp) / f"{tex_path.stem}.pdf", pdf)
        shutil.copyfile(log_path, out / f"{tex_path.stem}.log")
    return LatexBuild(tex_path, pdf, log, passes)


#: Characters TeX reads as markup in a file name on its command line (a '%' comments out the rest).
_TEX_UNSAFE = frozenset("%#$&{}\\~^\"")


def _first_error(log: str) -> str:
    """The first LaTeX error line of a log, with the source line it points at."""
    lines = log.splitlines()
    for i, line in enumerate(lines):
        if _ERROR_LINE.match(line) and not line.startswith("(") and "Warning" not in line:
            context = next((ln.strip() for ln in lines[i + 1 : i + 8] if ln.startswith("l.")), "")
            return (line.strip() + (f" [{context}]" if context else "")).strip()
    return "no error line in the log (see the .log file)"

