r"""The exact signal of an affine length map, decided by the kernel (layer: signal).

For a σ whose Gaussian moments close in sympy with V(q) affine in q (relu, leaky relu, |z|, z:
positively homogeneous pieces), L(q) = σ_w² V(q) + σ_b² = A q + B and the orbit from q0 is
q_n = Aⁿ q0 + B(1 + … + Aⁿ⁻¹): it converges to B/(1 − A) when A < 1, stays at q0 when A = 1 and
B = 0 (or q0 = B = 0), and diverges otherwise. χ₁ = σ_w² D(q*). Every comparison here (A with 1,
B with 0, χ₁ with 1) is the kernel's exact one (:func:`vgtheory.kernel.compare`); the closed forms
V and D (:mod:`vgtheory.meanfield.exact_moments`) are accepted as such (trust assumption ``integrate``, named in the
certificate; :class:`vgtheory.meanfield.moments.Moments` also checks them against quadrature). When a
comparison is undecided there is no exact answer (None) and the caller computes numerically.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy as sp

from vgtheory.core.claims import claim_text as text
from vgtheory import kernel
from vgtheory.meanfield.moments import Q

__all__ = ["AffineSignal", "affine_signal", "critical_certificate", "rescaled_certificate"]

#: Seconds for the sympy steps of one exact signal (comparisons of small algebraic numbers).
_SECONDS = 10.0


@dataclass(frozen=True)
class AffineSignal:
    """q*, its state, χ₁ and the phase of an affine length map, with the kernel's certificate."""

    q_star: sp.Expr | None
    state: str
    chi1: sp.Expr | None
    phase: str
    certificate: kernel.Certificate


def affine_signal(name: str, closed: tuple[sp.Expr, sp.Expr], w: sp.Expr, b: sp.Expr, q0: sp.Expr) -> AffineSignal | None:
    """The exact signal of σ = ``name`` with moments ``closed`` = (V(q), D(q)) at (σ_w, σ_b, q0), or
    None when the kernel cannot decide a comparison it needs."""
    V, D = closed
    run = kernel.Deadline(_SECONDS).run
    moments = kernel.accept(f"E[sigma(sqrt(q) u)^2] = {text(V)}, E[sigma'(sqrt(q) u)^2] = {text(D)} for sigma = {name}",
                            "integrate", lambda: (V, D))
    A, B = sp.expand(w**2 * V.diff(Q)), sp.expand(w**2 * V.subs(Q, 0) + b**2)
    if moments is None or not (A.is_number and B.is_number):
        return None
    a1, b0, q00 = kernel.compare(A, 1, run), kernel.compare(B, 0, run), kernel.compare(q0, 0, run)
    if a1 is None:
        return None
    premises: list[Any] = [moments, a1]
    if a1.value < 0:
        q_star, state = sp.simplify(B / (1 - A)), "converged"
    elif b0 is None:
        return None
    elif b0.value == 0 and (a1.value == 0 or (q00 is not None and q00.value == 0)):
        q_star, state = q0, "converged"  # L(q) = q, or the orbit stays at q0 = 0
        premises += [b0] + ([] if a1.value == 0 else [q00])
    elif b0.value > 0 or (q00 is not None and q00.value > 0):
        q_star, state = None, "diverged"  # A >= 1: q_n >= q0 + n B, or q_n = A^n q0 with A > 1
        premises += [b0] + ([] if b0.value > 0 else [q00])
    else:
        return None
    chi1 = None
    if q_star is not None or not D.has(Q):  # with D constant, chi1 holds along a diverging orbit too
        chi1 = sp.simplify(w**2 * (D if q_star is None else D.subs(Q, q_star)))
    phase = "undetermined"
    if chi1 is not None:
        c1 = kernel.compare(chi1, 1, run)
        if c1 is None:
            return None
        premises.append(c1)
        phase = "critical" if c1.value == 0 else "ordered" if c1.value < 0 else "chaotic"
    claim = f"L(q) = ({A}) q + {B} from q0 = {q0}: q* {state}{'' if q_star is None else ' = ' + str(q_star)}, " \
            f"chi1 = {chi1} ({phase})"
    return AffineSignal(q_star, state, chi1, phase,
                        kernel.conclude(claim, premises, "the orbit of an affine map, exact comparisons"))


def critical_certificate(w: sp.Expr, signal_certificate: Any, phase: str) -> kernel.Certificate | None:
    """σ_w = ``w`` is critical (χ₁ = 1 exactly), when the exact signal at ``w`` says so."""
    if phase != "critical" or not kernel.is_certificate(signal_certificate):
        return None
    return kernel.conclude(f"sigma_w = {w} is critical: chi1 = 1 exactly", [signal_certificate],
                           "the kernel's exact signal at sigma_w")


def rescaled_certificate(certificate: Any, s: sp.Expr, q_star: sp.Expr | None) -> kernel.Certificate | None:
    """The exact signal of σ_s(u) = s σ(u/s) from that of σ: V_s(q) = s² V(q/s²), D_s(q) = D(q/s²),
    so the orbit of σ_s is s² times that of σ from q0/s² at σ_b/s, χ₁ the same (substitution u = s v)."""
    if not kernel.is_certificate(certificate):
        return None
    return kernel.conclude(f"for s*sigma(u/s) with s = {s}: q* = {q_star}, chi1 unchanged", [certificate],
                           "the exact scaling identity of the Gaussian moments")
