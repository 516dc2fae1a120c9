"""Where a callable's integrand jumps: the bisection that :func:`vgtheory.meanfield.gaussian.expectation_f64` runs
between two nodes whose values differ alone."""

from __future__ import annotations

from typing import Callable

import numpy as np

from vgtheory.meanfield.deadline import on_time

__all__ = ["locate_jump", "jump_brackets", "node_steps", "rise", "span", "JUMP_DEPTH", "MAX_SEARCHES"]


def locate_jump(h: Callable[[np.ndarray], np.ndarray], lo: float, hi: float) -> tuple[float, float, float, float] | None:
    """(lo', hi', h(lo'), h(hi')) with hi' - lo' a few ulps where h jumps inside [lo, hi], else None.

    Bisection on the side where h changes more, one point at a time. A jump is what this converges
    on when |h(hi') - h(lo')| stays put while the bracket shrinks by 2^20 and is not rounding: it
    falls to 0 where h is continuous and grows at a singularity. A jump that no kink list places (a
    callable's step, Hardtanh's sigma') was bisected by the 8/16-node rules for all 30 rounds, 48
    points a round."""

    def at(u: float) -> float:
        return float(np.asarray(h(np.array([u])), dtype=float).ravel()[0])

    try:
        f_lo, f_hi = at(lo), at(hi)
        sizes = []
        while hi - lo > 4 * np.spacing(max(abs(lo), abs(hi))):
            on_time()
            m = (lo + hi) / 2
            f_m = at(m)
            if not (np.isfinite(f_m) and np.isfinite(f_lo) and np.isfinite(f_hi)):
                return None
            if abs(f_m - f_lo) >= abs(f_hi - f_m):
                hi, f_hi = m, f_m
            else:
                lo, f_lo = m, f_m
            sizes.append(abs(f_hi - f_lo))
    except Exception:  # noqa: BLE001 - h undefined somewhere inside: no jump search, plain bisection
        return None
    if len(sizes) < 24 or not (sizes[-1] > 1e-7 * max(abs(f_lo), abs(f_hi))
                               and sizes[-21] / 2 <= sizes[-1] <= 2 * sizes[-21]):
        return None
    return lo, hi, f_lo, f_hi


def lone_steps(d: np.ndarray, beside: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Where a difference of neighbouring node values is a jump between them: more than 4 times the
    differences beside it together, and not rounding or a finite-difference slope's noise (at least
    1e-7 of the larger |h|)."""
    with np.errstate(invalid="ignore"):
        return np.isfinite(d) & (d > 4 * beside) & (d > 1e-7 * values)


def node_steps(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Per panel (row of 16 nodes): the largest lone difference of neighbouring values and the two
    nodes around it (0, 0, 0 if none), then the first node, its value and difference to the next,
    and the same for the last node (for the gaps between panels). A jump within a few percent of a
    panel's middle is weighed 1/2 by both the 8- and the 16-node rule (both symmetric, with no
    middle node), so their agreement says nothing there: a step at u = 0.39 of a callable at
    q = 50 was off by 9e-6 with an estimate of 5e-16."""
    d = np.abs(np.diff(v, axis=1))
    padded = np.pad(d, ((0, 0), (1, 1)))
    size = np.where(lone_steps(d, padded[:, :-2] + padded[:, 2:], np.abs(v).max(axis=1, keepdims=True)), d, 0.0)
    at = np.argmax(size, axis=1)
    rows = np.arange(len(v))
    return np.column_stack([size[rows, at], u[rows, at], u[rows, at + 1],
                            u[:, 0], v[:, 0], d[:, 0], u[:, -1], v[:, -1], d[:, -1]])


def rise(h: Callable[[np.ndarray], np.ndarray], bracket: tuple[float, float]) -> float:
    """|h(b) − h(a)| for the bracket (a, b)."""
    return float(np.ptp(np.asarray(h(np.array(bracket)), dtype=float)))


def span(edges: np.ndarray, bracket: tuple[float, float]) -> float:
    """The width of the panels that hold the bracket (a bracket may join the last node of one to the first of the next)."""
    lo = edges[max(int(np.searchsorted(edges, bracket[0], side="right")) - 1, 0)]
    hi = edges[min(int(np.searchsorted(edges, bracket[1], side="left")), len(edges) - 1)]
    return float(hi - lo)


def jump_brackets(edges: np.ndarray, rows: np.ndarray, deep: np.ndarray, open_: np.ndarray,
                   matters: float, split: set[float]) -> list[tuple[float, float]]:
    """Where to search for a jump of h: between two nodes of a panel, or the last node of a panel
    and the first of the next, whose values differ alone (:func:`node_steps`) by enough to move
    the integral by ``matters``/density peak; and inside each panel still bad after
    :data:`JUMP_DEPTH` bisections (``deep``), away from its ends (split points, where h may be
    singular). A jump between a panel's end and its first node is invisible to both of its rules;
    at a split point (a kink or feature of a formula) it is where it belongs, an edge."""
    out = []
    for i in np.flatnonzero(open_):
        size, lo, hi = rows[i, 2:5]
        if size * (edges[i + 1] - edges[i]) > matters:
            out.append((float(lo), float(hi)))
        elif deep[i]:
            a, b = float(edges[i]), float(edges[i + 1])
            out.append((a + (b - a) / 64, b - (b - a) / 64))
    left, right = rows[:-1], rows[1:]
    gap = np.abs(right[:, 6] - left[:, 9])
    lone = lone_steps(gap, left[:, 10] + right[:, 7], np.maximum(np.abs(right[:, 6]), np.abs(left[:, 9])))
    for k in np.flatnonzero(lone & open_[:-1] & open_[1:] & (gap * (right[:, 5] - left[:, 8]) > matters)):
        if float(edges[k + 1]) not in split:
            out.append((float(left[k, 8]), float(right[k, 5])))
    return out


#: Bisections after which a panel that is still bad is searched for a jump of h; the most searches
#: (about 50 points each) of one expectation.
JUMP_DEPTH = 4
MAX_SEARCHES = 256
