r"""An initialisation for any activation: the edge of chaos where it exists, else variance-preserving.

For weights N(0, σ_w²/fan_in) and biases N(0, σ_b²), wide layers carry pre-activations of
variance q that follow the length map L(q) = σ_w² V(q) + σ_b², V(q) = E[σ(√q z)²], and
squared gradient norms grow by χ₁ = σ_w² D(q), D(q) = E[σ'(√q z)²], per layer
(:mod:`vgtheory.meanfield.propagation`). :func:`recommend_init` answers "which σ_w?":

* ``critical``: a σ_w with χ₁ = 1 (:func:`vgtheory.meanfield.propagation.critical_init`'s search, in
  float64) whose fixed point q\* is reached from q and attracts: L'(q\*) < 1, or q\* = 0 reached
  by the orbit. Gradients then neither vanish nor explode with depth (depth scale infinite).
* ``variance-preserving`` otherwise (mish, gelu, silu, selu, relu, whose χ₁ = 1 point is
  missing or not attracting): σ_w² = (q − σ_b²)/V(q), so the data's scale q (1 by default) is a
  fixed point of the length map (the AutoInit idea), with χ₁ there and the depth scale
  ξ = −1/ln χ₁ that says how far this is from critical.

>>> r = recommend_init("relu")
>>> r.method, round(r.sigma_w ** 2, 12), round(r.chi1, 12), r.depth_scale
('variance-preserving', 2.0, 1.0, None)
>>> r = recommend_init("tanh")
>>> r.method, r.sigma_w
('critical', 1.0)
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from typing import Any, Callable

import mpmath
import numpy as np
import sympy as sp

from vgtheory.core.activations import Activation, activation
from vgtheory.core.exact_real import exact_mpf
from vgtheory.errors import VGTheoryError
from vgtheory.meanfield.critical_error import derivative, sigma_w_text
from vgtheory.meanfield.gaussian import expectation_f64
from vgtheory.meanfield.callable_cuts import BLACK_BOX, slope_cuts
from vgtheory.meanfield.moments import Moments
from vgtheory.meanfield.inputs import exact_number
from vgtheory.meanfield.propagation import CRITICAL_WIDTH, critical_search
from vgtheory.core.serial import serialized

__all__ = ["InitRecommendation", "recommend_init", "torch_gain", "activation_of_module"]

#: Seconds the search for a critical σ_w may take before the variance-preserving answer is given.
CRITICAL_SECONDS = 6.0
#: L'(q*) within this of 1 (or within its error) leaves attraction undetermined: a float64 slope cannot tell
#: relu's neutral L(q) = q at σ_w² = 2 (L' = 1 exactly) from erf's 1 − 2e-20 at q = 1e-20 (attracting, R36b-5).
_ATTRACT_MARGIN = 1e-6

#: vgtheory registry name -> the name torch.nn.init.calculate_gain knows.
_TORCH_GAIN_NAMES = {"tanh": "tanh", "sigmoid": "sigmoid", "relu": "relu", "leaky_relu": "leaky_relu", "selu": "selu"}


@dataclass(frozen=True)
class InitRecommendation:
    """σ_w (and the given σ_b) for an activation, with the reason and what it implies."""

    activation: str
    method: str  # critical / variance-preserving
    sigma_w: float
    sigma_b: float
    q: float  # the fixed point of the length map the variance settles at
    q0: float  # the data's variance the orbit starts from
    chi1: float
    chi1_error: float
    depth_scale: float | None  # -1/ln chi1 (None: see depth_scale_state)
    attracting: bool | None  # whether q is an attracting fixed point of the length map (None: undetermined)
    reason: str
    precision: str
    torch_gain: float | None = None  # torch.nn.init.calculate_gain's number, where torch knows sigma
    #: "finite" (depth_scale; 0 at chi1 = 0 exactly), "infinite" (chi1 = 1 within an error of at most 1e-3) or
    #: "undetermined" (chi1's error leaves 1, or 0, inside a wider interval: "chi1 = 0.55 +- inf" was "infinite", R34b-2)
    depth_scale_state: str = "infinite"
    #: A first-order bound of |sigma_w - the true critical one| (method "critical"; None otherwise): the digits printed.
    sigma_w_error: float | None = None
    #: What the errors assume beyond the quadrature's own agreement (a callable: no feature narrower than the nodes).
    assumption: str | None = None

    @property
    def torch_line(self) -> str:
        """One line of plain PyTorch that draws a Linear/Conv ``layer`` this way."""
        bias = "torch.nn.init.zeros_(layer.bias)" if self.sigma_b == 0 else f"torch.nn.init.normal_(layer.bias, std={self.sigma_b:.6g})"
        return f"torch.nn.init.normal_(layer.weight, std={self.sigma_w:.6g} / layer.weight[0].numel() ** 0.5); {bias}"

    @property
    def vgtheory_line(self) -> str:
        """The same for every layer of a model, through :func:`vgtheory.init.init_`."""
        extra = "" if self.sigma_b == 0 else f", sigma_b={self.sigma_b:g}"
        extra += "" if self.q0 == 1 else f", q={self.q0:g}"
        return f"vgtheory.init.init_(model{extra})  # the activation is read from the model's modules"

    def to_dict(self) -> dict[str, Any]:
        return {
            "activation": self.activation,
            "method": self.method,
            "sigma_w": self.sigma_w,
            "sigma_b": self.sigma_b,
            "q": self.q,
            "q0": self.q0,
            "chi1": self.chi1,
            "chi1_error": self.chi1_error,
            "depth_scale": self.depth_scale,
            "depth_scale_state": self.depth_scale_state,
            "attracting": self.attracting,
            "reason": self.reason,
            "precision": self.precision,
            "torch": self.torch_line,
            "vgtheory": self.vgtheory_line,
            "torch_calculate_gain": self.torch_gain,
            "sigma_w_error": self.sigma_w_error,
            "assumption": self.assumption,
        }

    def __str__(self) -> str:
        scale = {"infinite": "infinite (chi1 = 1)", "undetermined": "undetermined (chi1's error is too wide)"}.get(
            self.depth_scale_state) or ("0 (chi1 = 0: gradients vanish after one layer)" if self.depth_scale == 0 else
                                        f"{self.depth_scale:.4g} (gradient norms^2 {'shrink' if self.depth_scale > 0 else 'grow'} "
                                        f"by e every {abs(self.depth_scale):.4g} layers)")
        lines = [
            f"activation: {self.activation}",
            f"recommended init: {self.method}: sigma_w = "
            f"{sigma_w_text(self.sigma_w, self.sigma_w_error, unknown=6)}, "
            f"sigma_b = {self.sigma_b:g} "
            "(weights N(0, sigma_w^2/fan_in), biases N(0, sigma_b^2))",
            f"  why: {self.reason}",
            f"  q* = {self.q:.6g}{_ATTRACTION[self.attracting]}, chi1 = {self.chi1:.6g} "
            f"(error estimate {self.chi1_error:.1e}), depth scale {scale}   [{self.precision}]",
            f"  torch:    {self.torch_line}",
            f"  vgtheory: {self.vgtheory_line}",
        ] + ([f"  ({self.assumption})"] if self.assumption else [])
        return "\n".join(lines)


def torch_gain(name: str) -> float | None:
    """torch.nn.init.calculate_gain for a registry name torch knows (None without torch or name).

    It is the σ_w of ``kaiming_normal_(w, nonlinearity=name)`` (std = gain/√fan_in)."""
    key = _TORCH_GAIN_NAMES.get(name)
    if key is None:
        return None
    try:
        import torch
    except ImportError:
        return None
    return float(torch.nn.init.calculate_gain(key, 0.01) if key == "leaky_relu" else torch.nn.init.calculate_gain(key))


def activation_of_module(module: Any) -> Any:
    """A registry name (or (name, s) of a vgtheory ScaledActivation) for torch's standard
    activation modules at their default parameters; the module itself otherwise (a callable).

    Only torch's own classes are read (a user's class named ``Tanh`` is a callable), and only where the
    registry formula is the module's function exactly: Softplus never (past ``threshold`` it is the
    identity, R36b-1)."""
    cls = type(module).__name__
    if cls == "ScaledActivation" and isinstance(getattr(module, "spec", None), (str, sp.Basic)):
        return activation(module.spec).scaled(module.s) if module.s != 1 else module.spec
    torch = sys.modules.get("torch")
    if torch is None or type(module) is not getattr(torch.nn, cls, None):
        return module
    simple = {"Tanh": "tanh", "Sigmoid": "sigmoid", "ReLU": "relu", "Mish": "mish", "SiLU": "silu", "SELU": "selu",
              "Softsign": "softsign", "Identity": "z"}
    if cls in simple:
        return simple[cls]
    if cls == "GELU":
        return "gelu_tanh" if getattr(module, "approximate", "none") == "tanh" else "gelu"
    if cls == "ELU" and getattr(module, "alpha", None) == 1.0:
        return "elu"
    if cls == "LeakyReLU" and getattr(module, "negative_slope", None) == 0.01:
        return "leaky_relu"
    if cls == "Hardtanh" and (getattr(module, "min_val", None), getattr(module, "max_val", None)) == (-1.0, 1.0):
        return "hardtanh"
    return module


# -- moments of any activation, bounded in time ------------------------------------------------------


class _OutOfTime(Exception):
    pass


@dataclass(frozen=True)
class _TorchMoments(Moments):
    """V and D in float64 for a torch σ, evaluated on whole arrays in one call each (σ' by autograd,
    exact up to float64 rounding); a per-point route took seconds (LogSigmoid: 6 s, 0.14 s here). All else (no
    formula: no kinks, limits or closed forms; one-sided slopes at 0 from float64 differences) is a callable's."""

    backend: str = "float64"

    @cached_property
    def _torch(self) -> tuple[Callable, Callable]:
        return _torch_functions(self.sigma.fn)

    @property
    def _value_array(self) -> Callable:
        return self._torch[0]

    def _expect(self, which: str, q: Any):
        key = (which, q)
        if key not in self._cache:
            fn = self._torch[0 if which == "V" else 1]
            # a module's kinks are unknown: its jumps are searched for, as a callable's, and V is cut where σ' jumps
            # (Hardtanh(-1/2, 1), R38b-1)
            kinks = slope_cuts(self, q) if which == "V" else ()
            self._cache[key] = expectation_f64(lambda u: fn(u) ** 2, q, kinks=kinks, find_jumps=True)
        return self._cache[key]


def _torch_functions(fn: Any) -> tuple[Callable, Callable]:
    import copy

    import torch

    module = copy.deepcopy(fn).double() if isinstance(fn, torch.nn.Module) else fn

    def value(u):
        with torch.no_grad():
            return module(torch.from_numpy(np.ascontiguousarray(u, dtype=float))).numpy()

    def slope(u):
        x = torch.from_numpy(np.array(u, dtype=float)).requires_grad_(True)
        # a copy in: an in-place module (ReLU(inplace=True)) may not write into a leaf that requires grad (R38b-2)
        (g,) = torch.autograd.grad(module(x.clone()).sum(), x)
        return g.numpy()

    return value, slope


class _Clocked:
    """Moments whose every V/D evaluation reports progress and stops past a deadline."""

    def __init__(self, moments: Any, deadline: float, progress: Any) -> None:
        self._m, self._deadline, self._progress, self.calls = moments, deadline, progress, 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._m, name)

    def _tick(self) -> None:
        self.calls += 1
        if self._progress is not None:
            self._progress(self.calls, 0, "init: critical search, moment evaluations")
        if time.monotonic() > self._deadline:
            raise _OutOfTime

    def V(self, q: Any):
        self._tick()
        return self._m.V(q)

    def D(self, q: Any):
        self._tick()
        return self._m.D(q)


def _moments(sigma: Activation) -> Any:
    # A plain callable's sigma' is a central difference whose truncation error (~1e-11) Moments counts
    # (R35b-2: without it, a float64 root of chi1 = 1 at q = 5e-6 in tanh's noise was called critical).
    return _TorchMoments(sigma) if sigma.expr is None and sigma.uses_autograd else Moments.of(sigma, "float64")


# -- the recommendation ------------------------------------------------------------------------------


@serialized
def recommend_init(
    f: Any, *, sigma_b: Any = 0, q: Any = 1, progress: Any = None, critical_seconds: float = CRITICAL_SECONDS
) -> InitRecommendation:
    """The initialisation vgtheory recommends for σ = ``f`` (anything :func:`vgtheory.activation`
    accepts, or a torch activation module) at bias scale ``sigma_b`` and data variance ``q``.

    ``critical`` where a σ_w with χ₁ = 1 has an attracting fixed point reached from q; otherwise
    ``variance-preserving``: σ_w² E[σ(√q z)²] + σ_b² = q. The search for the critical point is
    float64 quadrature and stops after ``critical_seconds`` (then: variance-preserving, said so).
    """
    spec = activation_of_module(f) if not isinstance(f, (str, sp.Basic, Activation)) else f
    b = exact_number(sigma_b, "sigma_b")
    q0 = exact_number(q, "q", allow_zero=False)
    if isinstance(spec, str) and progress is None:
        # A pure function of (name or formula, sigma_b, q): init_ over many seeds asks once.
        return _recommend_cached(spec, b, q0, float(critical_seconds))
    sigma = activation(spec)
    rec = _recommend(sigma, b, q0, progress, critical_seconds)
    return replace(rec, assumption=BLACK_BOX) if sigma.expr is None else rec


@lru_cache(maxsize=64)
def _recommend_cached(spec: str, b: sp.Expr, q0: sp.Expr, critical_seconds: float) -> InitRecommendation:
    return _recommend(activation(spec), b, q0, None, critical_seconds)


def _recommend(sigma: Activation, b: sp.Expr, q0: sp.Expr, progress: Any, critical_seconds: float) -> InitRecommendation:
    if not b**2 < q0:
        raise VGTheoryError(f"q must exceed sigma_b^2 (the bias alone adds sigma_b^2 to the variance); got q = {q0}, sigma_b = {b}")
    # torch is never imported here (seconds); its gain is looked up only where it is loaded already.
    gain = torch_gain(sigma.name) if sigma.source == "registry" and "torch" in sys.modules else None
    moments = _moments(sigma)
    clocked = _Clocked(moments, time.monotonic() + critical_seconds, progress)
    why_not: str
    try:
        # Not q* = 0 at a kink (selu: sigma_w = 0.69 there, where every signal's scale decays to 0): the
        # data's scale is then kept instead (selu's self-normalising sigma_w = 1), as the module says.
        crit = critical_search(clocked, b, q0, kink_at_zero=False)
    except _OutOfTime:
        why_not = f"the search for a sigma_w with chi1 = 1 was stopped after {critical_seconds:g} s"
    except VGTheoryError:
        # float64 cannot see G(q) = q - sigma_b^2 - V/D below its noise (hardtanh at sigma_b = 1e-6: |G| ~ 1e-12, R36b-4)
        why_not = ("no sigma_w with chi1 = 1 was found by the float64 search of fixed points q* in [1e-6, 1e8] "
                   "(vgtheory.critical_init searches in mpmath)")
    else:
        w2 = crit.sigma_w**2
        q_star = crit.q_star if crit.q_star is not None else mpmath.mpf(0)
        attracts, slope_text = _attraction(moments, w2, q_star) if q_star > 0 else (True, "q* = 0, reached by the orbit")
        if crit.check.q_state != "converged":
            # a float64 orbit from q = 1e-20 cannot move (steps of 2e-40): its last iterate is no fixed point (R36b-5)
            why_not = (f"chi1 = 1 at sigma_w = {float(crit.sigma_w):.6g}, but no fixed point is shown on the orbit from q = {q0} "
                       "(L(q) = q within its float64 error there: a neutral map, as relu's L(q) = q, or an orbit too slow to see)")
        elif attracts:
            return InitRecommendation(
                sigma.name, "critical", float(crit.sigma_w), float(b), float(q_star), float(q0), float(crit.chi1),
                float(crit.check.chi1_error), None, True,
                f"edge of chaos: chi1 = 1 at this sigma_w ({crit.route}), and its fixed point attracts ({slope_text})",
                crit.precision, gain, sigma_w_error=float(crit.sigma_w_error))
        else:
            how = "does not attract" if attracts is False else "is not shown to attract"
            why_not = f"chi1 = 1 at sigma_w = {float(crit.sigma_w):.6g}, but its fixed point q* = {float(q_star):.4g} {how} ({slope_text})"
    return _variance_preserving(sigma, moments, b, q0, gain, why_not)


_ATTRACTION = {True: "", False: " (not attracting)", None: " (attraction undetermined: L'(q*) = 1 within its error)"}


def _short(x: float) -> str:
    """x with 4 significant digits, or as many as it takes not to print 1 (L'(q*) = 0.9999999 < 1)."""
    return next((t for d in range(4, 18) if float(t := f"{x:.{d}g}") != 1 or x == 1), repr(x))


def _attraction(moments: Any, w2: mpmath.mpf, q: mpmath.mpf) -> tuple[bool | None, str]:
    """Whether q is an attracting fixed point of L (L'(q) < 1; None where L'(q) is within its error, or
    _ATTRACT_MARGIN, of 1), and L'(q) as text. L'(q) = σ_w² V'(q) by central differences of relative step
    1e-4 and 5e-5: their difference bounds the truncation, V's float64 errors over the step the noise."""
    dV, dV_error = derivative(moments.V, q, mpmath.mpf("1e-4"))
    slope, error = w2 * dV, w2 * dV_error
    if slope > 1 + error:
        return False, f"L'(q*) = {_short(float(slope))}"
    if slope < 1 - max(error, mpmath.mpf(_ATTRACT_MARGIN)):
        return True, f"L'(q*) = {_short(float(slope))} < 1"
    return None, f"L'(q*) = 1 within {float(max(error, mpmath.mpf(_ATTRACT_MARGIN))):.1e}"


def _variance_preserving(sigma: Activation, moments: Any, b: sp.Expr, q0: sp.Expr, gain: float | None, why_not: str) -> InitRecommendation:
    reason = f"{why_not}; so q = {q0} is made a fixed point: sigma_w^2 E[sigma(sqrt(q) z)^2] + sigma_b^2 = q"
    with mpmath.workdps(20):
        qm = exact_mpf(q0, 25)
        V = moments.V(qm)
        if not V.value > 0:
            raise VGTheoryError(f"{sigma.name} is 0 almost surely under N(0, q): no sigma_w preserves the variance")
        w2 = (qm - exact_mpf(b**2, 25)) / V.value
        D = moments.D(qm)
        chi1 = w2 * D.value
        # The relative error of V moves sigma_w^2, and with it chi1, by the same factor.
        error = w2 * D.error + chi1 * V.error / V.value + mpmath.mpf(1e-15) * chi1
        attracts, _ = _attraction(moments, w2, qm)
        scale, state = _depth_scale(chi1, error)
        return InitRecommendation(
            sigma.name, "variance-preserving", float(mpmath.sqrt(w2)), float(b), float(q0), float(q0), float(chi1),
            float(error), scale, attracts, reason, "float64 quadrature", gain,
            depth_scale_state=state)


def _depth_scale(chi1: mpmath.mpf, error: mpmath.mpf) -> tuple[float | None, str]:
    """(ξ = −1/ln χ₁, its state) for χ₁ ± error: 0 at χ₁ = 0 exactly (sign(x): σ' = 0 off a null set, R34b-1); infinite
    where 1 is within an error of at most CRITICAL_WIDTH; undetermined where a wider error holds 1, or 0."""
    if chi1 == 0 and error == 0:
        return 0.0, "finite"
    if not mpmath.isfinite(error) or chi1 <= error or abs(chi1 - 1) <= error:
        return None, "infinite" if abs(chi1 - 1) <= error <= CRITICAL_WIDTH else "undetermined"
    return float(-1 / mpmath.log(chi1)), "finite"
