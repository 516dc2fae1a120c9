"""Install: torch is a range in the extras, pinned for the tests by constraints.txt, and the
README's test command is the one CI runs."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMMAND = "pip install -e '.[all]' -c constraints.txt && python -m pytest"


def test_torch_is_a_range_and_the_constraints_pin_the_cpu_build() -> None:
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    for extra in ("torch", "all"):
        (req,) = [r for r in extras[extra] if re.match(r"torch\b", r)]
        assert ">=" in req and "==" not in req, req
    pins = [line.strip() for line in (ROOT / "constraints.txt").read_text().splitlines() if line.strip() and not line.startswith("#")]
    assert "torch==2.13.0" in pins


def test_readme_and_ci_run_the_same_test_command() -> None:
    readme = (ROOT / "README.md").read_text()
    assert f"`{COMMAND}`" in readme
    ci = (ROOT / ".ci" / "run").read_text()
    # CI adds only pip's -q.
    assert COMMAND.replace("pip install", "pip install -q") in ci


def test_readme_says_how_to_get_each_torch_build() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "https://download.pytorch.org/whl/cpu" in readme
    assert "CUDA" in readme
