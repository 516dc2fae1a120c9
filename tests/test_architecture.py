"""The package's architecture, checked on its source: layers, one-way imports, no cycles, small modules.

The folders of vgtheory/ are its layers, lowest first (a module may import its own layer and the
layers below it, never one above):

    base        vgtheory.errors, vgtheory.progress (import nothing of the package)
    core        parsing, the Activation type and registry, the chain model, input limits, LaTeX slots
    kernel      the trusted kernel: the only issuer of symbolic verdicts and proved claims
    properties  the four properties, smoothness, limits, numeric evidence
    theorems    hypotheses, Theorems 1 and 2, g_sup, the scaling trick
    meanfield   signal propagation at initialisation, Gaussian moments, phases, init, torch
    empirical   the CIFAR-10 experiments (beside the analyses: it reads meanfield and theorems)
    facade      vgtheory (the public API), vgtheory.report (check), vgtheory.testing
    render      LaTeX and plots: they read results; no analysis imports them
    cli         the command line
    main        vgtheory.__main__

Imports are read from the AST: module-level and function-level ones alike (a deferred import is
still a dependency), except those under ``if TYPE_CHECKING:`` (annotations only, never executed).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "vgtheory"

RANKS = {"base": 0, "core": 1, "kernel": 2, "properties": 3, "theorems": 4, "meanfield": 5, "empirical": 6,
         "facade": 7, "render": 8, "cli": 9, "main": 10}
TOP_LEVEL = {"vgtheory.errors": "base", "vgtheory.progress": "base", "vgtheory": "facade",
             "vgtheory.report": "facade", "vgtheory.testing": "facade", "vgtheory.init": "facade",
             "vgtheory.__main__": "main"}
#: Imports allowed against the order, each with its reason (call-time imports: the kernel imports core at module level).
EXCEPTIONS: dict[tuple[str, str], str] = {
    ("vgtheory.core.parsing", "vgtheory.kernel.numbers"):
        "sympy evaluates comparisons and switches of constants as it builds a formula: the parser first asks the "
        "kernel whether sympy's assumptions on each constant are arb's (sympy_agrees)",
    ("vgtheory.core.pieces", "vgtheory.kernel.numbers"):
        "the trust rule for sympy's set answers asks for an arb enclosure of each non-rational coefficient: sympy "
        "divided by a hidden zero (log 2 + log 3 - log 6) and dropped 1 - tanh 10^5 (R16a-6/7)",
    ("vgtheory.core.chain_kinks", "vgtheory.kernel"):
        "a layer input exactly on a switch takes the one-sided limits of sigma and sigma' that the kernel proves "
        "there: samples beside the switch were fooled by features narrower than their distance (R19b-1..5)",
    ("vgtheory.core.chain_checks", "vgtheory.kernel"):
        "an exact layer input whose switch no ball separates from 0 takes the kernel's exact sign there, not sympy's "
        "15-digit one (a transcendental switch at an exact point, R21b-3)",
    ("vgtheory.core.rational_sets", "vgtheory.kernel.numbers"):
        "a product's sign chart orders the ends of its factors' exact sets by the kernel's exact comparison: sympy's "
        "solver ordered roots 10^-30 apart across factors by floats",
    ("vgtheory.core.set_order", "vgtheory.kernel.numbers"):
        "sets are built and intersected from ends in the kernel's exact order: sympy's Interval and Intersection "
        "ordered ends 10^-30 and 10^-130 apart by evalf and made windows of the wrong sign empty (R54a-6, R55a-1/3)",
    ("vgtheory.core.pole_shift", "vgtheory.kernel"):
        "the value at a removable pole of the Gamma family that no cancel shows is the kernel's proved limit from both "
        "sides (Gamma(z) - 1/z at 0, R59b-4), never a sample beside it",
    ("vgtheory.core.enclosure", "vgtheory.kernel.numbers"):
        "a switch (sign, Heaviside, a Piecewise condition) whose argument no ball separates from 0 is decided by the "
        "kernel's exact sign or left undetermined, never by two round-offs (R12a-1)",
}
MAX_TOP_LEVEL_MODULES = 8
MAX_LINES = 500


def _modules() -> dict[str, Path]:
    out = {}
    for p in PACKAGE.rglob("*.py"):
        if "__pycache__" in p.parts:
            continue
        parts = ["vgtheory", *p.relative_to(PACKAGE).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = p
    return out


MODULES = _modules()


def _runtime_nodes(tree: ast.AST):
    """Every node except those under ``if TYPE_CHECKING:``."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                stack.extend(child.orelse)
                continue
            stack.append(child)


def _known(name: str) -> str | None:
    """The longest prefix of a dotted name that is a module of the package."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports(module: str, path: Path) -> dict[str, int]:
    """module -> {imported package module: line}. ``from pkg import sub`` counts as importing
    ``pkg.sub`` only (not ``pkg``'s own names) when ``sub`` is a module."""
    is_pkg = path.name == "__init__.py"
    found: dict[str, int] = {}
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = module.split(".") if is_pkg else module.split(".")[:-1]
                parts = parts[: len(parts) - (node.level - 1)]
                base = ".".join(parts + ([base] if base else []))
            subs = [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in MODULES]
            targets = subs + ([base] if len(subs) < len(node.names) else [])
        for t in targets:
            known = _known(t) if t.startswith("vgtheory") else None
            if known and known != module:
                found.setdefault(known, node.lineno)
    return found


GRAPH = {m: _imports(m, p) for m, p in MODULES.items()}


def layer(module: str) -> str:
    if module in TOP_LEVEL:
        return TOP_LEVEL[module]
    name = module.split(".")[1]
    if name not in RANKS:
        raise AssertionError(f"{module} is in no layer: put it in a layer folder (or list it in TOP_LEVEL)")
    return name


def test_every_module_is_in_a_layer() -> None:
    for m in MODULES:
        layer(m)


def test_no_import_cycle() -> None:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in GRAPH[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in sorted(GRAPH):
        if v not in index:
            visit(v)
    assert not cycles, "import cycles: " + "; ".join(
        " <-> ".join(c) + " (" + ", ".join(f"{a} -> {b} line {GRAPH[a][b]}" for a in c for b in GRAPH[a] if b in c) + ")"
        for c in cycles)


def test_layers_import_only_downwards() -> None:
    wrong = []
    for a, deps in GRAPH.items():
        for b, line in deps.items():
            if RANKS[layer(b)] > RANKS[layer(a)] and (a, b) not in EXCEPTIONS:
                wrong.append(f"{a} ({layer(a)}) imports {b} ({layer(b)}) at line {line}")
    assert not wrong, "imports against the layer order:\n" + "\n".join(sorted(wrong))


def test_no_analysis_imports_a_renderer() -> None:
    renderers = {m for m in MODULES if layer(m) == "render"}
    wrong = [f"{a} imports {b}" for a, deps in GRAPH.items() if layer(a) not in ("render", "cli", "main")
             for b in deps if b in renderers]
    assert not wrong, wrong


def test_few_modules_at_the_top() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= MAX_TOP_LEVEL_MODULES, top


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_is_small(module: str) -> None:
    lines = len(MODULES[module].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{MODULES[module].relative_to(PACKAGE.parent)}: {lines} lines (at most {MAX_LINES})"


def test_the_checker_sees_a_planted_cycle_and_an_upward_import(tmp_path: Path) -> None:
    """The graph reader itself: a function-level import is an edge, TYPE_CHECKING is not."""
    src = tmp_path / "m.py"
    src.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from vgtheory.report import CheckReport\n"
                   "def f():\n    from vgtheory.render import latex\n", encoding="utf-8")
    edges = _imports("vgtheory.core.m", src)
    assert "vgtheory.report" not in edges
    assert "vgtheory.render.latex" in edges
    assert RANKS[layer("vgtheory.render.latex")] > RANKS[layer("vgtheory.core.activations")]


def test_no_package_attribute_hides_a_submodule() -> None:
    # `import vgtheory.cli.main as cli` resolves through attributes: when a package re-exported a
    # function named like one of its modules, that import gave the function (the cli.main bug).
    import importlib
    import pkgutil

    import vgtheory

    hidden = []
    for info in pkgutil.walk_packages(vgtheory.__path__, "vgtheory."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        parent_name, _, leaf = info.name.rpartition(".")
        parent = importlib.import_module(parent_name)
        if getattr(parent, leaf, module) is not module:
            hidden.append(f"{parent_name}.{leaf} is {type(getattr(parent, leaf)).__name__}, not the module")
    assert not hidden, hidden
