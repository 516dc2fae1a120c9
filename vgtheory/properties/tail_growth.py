"""Growth of sampled tail values |h(2^k)|: when it refutes a limit, and when it does not (a callable's)."""

from __future__ import annotations

import mpmath

from vgtheory.core.activations import Activation
from vgtheory.properties.evidence import num, octave

__all__ = ["block_growth", "black_box_growth"]


def block_growth(valid: list[tuple[mpmath.mpf, mpmath.mpf]], reach: mpmath.mpf) -> tuple[str, mpmath.mpf] | None:
    """Whether the confirmed |h| grows over the last twenty sampled octaves below ``reach``:
    ('fails', ratio) when the largest |h| of each block of five octaves is at least 4 times that
    of the block before (growth like |z|^(2/5) or faster, sustained), ('inconclusive', ratio) when
    the last block's exceeds twice the first's, None otherwise (or too few confirmed values).

    tanh z + sin(z)/10^40 has z σ'(z) = z sech²z + z cos(z)/10^40: about 10^-10 at z = 2^100,
    below the 1e-8 of "holds", but twice as large every octave: σ' is negative beyond z ≈ 47."""
    top = octave(reach)
    blocks: list[mpmath.mpf | None] = [None] * 4
    for t, v in valid:
        i = (octave(t) - (top - 20)) // 5
        if 0 <= i < 4:
            blocks[i] = max(blocks[i] or mpmath.mpf(0), abs(v))
    if any(b is None for b in blocks) or blocks[3] == 0:
        return None
    first = blocks[0]
    ratio = blocks[3] / first if first else mpmath.inf
    if all(b > 0 and later >= 4 * b for b, later in zip(blocks, blocks[1:])):
        return "fails", ratio
    if blocks[3] > 2 * first:
        return "inconclusive", ratio
    return None


def black_box_growth(sigma: Activation, series: list[tuple[mpmath.mpf, mpmath.mpf]]) -> str | None:
    """Why growth of |v| seen at the end of a callable's tail ``series`` (ordered outwards) refutes
    nothing, or None. A formula's constants bound where it can turn over (:func:`tail_top` samples past
    them); a callable has none: tanh z + exp(L/2 - L^2/800), L = log(1 + z^2)/2, grows up to 2^100
    and falls to 1 past 2^144, and no finite sample tells it from growth that goes on."""
    if sigma.is_symbolic:
        return None
    by_octave: dict[int, mpmath.mpf] = {}
    for t, v in series:
        if v is not None:
            by_octave[octave(t)] = max(by_octave.get(octave(t), mpmath.mpf(0)), abs(v))
    ks = sorted(by_octave)
    if len(ks) < 10:
        return None
    late, before = max(by_octave[k] for k in ks[-5:]), max(by_octave[k] for k in ks[-10:-5])
    if late <= before * (1 + mpmath.mpf(10) ** -6):
        return None
    return (f"it grows over the last sampled octaves (sup {num(before)} -> {num(late)} up to |z| = 2^{ks[-1]}), but "
            "sigma is a callable: no formula bounds where that growth may turn over, so it is not shown to persist")
