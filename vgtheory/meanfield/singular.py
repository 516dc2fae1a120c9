r"""Whether a Gaussian moment is finite at a singular point of its integrand, and how strong the
singularity is (for the quadrature's substitution there).

At a point c where h = σ'² (or σ²) may be singular (a pole, a zero of a singular power's base:
the width-0 features of :class:`vgtheory.meanfield.moments.Moments`), the Gaussian density is
positive and continuous, so E[h(√q z)] is finite near c iff h is integrable there. Two facts
decide it (limits from one side, u → c±):

* lim |u − c|·h(u) = L > 0 (or +∞) on a side: h ≥ min(L/2, 1)/|u − c| near c there, whose
  integral diverges, so E[h(√q z)] = +∞ for **every** q > 0 (sqrt|z|: σ'² = 1/(4|z|), L = 1/4;
  log|z|: σ'² = 1/z², L = +∞).
* lim |u − c|^a·h(u) finite on both sides for some a < 1: h ≤ C|u − c|^(−a) near c, integrable.
  The exponent a also sizes the quadrature's substitution u = c ± d tᵏ with k(1 − a) ≥ 2
  (:func:`integrate_pieces`, used by both rules of :func:`vgtheory.meanfield.gaussian.expectation_mp`):
  it makes the integrand O(t) at t = 0,
  where tanh–sinh on the plain piece cut off a mass ~ τ^(1 − p) (τ ~ 10^−25 at 20 digits) that
  both of its rules missed alike (|z|^(2/3): 7e-9 off χ₁ with an estimate of 1.7e-9).

The limits are the kernel's (:func:`vgtheory.kernel.limit`, proved). Where it decides neither,
the growth of h is measured at |u − c| = 10^−10, 10^−20, 10^−30, ... until three decades agree (mpmath, 60+
digits) and the answer is labelled numeric; a growth exponent near 1 (a logarithmic factor decides there) is
left undecided, and the moment is then not computed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import mpmath
import sympy as sp

from vgtheory.core.mp_code import lambdify_mp
from vgtheory import kernel
from vgtheory.core.activations import Z
from vgtheory.core.exact_real import exact_mpf
from vgtheory.core.pole_shift import nearby_root, pole_bearing, pole_explicit

__all__ = ["SingularPoint", "analyse_point", "substitution_power", "integrate_pieces", "centres"]

#: Exponents a < 1 tried for lim |u − c|^a h(u) < ∞. 3/4 first: it covers the common cube roots
#: (σ'² ~ |u − c|^(−2/3)) in one limit per side, and a larger a costs the substitution only
#: digits near c, not accuracy.
LADDER = (sp.Rational(3, 4), sp.Rational(7, 8), sp.Rational(15, 16))
#: Seconds for the kernel's limits at one point (both sides, every exponent).
_SECONDS = 8.0


@dataclass(frozen=True)
class SingularPoint:
    """What is known of h near c: ``exponent`` a (h = O(|u − c|^(−a)), a < 1: integrable) or
    ``diverges`` (h not integrable at c), or neither (undecided); ``how`` says how it was decided."""

    point: sp.Expr
    exponent: sp.Rational | None
    diverges: bool
    how: str

    @property
    def decided(self) -> bool:
        return self.diverges or self.exponent is not None


def substitution_power(a) -> int:
    """k with k(1 − a) ≥ 2: after u = c + d tᵏ, h·du = O(t^(k(1−a)−1)) dt = O(t)."""
    return int(mpmath.ceil(2 / (1 - mpmath.mpf(a))))


def analyse_point(h: sp.Expr, c: sp.Expr, name: str, numeric: Callable, symbolic: bool = True) -> SingularPoint:
    """Decide integrability of ``h`` (an expression in z, named ``name`` in the text) at ``c``;
    ``numeric`` evaluates h at an mpmath point (for the fallback, and the only test where
    ``symbolic`` is False)."""
    if not symbolic:
        return _numeric(c, name, numeric, _target(h, c))
    deadline = kernel.Deadline(_SECONDS)
    # c may stand in for a pole located numerically (a bisected root of a + n, R60b-3): the kernel would decide the
    # rational c, where σ is regular, not the pole next to it; only an exact zero of a + n is the pole itself
    if (pole := _target(h, c)) is not None and not ((k := kernel.compare(pole.subs(Z, c), 0, deadline.run))
                                                         is not None and k.value == 0):
        return _numeric(c, name, numeric, pole)
    h = pole_explicit(h, c)
    near = sp.Abs(Z - c)
    at, gap = f"u = {c}", ("|u|" if c == 0 else f"|u + {-c}|" if c.could_extract_minus_sign() else f"|u - {c}|")
    exponents = {}
    for side in ("+", "-"):
        found, h_side = None, _singular_part(_on_side(h, c, side), c, deadline)
        # a = 0 first: h bounded at c (|sin u|^(4/3) at a zero of sin) needs only a mild substitution.
        for a in (sp.Integer(0), LADDER[0], sp.Integer(1), *LADDER[1:]):
            fact = kernel.limit(near**a * h_side, (c, side), deadline)
            if fact is None:
                continue
            value = fact.value
            if a == 1:
                positive = value == sp.oo or ((s := kernel.compare(value, 0, deadline.run)) is not None and s.value > 0)
                if positive:
                    return SingularPoint(c, None, True, f"symbolic: lim {gap}*{name} = {value} > 0 as u -> {c}{side} "
                                         f"(kernel-proved limit; the terms continuous there left apart), so {name} is not integrable at {at}")
            elif value.is_finite:
                found = a
                break
        if found is None:
            return _numeric(c, name, numeric, pole)
        exponents[side] = found
    a = max(exponents.values())
    return SingularPoint(c, a, False, f"symbolic: lim {gap}^({a})*{name} is finite on both sides of {at} "
                         "(kernel-proved limits, with the terms continuous there bounded apart): integrable there")


def _singular_part(h: sp.Expr, c: sp.Expr, deadline: kernel.Deadline) -> sp.Expr:
    """For h = g² with g = A + B, B the terms of g that the kernel proves continuous at c: A² (0 where g is all B).
    The same limits decide: (A + B)² ≤ 2A² + 2B² bounds |u − c|^a·h where |u − c|^a·A² is bounded (B is bounded
    near c), and (A + B)² ≥ A²/2 − B² keeps lim inf |u − c|·h ≥ L/2 > 0 where lim |u − c|·A² = L > 0. The kernel's
    limits of the whole of σ'² at each of six cusps ran past their 8 s (R54b-1/2); of A alone they take a fraction."""
    if not (isinstance(h, sp.Pow) and h.exp == 2 and isinstance(g := deadline.run(lambda: sp.expand(
            h.base, deep=False, mul=True, multinomial=False, power_exp=False, power_base=False, log=False)), sp.Add)):
        return h
    singular = [t for t in g.args if not kernel.continuous_everywhere(t, Z, c)]
    return sp.Add(*singular) ** 2 if len(singular) < len(g.args) else h


def _on_side(h: sp.Expr, c: sp.Expr, side: str) -> sp.Expr:
    """h on one side of c, with |g| and sign(g) written as s·g and s for each g with g(c) = 0 whose quotient g/(u − c)
    has a kernel-proved nonzero limit on that side (s: its sign, times the side's); likewise for each g continuous at c
    with g(c) ≠ 0, s = sign g(c). The kernel's limits then see a plain power of
    g (|sin u|^(-1)·cos²u/4 at u → 0⁺ is cos²u/(4 sin u), whose |u|·h → 1/4 it proves; with the
    Abs and sign left in it decided nothing, and the numeric growth exponent 1.0 decides nothing)."""
    swap = {}
    for node in h.atoms(sp.Abs, sp.sign):
        g = node.args[0]
        if not g.has(Z):
            continue
        if g.subs(Z, c) != 0:  # g continuous at c keeps the sign of g(c) near c (the kernel's exact sign)
            s = kernel.sign(g.subs(Z, c), kernel.Deadline(1.0).run) if kernel.continuous_everywhere(g, Z, c) else None
            if s is not None and s.value != 0:
                swap[node] = s.value * g if isinstance(node, sp.Abs) else sp.Integer(s.value)
            continue
        # the side's sign of g from the kernel's limit of g/(u − c) there: sympy's g'(c) of g = t − 2|t| (t = u − c) is
        # 1 − 2 sign(0) = 1, yet g < 0 on both sides, and |g| written as g made D = +oo "symbolic" for tanh z (R56b-3/4)
        slope = kernel.limit(g / (Z - c), (c, side), kernel.Deadline(2.0))
        s = None if slope is None else kernel.sign(slope.value, kernel.Deadline(1.0).run)
        if s is not None and s.value != 0:
            s = s.value * (1 if side == "+" else -1)
            swap[node] = s * g if isinstance(node, sp.Abs) else sp.Integer(s)
    return h.xreplace(swap) if swap else h


#: How far three successive decades' growth exponents may spread for a power law (an O(|u - c|) correction moves them
#: by ~1e-10; a logarithmic factor by ~0.01 per decade).
_STEADY = mpmath.mpf("0.1")
#: Points of a decade, as mantissas, at which the growth exponent's samples are taken.
_DECADE = ("1", "1.7", "2.9", "4.3", "6.1", "8.3")


def _target(h: sp.Expr, c: sp.Expr) -> sp.Expr | None:
    """a + n where a Γ-family factor of h has its pole −n at c (:func:`~vgtheory.core.pole_shift.pole_bearing`)."""
    return None if (pole := pole_bearing(h, c)) is None else pole.target


def _numeric(c: sp.Expr, name: str, numeric: Callable, pole: sp.Expr | None = None) -> SingularPoint:
    """:func:`_growth` at c, and where c bears a Γ pole (``pole``) also around that pole located anew: the worse of the
    two (not integrable, else undecided, else the larger exponent). c may stand in for the Γ pole (a rational near a
    bisected root: only the relocated reading sees it) or be a point of its own beside it (a pole of 1/g 10^-101 from a
    Γ pole, which the relocated reading missed: V(1) finite where it is +oo, R62b-1)."""
    here = _growth(c, name, numeric, deep=pole is not None)
    if pole is None or here.diverges:
        return here
    near = _growth(c, name, numeric, pole)
    if near.diverges or not here.decided:
        return near if near.diverges else here
    return near if not near.decided or near.exponent >= here.exponent else here


def _growth(c: sp.Expr, name: str, numeric: Callable, pole: sp.Expr | None = None, deep: bool = False) -> SingularPoint:
    """The growth exponent of h at c from the largest |h| over six points of each decade |u − c| ∈ [1, 10)·10^-k,
    k = 10, 20, 30, ... (numeric evidence), read where three successive exponents agree (a power law keeps its exponent):
    one point per decade can sit on a zero of a factor that oscillates in log|u − c| (|u|^(2/5) sin(b ln|u| − φ) with
    b = π/ln 10^10 has zeros at all three: χ₁ finite for a σ'² not integrable, R42b-2); 1/(1 + Γ(w)²) beside a far pole
    of Γ rises from 10⁻⁵⁴ to 1 between 10⁻¹⁰ and 10⁻³⁰ and is flat after (exponents 4, 1.4, 0, 0): read at 10⁻¹⁰..10⁻³⁰
    alone it was "not integrable", V = +∞ for a bounded σ (R53b-1). At a ``pole`` of a Γ factor no growth counts only
    down to 10^-300: a residue of 10^-100 shows below 10^-100 alone (V = +∞ read as finite, R58b-2), while
    1/(1 + Γ(w)²) stays bounded all the way; a residue below 10^-300 would still hide (numeric evidence). There c is
    located anew at each precision as the zero of ``pole`` (a + n) next to it: a root without closed form, known to
    200 digits, kept every probe 10^-200 from the pole (R59b-1). ``deep``: no growth counts only down to 10^-300 without
    a ``pole`` too (a point beside a Γ pole, R62b-1)."""
    slopes, target = [], None if pole is None else lambdify_mp(Z, pole)
    size = max(0, int(mpmath.log10(abs(exact_mpf(c, 30)) + 1)))
    for sign in (-1, 1):
        logs: list = []
        for k in range(10, _DEEPEST + 1, 10):
            with mpmath.workdps(50 + k + size):
                centre = exact_mpf(c, mpmath.mp.dps + 10)
                if target is not None:
                    try:
                        moved = mpmath.findroot(target, centre)
                    except (ValueError, ArithmeticError, TypeError, ZeroDivisionError):
                        moved = None  # not refined: the probes keep c's own digits
                    if nearby_root(centre, moved):
                        centre = moved
                try:
                    v = max(abs(numeric(centre + sign * mpmath.mpf(m) * mpmath.mpf(10) ** -k)) for m in _DECADE)
                except (ValueError, ArithmeticError, TypeError):
                    v = mpmath.nan
                if not mpmath.isfinite(v):
                    return SingularPoint(c, None, False, f"{name} could not be evaluated near u = {c}")
                logs.append(mpmath.log(v) if v > 0 else -mpmath.inf)
            run = [(b - a) / (10 * mpmath.log(10)) for a, b in zip(logs[-4:-1], logs[-3:])]
            if len(run) == 3 and all(mpmath.isfinite(x) for x in run) and max(run) - min(run) <= _STEADY:
                if (pole is not None or deep) and max(run) < _STEADY and k < _DEEPEST:
                    continue
                slopes += run[1:]
                break
            if len(run) == 3 and all(x == -mpmath.inf for x in logs[-3:]):  # h = 0 on both decades: bounded there
                slopes += [mpmath.mpf(-1)]
                break
        else:
            return SingularPoint(c, None, False, f"numeric: the growth of {name} at u = {c} did not settle by "
                                 f"|u - c| = 1e-{_DEEPEST}: integrability there not decided")
    p = max(slopes)
    low = min(slopes)
    what = f"numeric: {name} grows like |u - c|^(-p), p = {mpmath.nstr(p, 3)}, at u = {c} (steady over three decades)"
    if low >= mpmath.mpf("1.05"):
        return SingularPoint(c, None, True, f"{what}: not integrable there")
    if p <= mpmath.mpf("0.875"):
        # h falling to 0 at c (|sin u|^(4/3)) is bounded there: no substitution (exponent 0).
        a = sp.Integer(0) if p < -mpmath.mpf("0.05") else next(a for a in LADDER if a >= p + mpmath.mpf("0.05"))
        return SingularPoint(c, a, False, f"{what}: integrable there")
    return SingularPoint(c, None, False, f"{what}: integrability there not decided")


#: The smallest decade |u - c| = 10^-k sampled by the numeric growth test.
_DEEPEST = 300


def integrate_pieces(f, points, to_u, method, centres, in_u) -> tuple:
    """∫ f over (−∞, p₁, ..., pₙ, ∞) (points in u/to_u) and its error estimate; the pieces next to
    a singular point c (a key of ``centres``) are integrated by :func:`_singular_piece`, in u."""
    def centre(p):
        return next((v for c, v in centres.items() if abs(p * to_u - c) <= mpmath.eps * 2**8 * max(1, abs(c))), None)

    points = list(points)
    # A singular point needs finite neighbours (the substitution's piece has a length).
    if points and centre(points[0]) is not None:
        points.insert(0, points[0] - 4 * max(1, abs(points[0])))
    if points and centre(points[-1]) is not None:
        points.append(points[-1] + 4 * max(1, abs(points[-1])))
    edges = [-mpmath.inf, *points, mpmath.inf]
    value, error, run = mpmath.mpf(0), mpmath.mpf(0), [edges[0]]
    for a, b in zip(edges, edges[1:]):
        ca, cb = centre(a), centre(b)
        if ca is None and cb is None:
            run.append(b)
            continue
        if len(run) > 1:
            v, e = mpmath.quad(f, run, method=method, error=True)
            value, error = value + v, error + e
        mid = (a + b) / 2 if ca is not None and cb is not None else None
        for spec, end in ((ca, b if mid is None else mid), (cb, a if mid is None else mid)):
            if spec is not None:
                v, e = _singular_piece(in_u, spec[0], end * to_u - spec[0], spec[1], method)
                value, error = value + v, error + e
        run = [b]
    if len(run) > 1:
        v, e = mpmath.quad(f, run, method=method, error=True)
        value, error = value + v, error + e
    return value, error


def _singular_piece(in_u, c, d, a, method) -> tuple:
    """∫ in_u between c and c + d (d signed) where in_u = O(|u − c|^(−a)), a < 1, with
    u = c + d tᵏ, k(1 − a) ≥ 2 (the t-integrand is O(t): plain tanh–sinh on the piece cut off
    ∫ over |u − c| < τ ~ 10^−25, a mass ~ τ^(1−p) = 1e-8 for h ~ |u − c|^(−2/3), alike in both rules).
    u is formed at the precision that resolves u − c (c has many digits); |u − c| < s_min is
    left out and bounded by in_u(c ± s_min)·s_min/(1 − a) (h ~ C|u − c|^(−a) there), which is
    added to the error estimate."""
    k, sign, width = substitution_power(a), mpmath.sign(d), abs(d)
    s_min = width * mpmath.mpf(10) ** (-(mpmath.mp.dps + 10) / (1 - a))

    def at(s):
        with mpmath.workprec(mpmath.mp.prec + int(max(0, mpmath.mag(c) - mpmath.mag(s))) + 20):
            return in_u(c + sign * s)

    def g(t):
        s = width * t**k
        return 0 if s < s_min else +at(s) * k * width * t ** (k - 1)

    value, error = mpmath.quad(g, [0, 1], method=method, error=True)
    return value, error + abs(at(s_min)) * s_min / (1 - a)


@lru_cache(maxsize=64)
def centres(points: tuple[SingularPoint, ...], dps: int) -> dict:
    """{c: (c to the digits the substitution resolves, a)} for the quadratures (the points as
    the features have them, to 30 digits, are the keys)."""
    out = {}
    for p in points:
        # None: a divergent point off 0 (at q = 0 only); 0: h bounded at c, where tanh-sinh at the
        # split point needs no substitution (22 substituted pieces made V of |sin u| 8x slower).
        if not p.exponent:
            continue
        a = mpmath.mpf(p.exponent)
        with mpmath.workdps(int((dps + 10) / (1 - a)) + dps + 30):
            centre = exact_mpf(p.point)
        out[exact_mpf(p.point, 30)] = (centre, a)
    return out
