r"""Mean-field signal propagation at initialisation, for any activation.

A fully connected layer maps :math:`h^{l} = W^{l}\sigma(h^{l-1}) + b^{l}` with weights
N(0, σ_w²/fan_in) and biases N(0, σ_b²). For wide layers the pre-activations are Gaussian with
variance q_l, which follows the *length map*

.. math:: q_{l} = \mathcal L(q_{l-1}) = \sigma_w^2\,E[\sigma(\sqrt{q_{l-1}}\,z)^2] + \sigma_b^2,
   \qquad z \sim N(0, 1).

* **q\*** is the limit of q_l iterated from q_0 = 1 (``q0``). The numeric search covers q up to
  Q = 1e12·max(1, σ_w² + σ_b², q_0) (a bounded σ has q\* ≤ σ_w² sup σ² + σ_b², inside it for
  sup σ² ≤ 1e12); an orbit that passes Q, or rises with :math:`\mathcal L(q) > q` on the whole
  search grid up to Q, is reported ``beyond range`` (q\* > Q, or no fixed point: not decided).
  ``diverged`` is said only where divergence is shown (the exact affine length maps).
* **χ₁** = σ_w² E[σ'(√q\* z)²] is the factor by which the squared gradient norm grows per layer
  in backpropagation; the phase is *ordered* (χ₁ < 1), *critical* (χ₁ = 1 within an error
  estimate of at most 1e-3), *chaotic* (χ₁ > 1), or *undetermined* (χ₁ = 1 is inside a wider
  error estimate, or χ₁ is unknown); the depth scale is ξ = −1/ln χ₁ (gradient norms² shrink by e
  every ξ layers when ξ > 0, grow by e every |ξ| layers when ξ < 0).
* The **critical** σ_w for a given σ_b solves χ₁ = 1. Writing D(q) = E[σ'(√q z)²] and
  V(q) = E[σ(√q z)²], the pair (σ_w, q\*) is critical iff σ_w² = 1/D(q\*) and
  q\* = V(q\*)/D(q\*) + σ_b²: a root in q alone (:func:`critical_init`), then checked by iterating
  the length map at the σ_w found. For σ_b = 0, σ(0) = 0 and a = σ'(0) ≠ 0 the candidate
  σ_w = 1/|a| with q\* = 0 (χ₁ = σ_w²a² = 1) is tried first.

Every number says how it was reached: ``symbolic`` (piecewise-linear σ with an affine length
map, closed by sympy) or ``numeric`` (quadrature at stated precision, with an error estimate).

>>> r = signal("relu", 1, 0)
>>> r.method, str(r.chi1_exact), r.phase
('symbolic', '1/2', 'ordered')
>>> float(critical_init("tanh").sigma_w)
1.0
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

import mpmath
import sympy as sp

from vgtheory import kernel
from vgtheory.core.activations import activation, scaled_label
from vgtheory.core.budget import as_deadline
from vgtheory.core.enclosure import UndeterminedError
from vgtheory.core.point_branches import value_at
from vgtheory.core.decimals import directed_string, held_digits
from vgtheory.core.exact_real import exact_mpf
from vgtheory.errors import VGTheoryError
from vgtheory.meanfield import prescreen
from vgtheory.meanfield.fixed_point import Q_MIN, Q_MAX, fixed_point, root_error
from vgtheory.meanfield.critical_candidates import candidates
from vgtheory.meanfield.critical_error import sigma_w_error
from vgtheory.meanfield.inputs import exact_number
from vgtheory.meanfield.callable_cuts import BLACK_BOX
from vgtheory.meanfield.moments import Q, Moments
from vgtheory.meanfield.signal_exact import affine_signal, critical_certificate, rescaled_certificate

__all__ = ["SignalResult", "CriticalInit", "signal", "critical_init", "exact_number", "Q_MAX"]

#: Smallest fixed point the float64 backend resolves (σ(u)² underflows for q below ~1e-308).
_F64_Q_MIN = mpmath.mpf(10) ** -290
PHASES = ("ordered", "critical", "chaotic", "undetermined")


def _mpf(value: sp.Expr) -> mpmath.mpf:
    return exact_mpf(value, mpmath.mp.dps + 5)


def _num(value: Any) -> float | None:
    """``value`` as a JSON float; null where it is finite past float64 (its text copy holds it: relu's chi1 = 5e599 was
    written as Infinity, which is no JSON, R71b-7)."""
    out = None if value is None else float(value)
    return None if out is not None and math.isinf(out) and (mpmath.isfinite(value) if not isinstance(value, sp.Basic)
                                                             else value.is_finite) else out


def _with_rounding(value: Any, shown: Any, error: Any) -> mpmath.mpf:
    """``error`` plus the rounding of ``value`` as ``shown`` (a float or a decimal text), at 30 digits at least (R70b-4)."""
    with mpmath.workdps(max(mpmath.mp.dps, 30)):
        exact = exact_mpf(value, mpmath.mp.dps) if isinstance(value, sp.Basic) else mpmath.mpf(value)
        return mpmath.mpf(error) + abs(mpmath.mpf(shown) - exact)


def _num_error(value: Any, error: Any) -> float | None:
    """The error of ``value`` as the JSON holds it, a float: ``error`` plus the float's own rounding of ``value``, rounded
    up (q* at 30 digits is a float 1e-16 off, with a bar of 2.8e-24, R70b-4)."""
    if error is None or value is None or not mpmath.isfinite(error) or not mpmath.isfinite(value) or _num(value) is None:
        return _num(error)
    return float(_with_rounding(value, float(value), error)) * (1 + 2.0**-50)


def _text_error(value: Any, digits: int, error: Any) -> str | None:
    """The error of ``value``'s text at ``digits`` digits: ``error`` plus that text's rounding (R70b-4), two digits
    rounded up (to nearest, 1.645e-12 was "1.6e-12", R71b-1)."""
    shown = _text(value, digits)
    if error is None or not mpmath.isfinite(error):
        return _text(error, 2)
    if shown is None or not mpmath.isfinite(mpmath.mpf(shown)):
        return directed_string(error, 2, up=True)
    return directed_string(_with_rounding(value, shown, error) * (1 + mpmath.mpf(2) ** -40), 2, up=True)


def _text(value: Any, digits: int = 12) -> str | None:
    """A number as decimal text at ``digits`` digits, exact in range where float64 is not
    (χ₁ = 1e-600 is a float 0.0; its text stays 1.0e-600)."""
    if value is None:
        return None
    if isinstance(value, sp.Basic):
        value = exact_mpf(value, digits + 5)
    return mpmath.nstr(mpmath.mpf(value), digits)


def _log(chi: mpmath.mpf, shift: mpmath.mpf) -> mpmath.mpf:
    """ln(χ + shift) with the bits its distance from 1 needs: χ = 1 + 7e-17 rounded to 1 at 15 digits (R33b-2)."""
    x = mpmath.fadd(chi, shift, exact=True)
    gap = mpmath.fsub(x, 1, exact=True)
    with mpmath.workprec(mpmath.mp.prec + (max(0, -int(mpmath.mag(gap))) if gap else 0) + 64):
        return mpmath.log(x)


@dataclass(frozen=True)
class SignalResult:
    """q*, χ₁, phase and depth scale of one (activation, σ_w, σ_b)."""

    activation: str
    sigma_w: sp.Expr
    sigma_b: sp.Expr
    q0: sp.Expr
    q_star: mpmath.mpf | None
    q_state: str  # converged / diverged (shown exactly) / beyond range / not converged
    iterations: int
    chi1: mpmath.mpf | None
    chi1_error: mpmath.mpf
    phase: str
    method: str  # symbolic / numeric
    precision: str
    q_star_exact: sp.Expr | None = None
    chi1_exact: sp.Expr | None = None
    certificate: Any = None  # the kernel's, for method 'symbolic' (vgtheory.meanfield.signal_exact)
    q_bound: mpmath.mpf | None = None  # the top of the range searched, for q_state 'beyond range'
    chi1_note: str | None = None  # why chi1 is +oo (D(q*) shown infinite), with how it was shown
    q_note: str | None = None  # why the orbit diverged (V(q) shown infinite), with how it was shown
    q_star_error: mpmath.mpf | None = None  # an error estimate of q* (numeric only; 0 when exact)
    black_box: bool = False  # sigma a callable: the errors hold under :data:`BLACK_BOX` (see :attr:`assumption`)

    @property
    def assumption(self) -> str | None:
        """What the error estimates assume beyond the quadrature's own agreement: for a callable, that σ has no
        feature narrower than the nodes' spacing (red team R44b-2..4: a notch 10⁻⁵ wide, a kink 3·10⁻⁶ beside a jump)."""
        return BLACK_BOX if self.black_box else None

    @property
    def state_text(self) -> str:
        """The state in words; ``beyond range`` names the bound (not 'diverged', which is said only
        where it is shown: the exact affine maps, and V(q) = +oo, with ``q_note``)."""
        if self.q_state == "beyond range" and self.q_bound is not None:
            return f"beyond the range computed (q > {_text(self.q_bound, 3)})"
        if self.q_note:
            return f"{self.q_state}: {self.q_note}"
        return self.q_state

    @property
    def depth_scale(self) -> mpmath.mpf | None:
        """ξ = −1/ln χ₁; None at χ₁ = 1, χ₁ unknown or 0, an orbit not converged, or χ₁'s error interval holding 1
        (χ₁ = 1 + 1e-25 ± 1e-14 gave 12 digits of ξ = −6.6e19 for −1.0e25, R32b-2)."""
        if (self.q_state == "not converged" or self.chi1 is None or not mpmath.isfinite(self.chi1)
                or self.chi1_error >= min(abs(mpmath.fsub(self.chi1, 1, exact=True)), self.chi1)):
            return None
        return -1 / _log(self.chi1, 0)

    @property
    def depth_scale_error(self) -> mpmath.mpf | None:
        """How far ξ moves over χ₁ ± its error (ξ is monotone on each side of χ₁ = 1)."""
        xi = self.depth_scale
        return None if xi is None else max(abs(-1 / _log(self.chi1, e) - xi) for e in (-self.chi1_error, self.chi1_error))

    def to_dict(self) -> dict[str, Any]:
        return {
            "activation": self.activation,
            "sigma_w": _num(self.sigma_w),
            "sigma_b": _num(self.sigma_b),
            "q0": _num(self.q0),
            "q_star": _num(self.q_star),
            "q_star_error": _num_error(self.q_star, self.q_star_error),
            "q_state": self.q_state,
            "q_state_text": self.state_text,
            "q_bound": _num(self.q_bound),
            "iterations": self.iterations,
            # +oo (D(q*) infinite) is not a JSON number: null, with "chi1_note" and the text "+oo".
            "chi1": _num(self.chi1) if self.chi1 is None or mpmath.isfinite(self.chi1) else None,
            "chi1_note": self.chi1_note,
            "q_note": self.q_note,
            "assumption": self.assumption,
            "chi1_error": _num_error(self.chi1, self.chi1_error),
            "phase": self.phase,
            "depth_scale": _num(self.depth_scale),
            # float64 holds 1e-308..1e308 only: the same numbers as 12-digit text, never 0 for 1e-600.
            "text": {"sigma_w": _text(self.sigma_w), "sigma_b": _text(self.sigma_b), "q0": _text(self.q0),
                     # q* to the digits its error estimate leaves (a kink not split at cost 6).
                     "q_star": _text(self.q_star, held_digits(self.q_star, self.q_star_error, 12)),
                     "q_star_error": _text_error(self.q_star, held_digits(self.q_star, self.q_star_error, 12), self.q_star_error),
                     "chi1": _text(self.chi1), "chi1_error": _text_error(self.chi1, 12, self.chi1_error),
                     "depth_scale": _text(self.depth_scale, held_digits(self.depth_scale, self.depth_scale_error, 12))},
            "method": self.method,
            "precision": self.precision,
            "q_star_exact": None if self.q_star_exact is None else str(self.q_star_exact),
            "chi1_exact": None if self.chi1_exact is None else str(self.chi1_exact),
        }


@dataclass(frozen=True)
class CriticalInit:
    """The σ_w with χ₁ = 1 for a given σ_b, and how it was found (``route``)."""

    activation: str
    sigma_b: sp.Expr
    sigma_w: mpmath.mpf
    q_star: mpmath.mpf | None
    chi1: mpmath.mpf
    route: str
    method: str
    precision: str
    check: SignalResult
    sigma_w_exact: sp.Expr | None = None
    certificate: Any = None  # the kernel's, for method 'symbolic'
    sigma_w_error: mpmath.mpf | None = None  # first-order bound of |sigma_w - the true one| (critical_error); 0 exact

    def to_dict(self) -> dict[str, Any]:
        return {
            "activation": self.activation,
            "sigma_b": _num(self.sigma_b),
            "sigma_w": _num(self.sigma_w),
            "q_star": _num(self.q_star),
            "chi1": float(self.chi1),
            "route": self.route,
            "method": self.method,
            "precision": self.precision,
            "sigma_w_exact": None if self.sigma_w_exact is None else str(self.sigma_w_exact),
            "sigma_w_error": _num_error(self.sigma_w, self.sigma_w_error),
            "check": self.check.to_dict(),
        }


#: The widest error estimate of χ₁ at which an interval around 1 still says "critical": a wider
#: one straddles 1 for want of digits, not for evidence of χ₁ = 1 (χ₁ = 101.7 ± 100.9 did).
CRITICAL_WIDTH = mpmath.mpf(10) ** -3


def _phase(chi1: mpmath.mpf | None, error: mpmath.mpf) -> str:
    if chi1 is None:
        return "undetermined"
    if abs(chi1 - 1) <= error:
        return "critical" if error <= CRITICAL_WIDTH else "undetermined"
    return "ordered" if chi1 < 1 else "chaotic"


# -- public analyses --------------------------------------------------------------------------------


def _check_dps(dps: Any) -> int:
    if isinstance(dps, bool) or not isinstance(dps, int) or not 15 <= dps <= 100:
        raise VGTheoryError(f"dps must be an integer between 15 and 100, got {dps!r}")
    return dps


def _scale(s: Any) -> sp.Expr:
    return sp.Integer(1) if s is None else exact_number(s, "s", allow_zero=False)


def _scaled_name(name: str, s: sp.Expr) -> str:
    if s == 1:
        return name
    return scaled_label(name, str(s) if s.is_Integer else f"({s})")


def _rescaled(result: SignalResult, s: sp.Expr, b: sp.Expr, q0: sp.Expr) -> SignalResult:
    """The signal of σ_s(u) = s σ(u/s) from that of σ: V_s(q) = s² V(q/s²) and D_s(q) = D(q/s²),
    so the orbit of σ_s from q0 at σ_b is s² times the orbit of σ from q0/s² at σ_b/s (χ₁ the
    same), exactly; no quadrature of the scaled σ (whose features shrink with s) is needed."""
    if s == 1:
        return result
    scale2 = s**2
    # at every bit of q* and 64 more, its rounding in the error: at the session's 15 + 5 digits, q* at 30 digits was
    # 320 error bars off (R71b-10)
    bits = max([mpmath.mp.prec] + [v.man.bit_length() for v in (result.q_star, result.q_star_error)
                                   if isinstance(v, mpmath.mpf) and mpmath.isfinite(v) and v]) + 64
    with mpmath.workprec(bits):
        q_star = None if result.q_star is None else result.q_star * _mpf(scale2)
        q_bound = None if result.q_bound is None else result.q_bound * _mpf(scale2)
        q_error = None if result.q_star_error is None else result.q_star_error * _mpf(scale2) + (
            abs(q_star) * mpmath.mpf(2) ** (4 - bits) if result.q_star_error and mpmath.isfinite(q_star) else 0)
    q_exact = None if result.q_star_exact is None else sp.simplify(result.q_star_exact * scale2)
    return replace(result, activation=_scaled_name(result.activation, s), sigma_b=b, q0=q0, q_star=q_star,
                   q_bound=q_bound, q_star_error=q_error, q_star_exact=q_exact, certificate=rescaled_certificate(result.certificate, s, q_exact))


def signal(
    f: Any,
    sigma_w: Any,
    sigma_b: Any = 0,
    *,
    s: Any = None,
    q0: Any = 1,
    dps: int = 20,
    max_iter: int = 200,
    backend: str = "mpmath",
) -> SignalResult:
    """q*, χ₁, phase and depth scale of σ (or of σ_s(u) = s σ(u/s) with ``s``) at (σ_w, σ_b).

    ``backend='float64'`` trades the mpmath digits for speed (about 1e-13 relative); it resolves
    fixed points q* ≥ 1e-290 and calls an orbit falling below that ``not converged``.
    """
    scale = _scale(s)
    moments = Moments.of(activation(f), backend, _check_dps(dps))
    w, b, q = exact_number(sigma_w, "sigma_w", allow_zero=False), exact_number(sigma_b, "sigma_b"), exact_number(q0, "q0")
    return _rescaled(_signal(moments, w, b / scale, q / scale**2, max_iter), scale, b, q)


def _signal(moments: Moments, w: sp.Expr, b: sp.Expr, q0: sp.Expr, max_iter: int) -> SignalResult:
    result = _signal_of(moments, w, b, q0, max_iter)
    return replace(result, black_box=True) if moments.sigma.expr is None else result


def _exact(moments: Moments) -> Moments:
    """The mpmath moments of the same σ (whose ``symbolic`` closed forms the float64 backend lacks)."""
    return moments if moments.backend == "mpmath" else Moments.of(moments.sigma, "mpmath", moments.dps)


def _affine(moments: Moments, w: sp.Expr, b: sp.Expr, q0: sp.Expr) -> SignalResult | None:
    """The exact signal where V(q) is affine in closed form (a piecewise-linear σ), else None."""
    closed = moments.symbolic()
    if closed is not None and closed[0].is_polynomial(Q) and sp.Poly(closed[0], Q).degree() <= 1:
        return _symbolic_signal(moments, closed, w, b, q0)
    return None


def _zero_at_origin(sigma: Any) -> bool:
    """σ(0) = 0: by the kernel for a formula (sqrt(log(1 + e^(z - 3))) − sqrt(log(1 + e^-3)) is 0 exactly, which no
    precision resolves numerically, R70b-3), else by σ's value at 0."""
    if sigma.expr is not None:
        at0 = value_at(sigma.expr, sp.S.Zero)
        fact = None if at0 is None else kernel.sign(at0, as_deadline(2.0).run)
        if fact is not None:
            return fact.value == 0
    try:
        return sigma.value(0) == 0
    except UndeterminedError:
        return False


def _signal_of(moments: Moments, w: sp.Expr, b: sp.Expr, q0: sp.Expr, max_iter: int) -> SignalResult:
    # float64 too, for a formula: its orbit cannot tell L(q) = q from a creep at 1e-13 (relu at sigma_w = sqrt 2: every q
    # is a fixed point, "not converged", R65b-4), nor a climb past its range from divergence (sigma_b = 1, R67b-12)
    exact_moments = moments if moments.backend == "mpmath" else _exact(moments) if moments.sigma.expr is not None else None
    if exact_moments is not None and (exact := _affine(exact_moments, w, b, q0)) is not None:
        return exact
    with mpmath.workdps(moments.dps):
        w2, b2, q_start = _mpf(w**2), _mpf(b**2), _mpf(q0)
        tol = mpmath.mpf(10) ** (-(moments.dps - 6)) if moments.backend == "mpmath" else mpmath.mpf(1e-13)
        L = lambda q: w2 * moments.V(q).value + b2  # noqa: E731
        zero_fixed = b2 == 0 and _zero_at_origin(moments.sigma)
        # float64 values carry relative noise far above 1e-13 near 0 (1/(1+e^-u) - 1/2 cancels),
        # so the search for a fixed point below a falling orbit stops at 1e-12 with a 1e-8 test.
        q_min, scan_tol = (mpmath.mpf(1e-12), mpmath.mpf(1e-8)) if moments.precision == "float64" else (Q_MIN, None)
        # Every fixed point is >= sigma_b^2 (V >= 0), and below sigma_b^2 the residual L(q) - q
        # exceeds sigma_b^2 - q, so a search down to sigma_b^2/8 always brackets it: an absolute
        # floor alone would lose fixed points under 1e-12 (tanh at sigma_b = 5e-7: q* = 3.3e-13)
        # and break the exact scaling identity q*(sigma_s; sigma_b) = s^2 q*(sigma; sigma_b/s).
        if b2 > 0:
            q_min = min(q_min, b2 / 8)
        if moments.precision == "float64":
            # float64 cannot hold sigma(u)^2 below ~1e-308 (it underflows to 0, V(q) = 0), so a
            # fixed point under _F64_Q_MIN is reported as not converged, not as a wrong value.
            q_min = max(q_min, _F64_Q_MIN)
        scan = (q_min, scan_tol)
        # The searched range grows with the problem: a bounded sigma has q* <= sigma_w^2 sup sigma^2
        # + sigma_b^2 (tanh at sigma_w = 1e300: q* ~ 1e600, once called "diverged" at 1e12).
        q_max = Q_MAX * max(1, w2 + b2, q_start)
        if moments.diverges("V") is not None and not (q_start == 0 and zero_fixed):
            # V(q) = +oo for every q > 0, shown: q_1 = +oo whatever q0 > 0 (or sigma_b > 0) is.
            return SignalResult(moments.sigma.name, w, b, q0, None, "diverged", 1, None, mpmath.mpf(0), "undetermined",
                                "numeric", moments.precision, q_note=moments.V(1).method)
        noise = lambda q: w2 * moments.V(q).error  # noqa: E731
        orbit = fixed_point(L, q_start, zero_fixed, tol, max_iter, scan, q_max, noise)
        name = moments.sigma.name
        if orbit.note:
            # No fixed point shown (an orbit that may creep on): chi1 at the last iterate, as for an orbit not
            # converged in max_iter steps, no error for q*; chi1's error covers the limit 0 a falling creep may
            # reach (tanh at sigma_w = 1 from 1e-20: chi1 = 1 there and at 0).
            d = moments.D(orbit.q)
            chi1 = w2 * d.value
            error = w2 * d.error + tol * chi1 + (abs(w2 * moments.D(0).value - chi1) if zero_fixed else 0)
            return SignalResult(name, w, b, q0, orbit.q, orbit.state, orbit.iterations, chi1, error,
                                _phase(chi1, error), "numeric", moments.precision, q_note=orbit.note)
        chi1, error, note = None, mpmath.mpf(0), None
        q_error = None
        if orbit.q is not None:  # the limit 0 found by a scan down to q_min carries that q_min
            q_error = orbit.error if orbit.q == 0 else max(root_error(L, orbit.q, noise, tol), orbit.error)
        if orbit.q is not None and not mpmath.isfinite((d := moments.D(orbit.q)).value):
            # D(q*) = +oo, shown (sigma'^2 not integrable at a point): chi1 = +oo, nothing to add.
            chi1, note = mpmath.inf, d.method
        elif orbit.q is not None:
            chi1 = w2 * d.value
            # The error of q* moves χ₁ too: its slope in q, by a difference over the error.
            dq = max(q_error, tol * max(orbit.q, tol))
            if not mpmath.isfinite(dq):  # q*'s error unknown (features of sigma not all found): so is chi1's
                shift = mpmath.inf
            else:
                # a limit 0 too where residuals without a sign put q* anywhere in [0, dq] (hardtanh just above the edge,
                # R33b-6); one reached by signed residuals down to the scan's floor is taken as 0 itself
                # (a formula's: a callable's float64 D at q ~ 1e-8 is its difference quotients' noise, 5e-3 for 1e-9)
                shift = (abs(w2 * moments.D(orbit.q + dq).value - chi1) if orbit.q > 0 or (
                    q_error > q_min and moments.sigma.expr is not None) else mpmath.mpf(0))
            floor = (mpmath.mpf(1e-15) if moments.precision == "float64" else tol) * chi1
            error = w2 * d.error + shift + floor
        return SignalResult(name, w, b, q0, orbit.q, orbit.state, orbit.iterations, chi1, error,
                            _phase(chi1, error), "numeric", moments.precision, q_bound=orbit.bound, chi1_note=note,
                            q_star_error=q_error)


def _symbolic_signal(moments: Moments, closed: tuple[sp.Expr, sp.Expr], w: sp.Expr, b: sp.Expr, q0: sp.Expr) -> SignalResult | None:
    """The affine length map L(q) = A q + B in closed form: q_n = A^n q0 + B (1 + ... + A^{n-1})."""
    exact = affine_signal(moments.sigma.name, closed, w, b, q0)
    if exact is None:  # a comparison the kernel could not decide: no exact answer
        return None
    with mpmath.workdps(moments.dps):
        chi1 = None if exact.chi1 is None else _mpf(exact.chi1)
        q = None if exact.q_star is None else _mpf(exact.q_star)
        return SignalResult(moments.sigma.name, w, b, q0, q, exact.state, 0, chi1, mpmath.mpf(0), exact.phase,
                            "symbolic", "exact (sympy)", exact.q_star, exact.chi1, exact.certificate)


def critical_init(f: Any, sigma_b: Any = 0, *, s: Any = None, q0: Any = 1, dps: int = 20, backend: str = "mpmath") -> CriticalInit:
    """The σ_w at which χ₁ = 1 for σ (or σ_s) and ``sigma_b``, checked by iterating from ``q0``.

    Raises :class:`VGTheoryError` when no σ_w with χ₁ = 1 is reached from q0.
    """
    scale = _scale(s)
    moments = Moments.of(activation(f), backend, _check_dps(dps))
    b, q = exact_number(sigma_b, "sigma_b"), exact_number(q0, "q0")
    try:
        crit = critical_search(moments, b / scale, q / scale**2)
    except VGTheoryError as exc:
        if scale == 1:
            raise
        # the search ran on sigma itself at sigma_b/s and q0/s^2 (V_s(q) = s^2 V(q/s^2)): say so in the user's numbers
        raise VGTheoryError(f"no sigma_w with chi1 = 1 found for {_scaled_name(moments.sigma.name, scale)} at sigma_b "
                            f"= {b} from q0 = {q} (searched as {moments.sigma.name} at sigma_b/s = {b / scale}, q0/s^2 = "
                            f"{q / scale**2}: {exc})") from None
    if scale == 1:
        return crit
    check = _rescaled(crit.check, scale, b, q)
    return replace(crit, activation=check.activation, sigma_b=b, q_star=check.q_star, check=check)


def critical_search(moments: Moments, b: sp.Expr, q_start: sp.Expr, kink_at_zero: bool = True) -> CriticalInit:
    """:func:`_critical`, with the bound on |σ_w − σ_w*| that its χ₁ check leaves
    (:func:`~vgtheory.meanfield.critical_error.sigma_w_error`): what every caller prints σ_w to."""
    crit = _critical(moments, b, q_start, kink_at_zero)
    return replace(crit, sigma_w_error=sigma_w_error(moments, crit))


def _critical(moments: Moments, b: sp.Expr, q_start: sp.Expr, kink_at_zero: bool = True) -> CriticalInit:
    """The first candidate of :func:`~vgtheory.meanfield.critical_candidates.candidates` that the iteration from ``q_start`` confirms critical;
    ``kink_at_zero=False`` leaves out q* = 0 at a kink of σ (recommend_init: see there)."""
    sigma = moments.sigma
    for which, so in (("D", "chi1 = +oo for every sigma_w > 0"), ("V", "no q > 0 is a fixed point")):
        if moments.diverges(which) is not None:  # the moment's text says how that was shown
            why = getattr(moments, which)(1).method
            raise VGTheoryError(f"no sigma_w with chi1 = 1 for {sigma.name}: {so}, as {why}")
    # float64 too: its orbit at sigma_w = sqrt 2 (relu) cannot tell L(q) = q from a creep; the exact orbit does (R65b-4)
    if (closed := _exact(moments).symbolic()) is not None and not closed[1].has(Q) and closed[1] != 0:
        w = sp.sqrt(1 / closed[1])
        check = _signal(moments, w, b, q_start, 200)
        if (cert := critical_certificate(w, check.certificate, check.phase)) is not None:
            return CriticalInit(sigma.name, b, _mpf(w), check.q_star, check.chi1, "D(q) is constant: sigma_w = 1/sqrt(D)",
                                "symbolic", check.precision, check, w, cert)
    with mpmath.workdps(moments.dps):
        for w, route in candidates(moments, b, kink_at_zero):
            if prescreen.clearly_not_critical(lambda m: _signal(m, w, b, q_start, 200), moments):
                continue
            check = _signal(moments, w, b, q_start, 200)
            if check.chi1 is not None and check.phase == "critical":
                return CriticalInit(sigma.name, b, _mpf(w), check.q_star, check.chi1, route, "numeric", check.precision, check)
    lo, hi = (_text(_mpf(max(1, b**2)) * bound, 3) for bound in (mpmath.mpf(10) ** -6, mpmath.mpf(10) ** 8))
    raise VGTheoryError(
        f"no sigma_w with chi1 = 1 found for {sigma.name} at sigma_b = {b} "
        f"(fixed points q* in [{lo}, {hi}] scanned, each checked by iterating from q0 = {q_start})"
    )
