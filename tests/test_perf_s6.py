"""Cost that must not depend on the size of the input, and outputs that must not depend on the run.

Work is counted (Python function calls seen by sys.setprofile), never timed, so these tests do
not depend on the machine's load.
"""

from __future__ import annotations

import sys

import mpmath
import pytest

import vgtheory


def _weights(exponent: int, depth: int) -> list[mpmath.mpf]:
    """w_k = ±2^exponent·(1 + k·2^-40): exact in a few bits, so every precision reads the same
    weights. Distinct and alternating in sign, so every t_k = w_k z_{k-1} differs and no layer can
    reuse the previous one's values (the saturated-chain shortcut of chain.gradient does not apply).

    At |t| ~ 1e300, sech²t = 4e^{-2|t|}(...) changes by a factor e^{2δ} when t moves by δ: t must
    be the same exact number in both computations, or they differ in every digit."""
    return [(-1) ** k * mpmath.ldexp(1 + k * mpmath.ldexp(1, -40), exponent) for k in range(depth)]


def _calls(fn) -> tuple[int, object]:
    count = 0

    def prof(frame, event, arg):
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(prof)
    try:
        out = fn()
    finally:
        sys.setprofile(None)
    return count, out


@pytest.mark.slow
def test_gradient_work_does_not_grow_with_the_weights_size() -> None:
    depth = 1000
    work = {}
    for big in (10, 996):  # |w| about 1e3 and 7e299
        w = _weights(big, depth)
        vgtheory.gradient("tanh", w[:2], 1)  # the activation's compiled forms, outside the count
        work[big], _ = _calls(lambda: vgtheory.gradient("tanh", w, 1))
    # Same number of layers, same work per layer: no precision escalation that grows with |w|.
    # Since session 9 a sensitive layer (|t sigma''/sigma'| ~ 1e300 here) also checks that its input
    # carries no rounding (chain_error.exact_steps: one sigma evaluation a layer, ~12% more calls);
    # the weights here are binary numbers, so that check spares the raise to ~360 digits.
    assert work[996] <= 1.25 * work[10], work


def test_gradient_at_huge_weights_matches_an_independent_mpmath_computation() -> None:
    depth = 1000
    w = _weights(996, depth)
    g = vgtheory.gradient("tanh", w, "0.75", dps=50)
    with mpmath.workdps(90):
        z, d = [mpmath.mpf("0.75")], []
        for wk in w:
            t = wk * z[-1]
            e = mpmath.exp(-2 * abs(t))  # sech^2 t = 4e^{-2|t|}/(1 + e^{-2|t|})^2, tanh t = sign(t)(1 - e)/(1 + e)
            z.append(mpmath.sign(t) * (1 - e) / (1 + e))
            d.append(4 * e / (1 + e) ** 2)
        suffix = mpmath.mpf(1)
        expected = [None] * depth
        for j in range(depth - 1, -1, -1):
            expected[j] = z[j] * d[j] * suffix
            suffix *= w[j] * d[j]
        for got, want in zip(g.df_dw, expected):
            assert want != 0 and abs(got - want) <= abs(want) * mpmath.mpf(10) ** -45
        assert abs(g.output - z[-1]) <= mpmath.mpf(10) ** -45
    # df/dw_1 is a product of 1000 factors of about e^{-2e300}: far below any float.
    assert mpmath.log10(abs(g.df_dw[0])) < -1e301


@pytest.mark.slow
def test_plots_are_byte_for_byte_reproducible(tmp_path) -> None:
    # Two independent computations of the same plot (docs/latex.md says the figures are
    # byte-for-byte reproducible), each saved in every format: equal bytes per format.
    pytest.importorskip("matplotlib")
    from vgtheory.render.figure_io import save_figure
    from vgtheory.render.plotting import plot_activation

    figures = [plot_activation("tanh", tmp_path / f"{run}.png", depth_max=30, scales=(1, 3)).figure for run in "ab"]
    for suffix in (".pdf", ".svg"):
        for run, fig in zip("ab", figures):
            save_figure(fig, tmp_path / f"{run}{suffix}")
    for suffix in (".png", ".pdf", ".svg"):
        first, second = ((tmp_path / f"{run}{suffix}").read_bytes() for run in "ab")
        assert len(first) > 1000
        assert first == second, suffix


def _docs_tables():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "benchmarks" / "docs_tables.py"
    spec = importlib.util.spec_from_file_location("docs_tables", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_docs_blocks_exist_name_their_command_and_hold_every_row() -> None:
    # The timing values are not checked (they are the machine's); the structure is: one block per
    # document between the markers, naming its generating command, the machine and the load, and
    # a row for every registry activation / every limit the script measures.
    from pathlib import Path

    tables = _docs_tables()
    root = Path(__file__).resolve().parents[1]
    for block, keys in tables.row_keys().items():
        text = (root / tables.DOCS[block]).read_text()
        start = tables.start_marker(block)
        assert text.count(start) == 1, (block, start)
        body = text[text.index(start) + len(start): text.index(tables.END, text.index(start))]
        assert f"Generated by `{tables.COMMAND}`" in body
        assert "load average" in body and "cores" in body
        for key in keys:
            assert key in body, (block, key)
    assert len(tables.row_keys()["activations"]) >= 19
