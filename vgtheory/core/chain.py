r"""The chain model of the seed paper and its partial derivatives.

Depth :math:`l`, one parameter per layer, input :math:`x \in \mathbb{R}`:

.. math::  z_0 = x,\qquad z_k = \sigma(w_k z_{k-1}),\qquad f_w(x) = z_l .

By the chain rule, with the empty product equal to 1,

.. math::  \frac{\partial f}{\partial w_j} = z_{j-1}\,\sigma'(w_j z_{j-1})
           \prod_{k=j+1}^{l} w_k\,\sigma'(w_k z_{k-1}) .

**Loss convention.** vgtheory uses the least-squares loss
:math:`\ell(f, y) = \tfrac12 (f - y)^2`, so :math:`\ell'(f, y) = f - y` and
:math:`\partial\ell/\partial w_j = (f_w(x) - y)\,\partial f/\partial w_j`. The loss-free factor
:math:`\partial f/\partial w_j` is always reported as well. Weight decay
:math:`\tfrac{\lambda}{2}\lVert w\rVert^2` adds :math:`\lambda w_j` (see
:meth:`ChainGradient.regularized`).

These numbers reach 1e-300 and below at moderate depth, so the numeric path runs in mpmath at a
stated number of decimal digits (``dps``), where the exponent range is unbounded.

**Digits.** Rounding is amplified through the chain: by a chaotic σ (sin(3z) triples an error a
layer), by a saturated one (σ'(t) = e^{-c|t|} at |t| = 10^300 has a mantissa that depends on the
300th digit of t), by a huge weight into a periodic σ, by depth itself, and by cancellation in
f − y or in the weight-decay sum. :func:`gradient` runs once a few digits above ``dps`` and bounds
those errors to first order (:mod:`vgtheory.core.chain_error`); where the bound leaves fewer than
``dps`` digits, it runs again at raised precisions (the inputs read afresh at each: 1e300 is no
binary number) and reports in :attr:`ChainGradient.digits` (and its kin, by kind of value) the
significant digits on which two runs agree: fewer than ``dps`` only where the limits of
:mod:`vgtheory.core.input_limits` stop the raise; 0: at most the order of magnitude.

>>> g = gradient("tanh", [2] * 400, x=1, y=0, dps=30)
>>> g.df_dw[0] < 1e-300 < 1e-10 < g.df_dw[-1]
True
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from typing import Any, Sequence

import mpmath

from vgtheory.core.activations import Activation, activation
from vgtheory.core.serial import serialized
from vgtheory.core.chain_checks import (
    NotMpmath, _fraction as fraction, evaluated_on_switch, exact_input, exact_losses, exact_value, finer_than_float64, piece_check,
    product_partials, straddles, switches, zero_slopes,
)
from vgtheory.core.chain_result import ChainGradient, to_real
from vgtheory.core.chain_kinks import callable_kink, callable_layer, one_sided_partials, side_slopes
from vgtheory.core.chain_error import BIG, FloatError, RunningError, float64_digits, compare_runs, exact_steps, risk_reason
from vgtheory.core.chain_symbolic import LOSS_CONVENTION, SymbolicChain, symbolic_chain
from vgtheory.errors import VGTheoryError
from vgtheory.core.input_limits import (
    GRADIENT_DPS, MAX_DEPTH, MAX_DEPTH_TIMES_DPS, check_gradient_size, check_int
)
from vgtheory.progress import ProgressFn

__all__ = [
    "LOSS_CONVENTION",
    "ChainGradient",
    "SymbolicChain",
    "forward",
    "gradient",
    "symbolic_chain",
    "to_real",
]


#: Decimal digits used when the caller does not say.
DEFAULT_DPS = 50
#: Layers between two progress reports.
_PROGRESS_EVERY = 500


def _check_dps(dps: Any) -> int:
    return check_int(dps, "dps (decimal digits)", *GRADIENT_DPS)


def _read_weights(w: Sequence[Any]) -> tuple[mpmath.mpf, ...]:
    return tuple(to_real(v, f"w_{k}") for k, v in enumerate(w, start=1))


def _chain_depth(w: Any, dps: int) -> int:
    if isinstance(w, (str, bytes)) or not (isinstance(w, Sequence) or (type(w).__module__ == "numpy" and w.ndim == 1)):
        raise VGTheoryError("w must be a sequence of numbers (one parameter per layer)")
    if len(w) == 0:
        raise VGTheoryError("w must have at least one entry (depth l >= 1)")
    if len(w) > MAX_DEPTH:
        raise VGTheoryError(f"the depth (number of weights) must be at most {MAX_DEPTH:,}, got {len(w):,}")
    check_gradient_size(len(w), dps)
    return len(w)


#: |z_k| beyond which the chain is declared divergent. An unbounded σ such as z·e^{z²} reaches
#: 1e20000 in two layers, and evaluating σ there would run for minutes.
DIVERGENCE_LIMIT = mpmath.mpf(10) ** 300


#: log2 of the |t σ''/σ'| above which a layer's input is checked for exactness (chain_error.exact_steps).
_SENSITIVE = 30.0
#: Distinct layer arguments whose (σ(t), σ'(t)) the gradient loop remembers (a saturated chain
#: cycles through a few; an unsaturated one never repeats, and the store is then cleared often).
_REMEMBERED = 16


def _layer(sigma: Activation, t: mpmath.mpf, k: int) -> mpmath.mpf:
    z = sigma.value(t)
    if mpmath.isnan(z):  # undefined there, not a divergence (R17b-6)
        raise VGTheoryError(f"{sigma.name} is undefined at the input of layer {k}, t = {mpmath.nstr(t, 15)} (it returned NaN)")
    if not mpmath.isfinite(z) or abs(z) > DIVERGENCE_LIMIT:
        raise VGTheoryError(
            f"the chain diverges: |z_{k}| = {mpmath.nstr(abs(z), 5)} exceeds 1e300 ({sigma.name} is unbounded)"
        )
    return z


@serialized
def forward(act: Any, w: Sequence[Any], x: Any, *, dps: int = DEFAULT_DPS) -> tuple[mpmath.mpf, ...]:
    """z_0 = x, z_k = σ(w_k z_{k-1}) for k = 1..l, at ``dps`` decimal digits."""
    sigma = activation(act)
    dps = _check_dps(dps)
    with mpmath.workdps(dps):
        _chain_depth(w, dps)
        weights = _read_weights(w)
        z = [to_real(x, "x")]
        for k, wk in enumerate(weights, start=1):
            z.append(_layer(sigma, wk * z[-1], k))
        return tuple(z)


@serialized
def gradient(
    act: Any,
    w: Sequence[Any],
    x: Any,
    y: Any = 0,
    *,
    dps: int = DEFAULT_DPS,
    lam: Any = None,
    progress: ProgressFn | None = None,
) -> ChainGradient:
    """All partial derivatives ∂f/∂w_j and ∂ℓ/∂w_j of the chain model in O(l) steps.

    Uses the product form: with d_k = σ'(w_k z_{k-1}) and the suffix products
    P_j = ∏_{k>j} w_k d_k, one has ∂f/∂w_j = z_{j-1} d_j P_j. With ``lam``, also the gradient
    ∂ℓ/∂w_j + λ w_j of ℓ + (λ/2)‖w‖² (:attr:`ChainGradient.regularized_dw`).

    Limits (:mod:`vgtheory.core.input_limits`): depth l ≤ 100,000, 5 ≤ dps ≤ 4000, l·dps ≤ 5,000,000.
    Every digit reported is either within the rounding-error bound of a run at a few guard digits
    more, or confirmed by two runs at raised precisions (within the limits), see
    :mod:`vgtheory.core.chain_error`; :attr:`ChainGradient.digits` and its kin say how many.
    ``progress(done, total, what)`` is told the layers done (see :mod:`vgtheory.progress`).
    """
    sigma = activation(act)
    dps = _check_dps(dps)
    depth = _chain_depth(w, dps)
    # A few digits above those asked absorb the rounding of a deep chain (a few bits a layer).
    first_p = min(GRADIENT_DPS[1], MAX_DEPTH_TIMES_DPS // depth, dps + len(str(depth)) + 5)
    with mpmath.workdps(first_p):  # refuse bad input before any work; the first run reads these
        weights = {first_p: _read_weights(w)}
        to_real(x, "x"), to_real(y, "y")
        if lam is not None:
            to_real(lam, "lambda")
    try:
        out = _gradient(sigma, w, weights, x, y, dps, lam, first_p, progress)
    except NotMpmath:
        # The callable passed the probe but not at a point of this chain (a float piece there, or a
        # value that does not resolve the digits asked): its values are taken as float64 ones.
        out = _gradient(sigma.as_float64(), w, weights, x, y, dps, lam, first_p, progress)
    if out.precision == "mpmath" or not finer_than_float64(sigma, [wk * zk for wk, zk in zip(out.w, out.z)]):
        return out
    return replace(out, digits=0, loss_digits=0, regularized_digits=None if lam is None else 0)


def _gradient(sigma: Activation, w: Sequence[Any], weights: dict[int, tuple], x: Any, y: Any, dps: int,
              lam: Any, first_p: int, progress: ProgressFn | None) -> ChainGradient:
    depth = len(w)
    cap = min(GRADIENT_DPS[1], MAX_DEPTH_TIMES_DPS // depth)
    runs: dict[int, tuple[ChainGradient, dict[str, float]]] = {}
    zero_layers = zero_slopes(sigma, w, x)

    def run(p: int) -> ChainGradient:
        if p not in runs:  # the inputs read again at p digits: 1e300 is not a binary number
            runs[p] = _chain(sigma, w, weights.get(p), x, y, lam, p, progress, target, zero_layers)
        return runs[p][0]

    target = dps + len(str(depth)) + 2  # the digits each sigma' of a callable is checked to
    first = run(first_p)
    at_risk = runs[first_p][1]
    worst = max(at_risk.values())
    if sigma.precision == "mpmath" and worst + 1 <= first_p - dps:
        return replace(first, dps=dps, digits=dps, forward_digits=dps, loss_digits=dps, at_risk=worst,
                       regularized_digits=None if lam is None else dps)
    if sigma.precision != "mpmath":
        n = float64_digits(first, at_risk, runs[first_p][2], dps, first_p)
        return replace(first, dps=dps, digits=n["derivative"], forward_digits=n["forward"], loss_digits=n["loss"],
                       regularized_digits=n.get("regularized"), at_risk=worst)
    if first_p >= cap and worst + 6 <= first_p:
        # The limits leave no room to raise the precision: the bound alone says which digits hold.
        n = {kind: max(0, min(dps, int(first_p - lost - 1))) for kind, lost in at_risk.items()}
        return replace(first, dps=dps, digits=n["derivative"], forward_digits=n["forward"], loss_digits=n["loss"],
                       regularized_digits=n.get("regularized"), at_risk=worst)
    reason = risk_reason(at_risk)
    # Raised by the digits at risk (when the bound is unknown or absurd, step by step).
    high = min(cap, dps + int(worst) + 1 + _GUARD if worst < 2 * GRADIENT_DPS[1] else first_p + 2 * _GUARD)
    high = max(high, min(cap, first_p + _GUARD))
    low = high - _GUARD
    for _ in range(6):
        a, b = run(low), run(high)
        digits, exponents = compare_runs(a, b, dps, high, exact_zeros=runs[high][4])
        if runs[high][3]:
            # A layer's input still within rounding of a breakpoint: two runs may take one wrong piece alike.
            digits, exponents = dict.fromkeys(digits, 0), dict.fromkeys(exponents, 0)
            reason = _STRADDLED
        if min(digits.values()) >= dps or high >= cap:
            break
        short = dps - min(digits.values())
        low, high = high, min(cap, high + max(short + _GUARD, high - dps))
    return replace(b, dps=dps, digits=digits["derivative"], forward_digits=digits["forward"],
                   loss_digits=digits["loss"], regularized_digits=digits.get("regularized"),
                   exponent_digits=exponents, checked_dps=low, at_risk=worst, risk_reason=reason)


#: Why a run whose layer input stays beside a breakpoint confirms no digit (the bound's own reason is beside the point).
_STRADDLED = ("a layer's input lies within its rounding of a breakpoint of sigma at every precision tried, or exactly on "
              "a switch whose sides the kernel did not decide, where its evaluation cannot see the switch: the piece "
              "it takes is not determined")

#: Digits between the run reported and the run it is checked against, and the margin above the estimate.
_GUARD = 10


def _chain(sigma: Activation, w: Sequence[Any], read: tuple | None, x: Any, y: Any, lam: Any, dps: int,
           progress: ProgressFn | None, target: int, zero_layers: frozenset[int] = frozenset()) -> tuple[ChainGradient, dict[str, float], dict[str, float], bool, dict]:
    """One run at ``dps`` digits, the inputs read at that precision (the weights ``read`` there
    already when given), the decimal digits its rounding-error bound (:class:`~vgtheory.core.chain_error.RunningError`) puts at risk, by kind,
    for a float64 callable the relative error bounds of :class:`~vgtheory.core.chain_error.FloatError`, and whether
    a layer's input may lie on the wrong side of a breakpoint of σ (:mod:`vgtheory.core.chain_checks`), and which
    zeros of the losses are exact (:func:`_exact_zeros`). ``zero_layers``: the layers where σ'(t_k) is exactly 0
    (:func:`~vgtheory.core.chain_checks.zero_slopes`)."""
    with mpmath.workdps(dps):
        weights = read or _read_weights(w)
        x_v, y_v = to_real(x, "x"), to_real(y, "y")
        lam_v = None if lam is None else to_real(lam, "lambda")
        sw = switches(sigma)
        err = RunningError(sigma, (lambda t: not straddles(sw, t, abs(t) * _FLOAT_PIECE)) if sw else None)
        z = [x_v]
        d = []
        # Saturated layers repeat one argument (tanh(1e300 z) rounds to 1: every later t_k is w): a repeated t is not
        # evaluated again ('gradient tanh --w 1e300 --depth 1000' took 35 s against 2 s at w = 1, a guarded sigma'
        # at 1e300 costing 5-15 ms). Arguments may cycle (w = -1e300: -1e300, 1e300, ...): the last few are kept.
        seen: dict[tuple, tuple[mpmath.mpf, mpmath.mpf, float, tuple]] = {}
        float_err = FloatError()
        exact_values: dict[tuple, tuple] = {}
        t_prev = None
        # The exact value of the next layer's input, while one is known (chain_checks.exact_value).
        exact_t = exact_input(w[0], x) if sigma.expr is not None else None
        exact_z: list = [exact_input(x, 1)]  # z_k, σ'(t_k) in exact rationals while every layer is followed exactly
        exact_d: list = []
        evaluations = 0
        followed: dict[Fraction, tuple[Fraction | None, Fraction | None]] = {}
        straddled = False
        kinks, sides = {}, {}
        # A callable's sigma' to this run's own digits: at the digits asked, raised runs shared one difference
        # quotient's error and confirmed 50 digits of a cancelling weight-decay sum of which 22 held (R17b-3).
        fine = max(target, dps)
        for k, wk in enumerate(weights, start=1):
            t = wk * z[-1]
            if sw:
                t, miss = piece_check(sigma, sw, t, exact_t, err, t_prev, z[-1], wk, w[k - 1], x)
                straddled = straddled or miss
                # An input shown exact on a kink: sigma'(t) there is a convention (R13b-6).
                at = (t._mpf_, exact_t)
                if not miss and at not in sides:
                    sides = sides if len(sides) < _REMEMBERED else {}
                    sides[at] = side_slopes(sigma, sw, t, exact_t)
                if not miss and sides[at]:
                    kinks[k - 1] = (t, *sides[at])
                    # An undecided side with a rounded t (beside 1/10, or tanh(t) - tanh(1/2) rounded): σ(t) may be one
                    # side's value, not σ's at the point.
                    miss = sides[at][0] is None and not evaluated_on_switch(sw, t)
                    straddled = straddled or miss
            key = t._mpf_
            hit = seen.get(key)
            point = sides.get(at) if sw and not miss else None
            if point and point[0] is not None:
                # On a switch whose sides the kernel decided, σ(t) and σ'(t+) are those exact limits: an evaluation
                # there may not resolve (exp(t) - exp(10^30) at t = 10^30 cancels beyond every precision, R21b-6), or
                # take the wrong side of a jump (Heaviside(tanh(t) - tanh(1/2)) at 1/2, R22b-5). A side that jumps or
                # is unbounded leaves its partials to one_sided_partials: the slope carried is 0.
                slope = point[1] if mpmath.isfinite(point[1]) else mpmath.mpf(0)
                hit = (point[3], slope, err.log_gamma(t, slope) if slope else 0.0, None, None)
            elif hit is None:
                if len(seen) >= _REMEMBERED:
                    seen.clear()
                slope, report, kink = callable_layer(sigma, t, fine)
                hit = seen[key] = (_layer(sigma, t, k), slope, err.log_gamma(t, slope), report, kink)
            if hit[4] is not None:
                kinks[k - 1] = callable_kink(sigma, hit[4], t, hit[0], k, t_prev, z[-1], wk, w[k - 1], x)
            if k in zero_layers:  # its own rounding noise otherwise; not remembered: a later t near it is not exact
                hit = (hit[0], mpmath.mpf(0), -BIG, *hit[3:])
            if hit[3] is not None:
                float_err.layer(t, hit[0], hit[1], *hit[3])
            # An input shown to be its exact value carries no rounding on: the next one may then be shown exact on a
            # kink (|z - 1| at t_2 = 1 was "straddled" at every precision to 1426 digits, R18b-2; at t_3, R20b-3).
            shown = exact_t is not None and fraction(t) == exact_t
            exact = None
            if not shown and hit[2] > _SENSITIVE:
                # A sensitive σ' (sech² at t = 1e300): whether t carries any rounding at all.
                memo = (None if t_prev is None else t_prev._mpf_, wk._mpf_)
                exact = exact_values.get(memo)
                if exact is None:
                    exact = exact_values[memo] = exact_steps(sigma, t_prev, z[-1], wk, w[k - 1], x, hit[2])
                if len(exact_values) > _REMEMBERED:
                    exact_values.clear()
            err.layer(t, *hit[:3], exact=exact, shown_exact=shown)
            if exact_t is not None:
                if exact_t not in followed:
                    followed = followed if len(followed) < _REMEMBERED else {}
                    # each a sympy evaluation (~1 ms): 50,000 distinct layers took 2 min (R22b-2)
                    evaluations += 1
                    followed[exact_t] = exact_value(sigma, sw, exact_t) if evaluations <= _EXACT_LAYERS else (None, None)
                value, slope = followed[exact_t]
                exact_z.append(value)
                exact_d.append(slope)
                exact_t = None if value is None or k == len(weights) else exact_input(w[k], value)
            t_prev = t
            z.append(hit[0])
            d.append(hit[1])
            if progress is not None and k % _PROGRESS_EVERY == 0:
                progress(k, len(weights), "gradient: layer")
        df_dw = product_partials(z, d, weights, mpmath.mpf(1))
        if kinks and not straddled:  # a straddled run's pieces are unconfirmed: its digits are 0 anyway
            df_dw = one_sided_partials(z, d, weights, kinks, sigma.name, target)
        zeros = _exact_zeros(exact_z, exact_d, w, y, lam)
        if zeros.get("loss"):
            # f = y exactly (the exact chain): f is y's own reading, and f - y exactly 0 at every precision. Rounded
            # apart (0.1 * 3 against 0.3) the two runs' noise agreed on no digit of a known 0 (R23b-1).
            z[-1] = y_v
        residual = z[-1] - y_v
        dloss = tuple(residual * g for g in df_dw)
        regularized = None if lam_v is None else tuple(
            mpmath.mpf(0) if zero else g + lam_v * wj
            for g, wj, zero in zip(dloss, weights, zeros.get("regularized") or (False,) * len(weights)))
        at_risk = err.at_risk(residual, y_v, dloss, regularized, lam_v, weights, zeros)
        if straddled:
            at_risk = dict.fromkeys(at_risk, BIG)
        return ChainGradient(
            activation=sigma.name, w=weights, x=x_v, y=y_v, z=tuple(z), df_dw=tuple(df_dw), dloss_dw=dloss,
            dps=dps, precision=sigma.precision, lam=lam_v, regularized_dw=regularized,
            kink_layers=tuple(sorted(j + 1 for j, kink in kinks.items() if not kink[1] == kink[2])), slopes=tuple(d),
        ), at_risk, float_err.relative(), straddled, zeros


def _exact_zeros(z: list, d: list, w: Sequence[Any], y: Any, lam: Any) -> dict[str, Any]:
    """Which zeros of f − y and of ∂ℓ/∂w_j + λw_j are exact, where the whole chain is known in exact rationals
    (:func:`~vgtheory.core.chain_checks.exact_value`); {} where it is not."""
    if len(w) > _EXACT_DEPTH or len(d) < len(w) or None in z or None in d:
        return {}
    exact_w = [exact_input(wj, 1) for wj in w]
    y_e, lam_e = exact_input(y, 1), None if lam is None else exact_input(lam, 1)
    if None in exact_w or y_e is None or (lam is not None and lam_e is None):
        return {}
    residual, regularized = exact_losses(z, d, exact_w, y_e, lam_e)
    return {"loss": residual == 0, "regularized": None if regularized is None else tuple(r == 0 for r in regularized)}


#: Relative distance from t within which no switch may change sign for σ with pieces to take float curvature at t.
_FLOAT_PIECE = mpmath.mpf(2) ** -50

#: Layers beyond which the exact losses are not computed (their rationals grow with the depth), and the distinct
#: layer inputs followed in exact rationals (a sympy evaluation each).
_EXACT_DEPTH = 1000
_EXACT_LAYERS = 500


