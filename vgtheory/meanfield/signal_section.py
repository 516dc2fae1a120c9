r"""The signal section of ``vgtheory check``: the critical σ_w at σ_b = 0 and q*, χ₁, phase and
depth scale at the paper's CIFAR-10 init, in float64, from :mod:`vgtheory.meanfield.propagation`'s
analyses (numbers only; the text lines are the summary's own short rendering).

>>> s = signal_summary("tanh")
>>> float(s.critical.sigma_w), s.at_init.phase
(1.0, 'chaotic')
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import mpmath
import numpy as np
import sympy as sp

from vgtheory.core.activations import activation
from vgtheory.core.callables import repeat_mismatch
from vgtheory.errors import VGTheoryError
from vgtheory.meanfield.critical_error import sigma_w_text
from vgtheory.meanfield.deadline import OutOfTime, time_bound
from vgtheory.meanfield.moments import Moments
from vgtheory.meanfield.propagation import CriticalInit, SignalResult, _num, _signal, _text_error, critical_search
from vgtheory.core.serial import serialized

__all__ = ["PAPER_INIT", "SIGNAL_SECONDS", "SignalSummary", "signal_summary"]


#: The init ``vgtheory check`` evaluates χ₁ at: the paper's CIFAR-10 networks draw every weight and
#: bias from U(−0.5, 0.5) with fan_in 384, i.e. σ_w² = 384/12 = 32 and σ_b² = 1/12. It is not
#: PyTorch's default (U(±1/√fan_in): σ_w² = 1/3).
PAPER_INIT = {"name": "the paper's CIFAR-10 init: every parameter U(-0.5, 0.5), fan_in 384",
              "sigma_w2": sp.Integer(32), "sigma_b2": sp.Rational(1, 12), "q0": sp.Integer(1)}


@dataclass(frozen=True)
class SignalSummary:
    """The signal section of ``vgtheory check``, as numbers: the critical σ_w at σ_b = 0 (None,
    with ``critical_reason``, when there is none) and q*, χ₁, phase and depth scale at
    :data:`PAPER_INIT`, all in float64 with the quadrature's error estimates."""

    activation: str
    critical: CriticalInit | None
    critical_reason: str | None
    at_init: SignalResult | None
    init: dict
    #: Why q*, chi1 at the init could not be computed (``at_init`` is None then).
    at_init_reason: str | None = None
    method: str = "numeric"
    precision: str = "float64"
    quadrature: str = "float64 adaptive composite Gauss-Legendre, split at the kinks and features of sigma"

    def to_dict(self) -> dict[str, Any]:
        crit, res = self.critical, self.at_init
        return {
            "activation": self.activation,
            "critical_sigma_w": None if crit is None else float(crit.sigma_w),
            "critical_q_star": None if crit is None else _num(crit.q_star),
            "critical_chi1_error": None if crit is None else float(crit.check.chi1_error),
            "critical_route": None if crit is None else crit.route,
            "critical_reason": self.critical_reason,
            "init": {"name": self.init["name"], "sigma_w": float(sp.sqrt(self.init["sigma_w2"])),
                     "sigma_b": float(sp.sqrt(self.init["sigma_b2"])), "q0": float(self.init["q0"])},
            "q_star": None if res is None else _num(res.q_star),
            "q_state": None if res is None else res.q_state,
            "chi1": None if res is None or res.chi1_note else _num(res.chi1),
            "chi1_note": None if res is None else res.chi1_note,
            "chi1_error": None if res is None or res.chi1 is None else float(res.chi1_error),
            "phase": None if res is None else res.phase,
            "depth_scale": None if res is None else _num(res.depth_scale),
            "at_init_reason": self.at_init_reason,
            "method": self.method,
            "precision": self.precision,
            "quadrature": self.quadrature,
        }

    def lines(self) -> list[str]:
        """At most three lines for the text report."""
        out = []
        crit = self.critical
        if crit is not None:
            r = mpmath.sqrt(3) * crit.sigma_w
            out.append(f"critical init at sigma_b = 0: sigma_w = {sigma_w_text(crit.sigma_w, crit.sigma_w_error)} ({crit.route}, "
                       f"chi1 = 1 within {mpmath.nstr(crit.check.chi1_error, 1)}); "
                       f"weights N(0, sigma_w^2/fan_in) or U(-r, r) with r = {mpmath.nstr(r, 5)}/sqrt(fan_in)")
        else:
            # "none found" only where the search ran to its end; an evaluation that failed found nothing (R15b-2).
            found = "none found" if str(self.critical_reason).startswith("no sigma_w with chi1 = 1 found") else "not computed"
            out.append(f"critical init at sigma_b = 0: {found} ({self.critical_reason})")
        res = self.at_init
        if res is None:
            out.append(f"the paper's CIFAR-10 init U(-0.5, 0.5), fan_in 384: not computed ({self.at_init_reason})")
            return out
        if res.chi1_note:
            chi = f"+oo ({res.phase}; {res.chi1_note})"
        elif res.chi1 is None:
            chi = f"n/a (no fixed point found: {res.state_text})"
        else:
            # the error of the 4-digit text, its own rounding included (R71b-2)
            chi = f"{mpmath.nstr(res.chi1, 4)} (error estimate {_text_error(res.chi1, 4, res.chi1_error)}) ({res.phase})"
        q = "" if res.q_star is None else " = " + mpmath.nstr(res.q_star, 4)
        out.append(f"the paper's CIFAR-10 init U(-0.5, 0.5), fan_in 384 (sigma_w^2 = 32, sigma_b^2 = 1/12; not "
                   f"PyTorch's default): q* {res.state_text}{q}, chi1 = {chi}")
        if self.quadrature == _BLACK_BOX:
            out.append(f"({_BLACK_BOX}: the error estimates assume no feature of sigma narrower than the nodes' "
                       "spacing; give sigma as a formula to have them found)")
        else:
            out.append("(float64 adaptive Gauss-Legendre split at sigma's kinks and features; error estimates from "
                       "its 8- and 16-node rules; 'vgtheory signal EXPR --sigma-w W --sigma-b B' gives mpmath digits)")
        return out


#: How a callable's moments are computed (its kinks and features are unknown).
_BLACK_BOX = "float64 adaptive composite Gauss-Legendre on a callable, not split at any feature"


#: The signal section's own time bound (s); ``check`` gives it 5 × its ``timeout`` when that is more.
SIGNAL_SECONDS = 30.0


@serialized
def signal_summary(f: Any, seconds: float = SIGNAL_SECONDS) -> SignalSummary:
    """The signal section of ``vgtheory check`` (:class:`SignalSummary`): the critical σ_w at
    σ_b = 0 and χ₁ at the paper's CIFAR-10 init, in float64; about 0.1 s or less per registry
    activation. Each part stops within about ``seconds`` (the critical search two thirds of them,
    :mod:`vgtheory.meanfield.deadline`) and then says so in its one-line reason; a callable whose
    repeated calls disagree is refused (its moments are not defined)."""
    sigma = activation(f)
    not_a_function = repeat_mismatch(sigma.value) if not sigma.is_symbolic else None
    if not_a_function is not None:
        raise VGTheoryError(f"{not_a_function}: its Gaussian moments are not defined")
    out_of_time = f"stopped at the signal section's time bound of {seconds:g} s"
    with time_bound(seconds):
        # One Moments for both analyses: its numpy functions are built once (the costly step).
        moments = Moments.of(sigma, "float64")
        if (lost := _float64_loss(moments)) is not None:
            why = (f"{_LOSS}: {lost}; 'vgtheory signal EXPR --critical' and 'vgtheory signal EXPR "
                   "--sigma-w W --sigma-b B' compute in mpmath")
            return SignalSummary(moments.sigma.name, None, why, None, dict(PAPER_INIT), at_init_reason=why)
        crit, reason = None, None
        try:
            with time_bound(seconds * 2 / 3):
                crit = critical_search(moments, sp.Integer(0), sp.Integer(1))  # its digits as printed (R42b-1)
        except VGTheoryError as exc:
            reason = str(exc)
        except OutOfTime:
            reason = out_of_time
        init = dict(PAPER_INIT)
        try:
            res, why = _signal(moments, sp.sqrt(init["sigma_w2"]), sp.sqrt(init["sigma_b2"]), init["q0"], 200), None
        except VGTheoryError as exc:  # sigma not evaluable where the Gaussian puts mass (exp(exp(exp(z))))
            res, why = None, str(exc)
        except OutOfTime:
            res, why = None, out_of_time
    if moments.sigma.expr is None:  # a black box: no kink or feature is known, nor searched for (R12b-6)
        return SignalSummary(moments.sigma.name, crit, reason, res, init, at_init_reason=why, quadrature=_BLACK_BOX)
    return SignalSummary(moments.sigma.name, crit, reason, res, init, at_init_reason=why)


_LOSS = "float64 quadrature not trusted"
#: Points where a formula's float64 form is compared with its mpmath values, and the relative error it may have.
_PROBE_POINTS = [k / 4 for k in range(-16, 17)]
_FLOAT64_TOLERANCE = 1e-7


def _float64_loss(moments: Moments) -> str | None:
    """Where the float64 form of σ or σ' that the summary integrates is off from σ's mpmath value by more than
    1e-7 relative (tanh z + (tanh z - tanh(z - 10^-15))·10^14 cancels to 10% in float64, and the critical
    search then found no root: "none", R14b-6), else None. Callables are evaluated through mpmath already."""
    if moments.sigma.expr is None:
        return None
    u = np.array(_PROBE_POINTS)
    for k, (what, exact) in enumerate((("sigma", moments.sigma.value), ("sigma'", moments.sigma.slope))):
        with np.errstate(all="ignore"):
            fast = np.asarray(moments._numpy[k](u), dtype=complex) * np.ones_like(u)
        for t, v in zip(_PROBE_POINTS, fast):
            try:
                truth = float(exact(t))
            except (VGTheoryError, ValueError, ArithmeticError):
                continue  # undefined there: the moments say so themselves
            if not (np.isfinite(v) and abs(v - truth) <= _FLOAT64_TOLERANCE * max(abs(truth), 1e-10)):
                return f"{what} in float64 is {v.real:.6g} at z = {t:g}, its value {truth:.6g}"
    return None
