"""Theorem 2's fixed point z* = σ(w z*) (aw > 1) and its rate ρ = w σ'(w z*), verified to the digits printed.

A root counts only with a certificate: a sign change of ψ(z) = σ(wz) − z at z*(1 ∓ 10^−k), each value beyond what
the evaluation may move, so that z* is right to k significant digits; :func:`rate` raises the precision until k
covers the 12 digits printed and the side of x/s against z* is decided (the direction of the proved bound).
"""

from __future__ import annotations

from typing import Any, Callable

import flint
import mpmath
import sympy as sp

from vgtheory import kernel
from vgtheory.core.activations import Activation, Z
from vgtheory.errors import VGTheoryError
from vgtheory.core.balls import mpf_ball
from vgtheory.core.enclosure import compile_ball
from vgtheory.kernel.limits import continuous_everywhere
from vgtheory.core.dyadic import rational
from vgtheory.properties.smoothness import check_continuous
from vgtheory.theorems._theory_util import mp, num, safe

__all__ = ["fixed_point", "rate"]


class Unverified(VGTheoryError):
    """No root of ψ was verified at the working precision (more digits may verify one)."""


def fixed_point(phi: Callable[[mpmath.mpf], mpmath.mpf], start: mpmath.mpf,
                bits: int | None = None) -> tuple[mpmath.mpf, str, int]:
    """A verified positive root z* of ψ(z) = φ(z) − z, its certificate and the significant digits k it is
    verified to, or VGTheoryError.

    Verified means |ψ(z*)| ≤ 10^{−dps/2}·max(1, z*) at the working precision and a sign change
    ψ(z*(1 − 10^{−k})) > 0 > ψ(z*(1 + 10^{−k})), both values beyond 16 units in the last place of z* (what
    φ's evaluation and the subtraction may move them; a last place of ``bits`` bits, the working precision unless
    φ is only that accurate: 52 for a float64 callable): a root lies within a relative 10^{−k} of z*; k is the
    largest of dps − 4, 3dps/4, dps/2, dps/4 that passes. (A bracket of absolute width 10^{−dps/4} left
    z* = 1.7e−5 at aw = 1 + 10^{−10} unverified beyond its first digit, and 12 digits were printed, R24a-2.)
    The last iterate of a failed search is never returned as a root."""
    dps = mpmath.mp.dps
    z = start
    for _ in range(200):
        z = phi(z)
        if not mpmath.isfinite(z) or abs(z) > mpmath.mpf(10) ** 300:
            # An unbounded σ sends the iteration off to infinity; evaluating further would hang.
            raise VGTheoryError("the fixed-point iteration z -> sigma(w z) diverges: no finite fixed point z*")
    psi = lambda u: safe(lambda v: phi(v) - v, u)  # noqa: E731
    try:
        z = mpmath.findroot(lambda u: phi(u) - u, z)
    except (ValueError, ZeroDivisionError):
        pass  # verified (or refused) below like any candidate
    def small(z: mpmath.mpf, res: mpmath.mpf | None) -> bool:  # |ψ(z)| ≤ 10^{−dps/2}·max(1, z) at a positive z
        return res is not None and z > 0 and abs(res) <= mpmath.mpf(10) ** (-(dps // 2)) * max(mpmath.mpf(1), z)

    res = psi(z)
    if not small(z, res) and start > 0:
        z = _bracketed_root(psi, start)
        z = z if z is not None else start
        res = psi(z)  # read where the search ended (the message said "not evaluated there" of a plain tanh, R64a-6)
    if small(z, res):
        noise = 16 * mpmath.ldexp(z, -(bits or mpmath.mp.prec))
        top = dps - 4 if bits is None else min(dps - 4, int(bits * 0.30103) - 3)
        for k in sorted({top, 3 * dps // 4, dps // 2, dps // 4, 10}, reverse=True):
            if k > top:
                continue
            lo, hi = psi(z * (1 - mpmath.mpf(10) ** -k)), psi(z * (1 + mpmath.mpf(10) ** -k))
            if lo is not None and hi is not None and lo > noise and -hi > noise:
                return z, (f"|sigma(w z*) - z*| = {num(abs(res), 3)}; sign change of sigma(w z) - z across "
                           f"z*(1 -+ 1e-{k}): z* to {k} significant digits"), k
    raise Unverified(
        f"no verified positive fixed point of z -> sigma(w z): the search ended at z = {num(z)} with "
        + (f"|sigma(w z) - z| = {num(abs(res), 3)}" if res is not None else "sigma(w z) - z not evaluated there"))


def _bracketed_root(psi: Callable[[mpmath.mpf], Any], start: mpmath.mpf) -> mpmath.mpf | None:
    """A root of ψ between a point where ψ < 0 (``start`` or its doublings) and one where ψ > 0 (its halvings), by
    bisection; None where no such bracket is found. At aw just above 1 the orbit z -> φ(z) creeps
    (rate ρ ~ 1) and the secant from its last point missed z* (R25a-4); for the σ of (H), ψ > 0 on (0, z*) and ψ < 0
    beyond, and the result is verified like any candidate."""
    hi = start
    # 16-fold up to 16^260 ~ 10^313: 10^60 tanh(z/10^60) has z* ~ 10^60, past the 64 doublings once allowed (R63b-3)
    for _ in range(260):
        v = psi(hi)
        if v is not None and v < 0:
            break
        hi *= 16
    else:
        return None
    lo = hi / 2
    # as far down as the working bits reach: z* ~ 1.7e-650 at aw = 1 + 10^-1300 lay past 2000 halvings (R66a-6)
    for _ in range(max(2000, mpmath.mp.prec)):
        v = psi(lo)
        if v is not None and v > 0:
            break
        lo /= 2
    else:
        return None
    eps = mpmath.ldexp(1, 4 - mpmath.mp.prec)
    while hi - lo > lo * eps:  # bisection: ψ's values near z* are tiny (slope 1 - ρ), where secants stall
        mid = (lo + hi) / 2
        v = psi(mid)
        if v is None:
            return None
        lo, hi = (mid, hi) if v > 0 else (lo, mid)
    return (lo + hi) / 2


#: Most digits :func:`rate` works at (|w z*| <= 1e600 within the parser's number range needs ~1,300).
_MAX_RATE_DPS = 20000


def rate(sigma: Activation, w: sp.Expr, xs: sp.Expr, phi: Callable[[mpmath.mpf], mpmath.mpf],
          dps: int, guard: int = 0) -> tuple[mpmath.mpf, mpmath.mpf, str, bool, mpmath.mpf, int]:
    """z*, rho = w sigma'(w z*), the certificate of z*, whether x/s > z* (``xs`` = x/s exactly), log(z*/(x/s))
    and the significant digits of rho (:func:`_rho_digits`), with rho's leading digits right however large t = w z*
    is and the side of x/s decided.

    A saturating sigma' at t has condition number about t (sech^2 t = 4e^{-2t}): the rounding of w
    and of z* (verified to dps/2 digits) moves t by t*10^-(dps/2), so at t = 2e300 and 50 digits
    no digit of rho was right (red team R8-10). The fixed point is recomputed with 2*log10(t) + 20
    more digits, which puts t's error below 10^-(dps/2 - 10). z* is verified to k >= 14 digits (12 printed), and x/s
    must differ from it by more than 10^-(k - 13) relative: then the side of x/s (the direction of the proved
    bound) is certain and log(z*/(x/s)) has 12 digits. x/s within a rounding of z* was put on the wrong side,
    "proved" (R25a-1); more digits are taken until both hold."""
    # A float64 callable's phi is good to its 52 bits, whatever the working precision: z* to 10 digits then.
    # ρ^l loses ``guard`` digits (log10 l): z*, and so ρ, are verified to that many more.
    bits, wanted = (None, _VERIFIED_DIGITS + guard) if sigma.precision == "mpmath" else (52, 10)
    z_star, certificate, k, at = _first_fixed_point(sigma, w, phi, dps, bits)
    _continuous_across(sigma, w, z_star, k)
    extra = int(mpmath.ceil(mpmath.log10(max(mpmath.mpf(1), abs(mp(w) * z_star)))))
    work, tried = (at + 2 * extra + 20 if extra > 5 else 2 * at), False

    def result(z: mpmath.mpf, cert: str, on_it: bool = False) -> tuple:
        """The returned tuple at the digits z* was verified at; ``on_it``: x/s is z* exactly."""
        with mpmath.workdps(at):
            x_s, w_v = mp(xs), mp(w)
            return (z, w_v * sigma.slope(w_v * z), cert, on_it or x_s > z,
                    mpmath.mpf(0) if on_it else mpmath.log(z / x_s), _rho_digits(sigma, w_v, z, k, wanted - 2))

    while True:
        with mpmath.workdps(at):  # the digits z* was verified at
            x_s = mp(xs)
            if extra <= 5 and k >= wanted and abs(x_s / z_star - 1) > mpmath.mpf(10) ** (wanted - 1 - k):
                out = result(z_star, certificate)
                # rho short of its digits (sigma'(w z*) near, or at, a zero: R31a-3) takes more, up to the cap
                if out[5] >= wanted - 2 or work > max(8 * dps, 400) or bits is not None:
                    return out
        if extra <= 5 and k >= wanted and sigma.is_symbolic and not tried:
            # x/s on z* itself (softsign's z* = 1/3 at w = 3/2, x = 1/3) is never separated by digits: its exact
            # σ(w x/s) = x/s by the kernel's zero test puts it on z* (x/s >= z*: the bound x σ'(wx/s) ρ^(l-1) is
            # attained), where the sign test above has z* within 10^-k.
            tried = True
            zero = kernel.sign(sigma.expr.subs(Z, w * xs) - xs, kernel.Deadline(2.0).run)
            if zero is not None and zero.value == 0:
                with mpmath.workdps(at):
                    x_s = mp(xs)
                return result(x_s, certificate + "; x/s = z* exactly (kernel)", on_it=True)
        cap = _MAX_RATE_DPS if extra > 5 or k < wanted else max(8 * dps, 400)
        if bits is not None and k < wanted:  # more working digits do not make a float64 phi more accurate
            cap = 0
        if work > cap and not sigma.is_symbolic and k >= wanted:
            # A callable's claims are numeric, never proved: x/s on z* to every digit (torch's Hardtanh at w = 2,
            # x = 1 = z*) is compared at the digits verified, as the numbers show it.
            return result(z_star, certificate)
        if work > cap:
            why = (f"x/s = {num(x_s)} agrees with it to {k - wanted + 1} digits: which side of z* x/s lies on is not decided"
                   if k >= wanted else f"it is not verified to {wanted} digits")
            raise VGTheoryError(f"Theorem 2's fixed point z* = {num(z_star)} (at w z* = {num(mp(w) * z_star)}): {why} "
                                f"within {cap} digits")
        with mpmath.workdps(work):
            w_hi = mp(w)
            z_star, certificate, k = fixed_point(lambda z: sigma.value(w_hi * z), z_star, bits)
            _continuous_across(sigma, w, z_star, k)
        at, extra, work = work, 0, 2 * work


def _first_fixed_point(sigma: Activation, w: sp.Expr, phi: Callable[[mpmath.mpf], mpmath.mpf], dps: int,
                       bits: int | None) -> tuple[mpmath.mpf, str, int, int]:
    """:func:`fixed_point` at ``dps`` digits, then at 2, 4, 8 times as many (at most :data:`_FIRST_DPS`) while it is
    unverified, for an mpmath σ: ψ's values about z* are (aw − 1)·z*·10^−k, below 50 digits' noise at aw = 1 + 10^−40,
    and w = 1 + 10^−60 is 1 at 50 digits (R63a-2); the digits that verified it come with it."""
    try:
        return (*fixed_point(phi, mpmath.mpf(1), bits), dps)
    except Unverified as exc:
        if bits is not None:  # a float64 φ is no more accurate at more digits
            raise
        failure = exc
    at = 2 * dps
    # aw − 1 = 10^-420 needs ~850 digits: the climb goes as far as three times w's own digits (R64a-6)
    size = sum(int(v).bit_length() * 3 // 10 for v in (sp.Rational(w).p, sp.Rational(w).q)) if sp.sympify(w).is_Rational else 0
    while at <= max(_FIRST_DPS, 3 * size, dps):
        with mpmath.workdps(at):
            w_at = mp(w)
            try:
                return (*fixed_point(lambda z: sigma.value(w_at * z), mpmath.mpf(1), bits), at)
            except Unverified as exc:
                failure = exc
        at *= 2
    raise failure


#: Most digits the first search for z* climbs to (aw = 1 + 10^-150 needs about 300).
_FIRST_DPS = 400


def _continuous_across(sigma: Activation, w: sp.Expr, z: mpmath.mpf, k: int) -> None:
    """VGTheoryError unless σ is shown continuous on w·[z(1 − 2·10^−k), z(1 + 2·10^−k)], where the sign change that
    verified z* was found: without continuity a sign change is no root. tanh z dropping by 10^−30 just past 2z0
    (tanh(2z0) = z0) has no fixed point at all, yet its jump across the diagonal was certified as z* "to 25 significant
    digits" (R42a-3). A σ built from functions continuous on R needs no check; a callable's z* is numeric evidence."""
    if not sigma.is_symbolic or continuous_everywhere(sigma.expr) or _finite_on(sigma.expr, mp(w) * z, k):
        return
    with mpmath.workdps(mpmath.mp.dps + 10):
        ends = [rational(z * (1 + d * 2 * mpmath.mpf(10) ** -k)) for d in (-1, 1)]
    lo, hi = sorted(w * e for e in ends)
    if check_continuous(sigma, sp.Interval(lo, hi)).verdict != "holds":
        raise VGTheoryError(f"no verified positive fixed point of z -> sigma(w z): sigma(w z) - z changes sign across "
                            f"z = {num(z)}, but sigma is not shown continuous there (w z = {num(mp(w) * z)}), so the "
                            "sign change need not be a root")


def _rho_digits(sigma: Activation, w: mpmath.mpf, z: mpmath.mpf, k: int, most: int) -> int:
    """The significant digits (at most ``most``) of ρ = w σ'(w z*) that z*'s k verified digits fix: ρ at the ends
    z*(1 ∓ 10^−k) of its bracket against ρ at z*. Where σ'(w z*) is 0, or nearly, ρ at z* is the rounding of z* times
    σ'' (rho = 1.5e−32 printed to 12 digits where it is exactly 0, R31a-3): 0 digits then."""
    rho = w * sigma.slope(w * z)
    spread = max(abs(w * sigma.slope(w * z * (1 + e)) - rho) for e in (-mpmath.mpf(10) ** -k, mpmath.mpf(10) ** -k))
    if not rho or spread >= abs(rho):
        return 0
    return max(0, min(most, int(mpmath.floor(mpmath.log10(abs(rho) / spread))) - 1)) if spread else most


#: Significant digits to which z* must be verified: the 12 printed and two more.
_VERIFIED_DIGITS = 14


def _finite_on(expr: sp.Expr, t: mpmath.mpf, k: int) -> bool:
    """Whether arb encloses σ on the ball t·(1 ± 3·10^−k) by a finite ball, every switch decided on all of it: then
    one branch of σ, elementary functions finite there, holds throughout (continuous; tanh z + z² sin(1/z)/4, where
    sympy's continuity test is not trusted, keeps its fixed point)."""
    ball = compile_ball(expr, Z)
    if ball is None:
        return False
    old = flint.ctx.prec
    try:
        flint.ctx.prec = mpmath.mp.prec + 64
        ends = [t * (1 + d * 3 * mpmath.mpf(10) ** -k) for d in (-1, 1)]
        return bool(ball(mpf_ball(ends[0]).union(mpf_ball(ends[1]))).is_finite())
    except Exception:  # noqa: BLE001 - a switch not decided on the ball, a value arb cannot enclose: not shown
        return False
    finally:
        flint.ctx.prec = old
