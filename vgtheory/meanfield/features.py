r"""Where σ or σ' changes on a short scale, or may be singular, read from the formula.

For every argument g of a function in σ or σ' (tanh(k(z − c))) and every base g of a non-integer or negative power (|z −
c|^(1/3), 1/(z − c)), the zeros of g, g' and g's denominator locate steps, bumps, poles and singular powers (:func:`breakpoints`).

* A rational g has finitely many zeros: all of them (a polynomial of degree ≤ 12).
* A transcendental g (sin z in |sin z|^(1/3) or tanh(10⁴ sin z)) may have infinitely many: all of them where sympy
  lists them, else its zeros within |u| ≤ W (``solveset`` on that interval, when it returns a finite set),
  where W = :func:`window_for` (q) covers :data:`DEVIATIONS` deviations of the Gaussian N(0, q): a bump of
  exp(−10⁶ sin²(z/7)) at 7π = 22 holds half of χ₁ at q = 384, where a fixed |u| ≤ 16 saw only the one at 0 (χ₁ 375 ±
  6e-12, truth 825). Only the zeros that matter are taken: those of a singular base (the Gaussian density is positive
  everywhere, so a non-integrable point anywhere makes the moment +∞, and an integrable one needs its own
  substitution) and the steep ones (width < 1).
* Where the zeros of such a g in the window are not all found (more than :data:`MAX_WINDOW_ZEROS`, a window past
  :data:`MAX_WINDOW`, a scan past :data:`_SCAN_WINDOW`, more than :data:`_MAX_FEATURES` features) and g gave a feature
  among those found, the features are marked incomplete: the quadrature's error estimate cannot see a feature it was
  not split at, so the moment then reports an infinite error, not tight digits.
"""

from __future__ import annotations

import itertools
from functools import lru_cache
from typing import Any, Callable, Sequence

import mpmath
import sympy as sp

from vgtheory.core.mp_code import lambdify_mp
from vgtheory.core._bounded import StepTimeout, bounded
from vgtheory.core.activations import Z
from vgtheory.core.exact_real import exact_mpf
from vgtheory.core.mp_functions import RGAMMA
from vgtheory.core.formula_eval import compiled
from vgtheory.errors import VGTheoryError
from vgtheory.core.memo import solveset
from vgtheory.core.reach import reach
from vgtheory.properties.features import singular_roots

__all__ = ["breakpoints", "branch_zeros", "features", "feature_scan", "heavy_tails", "singular_points", "window_roots", "window_scan", "window_for", "WINDOW", "MAX_WINDOW_ZEROS"]

#: Seconds for each sympy step of the feature analysis (a transcendental equation: TRANSCENDENTAL_SECONDS).
FEATURE_SECONDS = 10.0
_TRANSCENDENTAL_SECONDS = 3.0
#: At most this many feature points are kept (each adds up to seven quadrature pieces).
_MAX_FEATURES = 64
#: The smallest half-width searched for the zeros of a transcendental g (12 deviations at q ~ 1).
WINDOW = 16
#: Deviations of N(0, q) the window covers: past 12√q the density is below e^-72 = 5e-32 of its peak.
DEVIATIONS = 12
#: The widest window searched; past it (q > 1.1e5) a transcendental g's features are incomplete.
MAX_WINDOW = 2**12
#: At most this many zeros of one g, nearest 0, are kept (sin z has 163 within |u| <= 256; the
#: critical points of sin(z/7)^2, 93 within |u| <= 512).
MAX_WINDOW_ZEROS = 256
#: |g| at a critical point of a transcendental g up to which it may be a bump of f(g).
_BUMP_LEVEL = 16
_ERRORS = (StepTimeout, NotImplementedError, ValueError, TypeError, sp.PolynomialError)


def window_for(q) -> int:
    """The half-width searched at variance q: the least power of 2 ≥ max(WINDOW, DEVIATIONS·√q)
    (powers of 2, so a fixed-point search over q analyses σ a few times, not at every q), up to
    2·MAX_WINDOW (which stands for every window past MAX_WINDOW)."""
    need = DEVIATIONS * mpmath.sqrt(abs(mpmath.mpf(q)))
    window = WINDOW
    while window < need and window <= MAX_WINDOW:
        window *= 2
    return window


def window_roots(expr: sp.Expr, window: int = WINDOW) -> tuple:
    """The real zeros of a transcendental ``expr`` with |z| ≤ ``window``, nearest 0 first (at most
    MAX_WINDOW_ZEROS): see :func:`window_scan`."""
    return window_scan(expr, window)[0]


@lru_cache(maxsize=256)
def window_scan(expr: sp.Expr, window: int = WINDOW) -> tuple[tuple, bool]:
    """(zeros, complete): the real zeros of a transcendental ``expr`` with |z| ≤ ``window``, nearest
    0 first (at most MAX_WINDOW_ZEROS), exact where sympy's solveset gives a finite set, else the
    sign changes on a grid of :data:`_SCAN_POINTS` per 16, solved to :data:`_ROOT_DIGITS` digits and
    returned as ``sympy.Float`` (inexact: no kernel limit is taken there, see
    :func:`vgtheory.meanfield.singular.analyse_point`); ``complete`` is False where some may be
    missing (more than MAX_WINDOW_ZEROS, a window past MAX_WINDOW or a scan past _SCAN_WINDOW)."""
    search = min(window, MAX_WINDOW)
    complete = window <= MAX_WINDOW
    try:
        # every real zero where sympy lists them all: e^(z - 20) = 1 at 20 lies past the window 16 of q = 1, and a
        # cube-root cusp there is not integrable (chi1 = +oo printed finite, R67b-16); 1 + |z| has none (R67b-18)
        roots = branch_zeros(expr, sp.S.Reals) if expr.has(sp.Max, sp.Min) else \
            bounded(lambda: solveset(expr, Z, sp.S.Reals), _TRANSCENDENTAL_SECONDS)
        if roots is not None and (roots.is_empty or isinstance(roots, sp.FiniteSet) and len(roots) <= MAX_WINDOW_ZEROS
                                  and all(r.is_real for r in roots)):
            return tuple(sorted(roots, key=lambda r: (abs(exact_mpf(r, 30)), exact_mpf(r, 30)))), True
        if not isinstance(roots, sp.ConditionSet):  # periodic zeros (an ImageSet): the window's
            roots = branch_zeros(expr, sp.Interval(-search, search))
            if roots is None:
                roots = bounded(lambda: solveset(expr, Z, sp.Interval(-search, search)), _TRANSCENDENTAL_SECONDS)
    except _ERRORS:
        roots = None
    # Whole intervals of zeros (Heaviside(1 - z) past 1) are flat pieces, not points: the scan
    # below skips them too, so only the isolated zeros of such an exact answer are kept.
    parts = roots.args if isinstance(roots, sp.Union) else (roots,)
    if roots is not None and all(isinstance(p, (sp.FiniteSet, sp.Interval)) for p in parts):
        real = [r for p in parts if isinstance(p, sp.FiniteSet) for r in p if r.is_real]
    elif roots is not None and roots.is_empty:
        return (), complete
    else:  # sin(z) + z/3: a ConditionSet (the zero at 0 made sqrt|.|'s chi1 a finite 16.7 +- 14)
        search = min(search, _SCAN_WINDOW)
        complete = complete and search == window
        real, scanned = _scanned_roots(expr, search)
        complete = complete and scanned
    ordered = sorted(real, key=lambda r: (abs(exact_mpf(r, 30)), exact_mpf(r, 30)))
    return tuple(ordered[:MAX_WINDOW_ZEROS]), complete and len(ordered) <= MAX_WINDOW_ZEROS


#: At most this many Max/Min nodes are taken apart by :func:`branch_zeros` (2^k branches or more).
_MAX_BRANCH_NODES = 3


def branch_zeros(g: sp.Expr, domain: sp.Set) -> sp.FiniteSet | None:
    """The zeros in ``domain`` of a g whose only piecewise nodes are Max and Min (at most
    :data:`_MAX_BRANCH_NODES`): every zero of g is a zero of one of its branches (each node replaced by one
    of its operands), and a branch's zero is kept unless g is shown nonzero there; None where a branch's
    zeros are not a finite set (g vanishes on an interval) or g has other piecewise nodes.

    sympy solves Min(1, z) + 1 = 0 through the inequalities of a Piecewise: half of hardtanh's
    signal section, where z + 1 = 0 and 2 = 0 take a millisecond.

    >>> branch_zeros(sp.Min(1, Z) + 1, sp.S.Reals)
    {-1}
    """
    nodes = sorted(g.atoms(sp.Max, sp.Min), key=sp.count_ops, reverse=True)  # outer first: see below
    if not nodes or len(nodes) > _MAX_BRANCH_NODES or g.has(sp.Piecewise, sp.Heaviside, sp.Abs, sp.sign):
        return None
    found: set = set()
    for choice in itertools.product(*(n.args for n in nodes)):
        branch = g
        for node, operand in zip(nodes, choice):
            # an outer node replaced first carries the inner ones it keeps; those it drops are not met again
            branch = branch.xreplace({node: operand})
        if branch.has(sp.Max, sp.Min):
            return None
        roots = solveset(branch, Z, domain) if branch.has(Z) else (sp.S.EmptySet if branch != 0 else None)
        if not isinstance(roots, sp.FiniteSet):
            if roots is not None and roots.is_empty:
                continue
            return None
        found |= {r for r in roots if r.is_real}
    return sp.FiniteSet(*(r for r in found if g.subs(Z, r).is_zero is not False))


#: Grid points per 16 of the sign-change scan for zeros sympy does not solve, and the digits of the
#: roots: the singular substitution resolves |u - c| down to 10^-(dps+10)/(1-a) (120 digits at
#: a = 3/4, 20 digits), so a root good to 80 digits would put the centre off the singularity.
_SCAN_POINTS = 2048
_ROOT_DIGITS = 200
#: The widest scan (8193 points at 30 digits, ~0.2 s); past it the zeros found are incomplete.
_SCAN_WINDOW = 64


def _scanned_roots(expr: sp.Expr, window: int) -> tuple[list, bool]:
    """(zeros, complete) of the sign-change scan. A grid point where expr has no value (digamma(z/2 + 3) at its pole
    z = -6) is passed over, not the end of the scan: one such point made the whole scan return no zero, and the zero
    of digamma in |digamma(z/2 + 3)|^(-1/3), where D = +oo, went unseen (R52b-4). A sign change through a pole is no
    zero (the poles are found exactly, :func:`_special_poles`); one that is neither is marked incomplete."""
    n = _SCAN_POINTS * window // WINDOW + 1
    try:
        f = lambdify_mp(Z, expr)
    except (ValueError, TypeError, NameError, SyntaxError):
        return [], False
    real = lambda u: mpmath.re(f(u))  # noqa: E731
    grid, values = [], []
    with mpmath.workdps(30):
        for k in range(n):
            u = mpmath.mpf(window) * (2 * k - n + 1) / (n - 1)
            try:
                v = real(u)
            except (ValueError, TypeError, ArithmeticError, NameError, RecursionError):
                continue  # RecursionError: mpmath's gammainc of subfactorial at a non-integer (R54b-4)
            if mpmath.isfinite(v):
                grid.append((k, u))
                values.append(v)
    out, complete = [], True
    for i, ((k, a), (_, b), fa, fb) in enumerate(zip(grid, grid[1:], values, values[1:])):
        if fa == 0:
            # An exact zero on the grid (z = 0) is a point for the kernel; a run of them is a
            # flat piece (Heaviside(1 - z) past 1: 256 "zeros"), no point at all.
            exact = sp.Rational(window * (2 * k - n + 1), n - 1)
            if not (fb == 0 or (i > 0 and values[i - 1] == 0)) and expr.subs(Z, exact) == 0:
                out.append(exact)
        elif fa * fb < 0:
            try:
                with mpmath.workdps(_ROOT_DIGITS):
                    r = mpmath.findroot(real, (a, b), solver="anderson")
                    if a <= r <= b and abs(real(r)) <= mpmath.mpf(10) ** (20 - _ROOT_DIGITS) * max(1, abs(fa), abs(fb)):
                        out.append(r)
                        continue
            except (ValueError, TypeError, ArithmeticError, ZeroDivisionError, RecursionError):
                pass
            complete = complete and _through_pole(real, a, b)
    return [r if isinstance(r, sp.Rational) else sp.Float(r, _ROOT_DIGITS) for r in out], complete


def _through_pole(f, a: mpmath.mpf, b: mpmath.mpf) -> bool:
    """Whether the sign change of f on [a, b] is a pole, not a zero: |f| grows past every bound as bisection closes
    in (tenfold over the last ten halvings, and past 1e6)."""
    sizes = []
    with mpmath.workdps(30):
        fa = f(a)
        for _ in range(60):
            m = (a + b) / 2
            try:
                fm = f(m)
            except (ValueError, ArithmeticError, ZeroDivisionError, TypeError, RecursionError):
                return True  # no value at the very point the sign changes at
            if not mpmath.isfinite(fm):
                return True
            a, b, fa = (m, b, fm) if fa * fm > 0 else (a, m, fa)
            sizes.append(abs(fm))
    return sizes[-1] > 10**6 and sizes[-1] > 10 * sizes[-11]


def _special_poles(g: sp.Expr, window: int) -> tuple[list, bool]:
    """(poles, complete): the z in |z| ≤ ``window`` where an argument a of Gamma, log Gamma or a polygamma function
    in g is 0, -1, -2, ... (exact for an a linear with real coefficients or polynomial with rational ones, else by a
    scan of 1/Gamma(a), which is entire and vanishes there). sympy's denominators do not show them: |Gamma(z/2 + 3)|^(-1/3) has a cusp at z = -6
    with sigma'^2 ~ |z + 6|^(-4/3), and D = +oo was printed as 0.4572 (R52b-4)."""
    inner = {n.args[-1] for n in g.atoms(sp.gamma, sp.loggamma, sp.polygamma) if n.args[-1].has(Z)}
    out, complete = [], True
    for a in inner:
        poly = sp.Poly(a, Z) if a.is_polynomial(Z) else None
        if poly is not None and poly.degree() == 1 and all(c.is_number and c.is_real for c in poly.all_coeffs()):
            alpha, beta = poly.all_coeffs()
            # a over |z| <= window, in floats with one k to spare at each end (the poles themselves are exact)
            low, high = sorted(float(sp.N(beta + alpha * s * window, 30)) for s in (1, -1))
            first, last = max(0, int(-high) - 1), int(-low) + 1
            out += [(-k - beta) / alpha for k in range(first, min(last, first + MAX_WINDOW_ZEROS - 1) + 1)]
            complete = complete and last - first < MAX_WINDOW_ZEROS
            continue
        if poly is not None and poly.degree() <= 12 and poly.domain in (sp.ZZ, sp.QQ):
            # the least a on the window (at an end or a critical point; a float bound, one k to spare: each k's roots
            # are exact, and a k too many has none inside)
            ends = [sp.Integer(window), -sp.Integer(window)] + [r for r in poly.diff().real_roots() if abs(r) <= window]
            low = min(float(sp.N(poly.eval(c), 30)) for c in ends)
            if -low <= _EXACT_POLES:
                out += [r for k in range(max(0, int(-low) + 2)) for r in (poly + k).real_roots() if abs(r) <= window]
                continue
        roots, _ = _scanned_roots(RGAMMA(a), min(window, _SCAN_WINDOW))
        # and the zeros of a + k that sympy solves (properties' scan: k = 0 always, so a narrow dip of a is seen, R56b-1)
        out += roots + [r for r, _ in singular_roots(sp.gamma(a), -window, window)]
        complete = False  # a touching -n without crossing it is no sign change
    return list(dict.fromkeys(out)), complete


#: Largest -a on the window for which the poles of Gamma(a), a a polynomial, are the real roots of a + k, k = 0, 1, ...
_EXACT_POLES = 256




def _poles(g: sp.Expr, window: int) -> tuple[list, bool]:
    """(poles, complete): the zeros of g's denominator and of the gamma family's arguments (:func:`_special_poles`)."""
    roots, ok = _real_roots(sp.denom(sp.together(g)), window)
    special, special_ok = _special_poles(g, window) if g.has(sp.gamma, sp.loggamma, sp.polygamma) else ([], True)
    return roots + [p for p in special if p not in roots], ok and special_ok


def _args(expr: sp.Expr) -> tuple[set, set]:
    """(arguments, singular bases): the arguments g ≠ z of functions (their zeros and critical
    points locate steps and bumps), and the bases of non-integer or negative powers, seen
    through Abs (their zeros are possible singularities of σ or σ')."""
    args, bases = set(), set()
    for node in expr.atoms(sp.Function, sp.Pow):
        if isinstance(node, (sp.Max, sp.Min)):
            # A zero of Max/Min's operand is nothing of sigma's (its switches are kinks, found as such; functions
            # inside the operands are atoms of their own): solving Min(1, z) = 0 was half of hardtanh's signal section.
            continue
        if isinstance(node, sp.Pow):
            if node.exp.is_Integer and node.exp >= 0:
                continue
            base = node.base.args[0] if isinstance(node.base, sp.Abs) else node.base
            if base.has(Z):
                bases.add(base)
            elif node.exp.has(Z) and base.is_positive:  # a^g is exp(g log a): z 2^(-10^10 (z - c)^2) (R67b-8)
                args.add(node.exp * sp.log(base))
            continue
        for g in node.args:
            if isinstance(g, sp.Expr) and g.has(Z) and g != Z:
                args.add(g)
    return args, bases


def _real_roots(expr: sp.Expr, window: int) -> tuple[list, bool]:
    """(zeros, complete): the real zeros of expr's numerator, all of them for a polynomial
    (degree ≤ 12), the window's for a transcendental one (:func:`window_scan`)."""
    # a constant factor moves no zero: sqrt(2/pi)*(z + 0.044715 z^3) of gelu_tanh has rational roots, which sympy's
    # solveset on a window took 0.1 s each to find with the factor left in
    num = sp.numer(sp.together(expr)).as_independent(Z, as_Add=False)[1]
    if not num.has(Z):
        return [], True
    if not num.is_polynomial(Z):
        roots, complete = window_scan(num, window)
        return list(roots), complete
    poly = sp.Poly(num, Z)
    if poly.degree() > 12:
        return [], False
    if not (poly.domain.is_ZZ or poly.domain.is_QQ):
        # irrational coefficients (z - sqrt 2, z^2 - pi): real_roots raises, and the zero of |z - sqrt 2|^(1/2)'s base
        # went unanalysed, its chi1 = +oo printed as 1.0001 (R16b-1/2, R17b-4); the window's zeros instead
        # every root lies within Cauchy's bound 1 + max|a_i/a_n|: the window widened to it (a cusp at 20 sqrt 2,
        # past the window 16 of q = 1, left chi1 = +oo printed as 3.9e-4, R67b-17)
        bound = 1 + max(abs(exact_mpf(a / poly.LC(), 30)) for a in poly.all_coeffs())
        roots, complete = window_scan(num, max(window, int(2 * bound) + 1))
        return list(roots), complete
    return list(poly.real_roots()), True


def _width(g: sp.Expr, root: sp.Expr, order: int) -> mpmath.mpf:
    """The scale on which g changes near its zero (order 1) or critical point (order 2): the least (j!/|g⁽ʲ⁾|)^(1/j) over
    j = order .. order + 2 (1/|g'| read k t³ + 100 t as 1/100 wide, not k^(-1/3), R67b-9/1), narrowed by g's own values
    (:func:`~vgtheory.core.reach.reach`: t/100 + K t⁵, R68b); 0 where all three vanish."""
    widths, d = [], g
    for j in range(1, order + 3):
        d = sp.diff(d, Z)
        size = abs(exact_mpf(d.subs(Z, root), 30)) if j >= order else 0
        if size:
            widths.append((mpmath.factorial(j) / size) ** (mpmath.mpf(1) / j))
    return reach(g, root, min(widths, default=mpmath.mpf(0)))  # past the three orders: g itself


def _flat_at(expr: sp.Expr, derivative: sp.Expr, r: mpmath.mpf, width: mpmath.mpf) -> bool:
    """Whether σ and σ' are flat across a critical point r of an inner g where |g| is past the bump level: equal at
    r and 4 widths away to 1e-14 of their size. Only then is it no bump: 10^7·e^(−10^6 sin²(z − 1/2) − 17) has
    g = −17 at z = 1/2, yet a bump of height 0.41 (χ₁ 208 for 277, R42b-3); tanh(10^4 sin z) at g = ±10^4 is flat."""
    try:
        with mpmath.workdps(30):
            for e in (expr, derivative):
                f = compiled(e)
                a, b = f(r), f(r + 4 * width)
                if not abs(a - b) <= mpmath.mpf(10) ** -14 * max(1, abs(a), abs(b)):
                    return False
    except (ArithmeticError, ValueError, TypeError, VGTheoryError):
        return False
    return True


def _all_args(expr: sp.Expr, derivative: sp.Expr) -> tuple[set, set]:
    # tan, cot, sec, csc as quotients of sin and cos: their poles are then zeros of a base with exponent -1, found as
    # any pole is (tanh z + tan(z)/1000 had a converged q* where V = +oo, and atan(tan z)'s jumps were stepped over, R40b-4)
    expr, derivative = (_quotients(e) for e in (expr, derivative))
    return tuple(a | b for a, b in zip(_args(expr), _args(derivative)))


def _quotients(e: sp.Expr) -> sp.Expr:
    if not e.has(sp.tan, sp.cot, sp.sec, sp.csc):
        return e
    return e.replace(sp.tan, lambda a: sp.sin(a) / sp.cos(a)).replace(sp.cot, lambda a: sp.cos(a) / sp.sin(a)) \
        .replace(sp.sec, lambda a: 1 / sp.cos(a)).replace(sp.csc, lambda a: 1 / sp.sin(a))


def features(expr: sp.Expr, derivative: sp.Expr, window: int = WINDOW) -> tuple:
    """(point, width) pairs of σ = ``expr`` (see :attr:`vgtheory.meanfield.moments.Moments.features`)."""
    return feature_scan(expr, derivative, window)[0]


@lru_cache(maxsize=64)
def feature_scan(expr: sp.Expr, derivative: sp.Expr, window: int = WINDOW) -> tuple[tuple, bool]:
    """(features, complete): the (point, width) pairs with transcendental g's zeros searched in
    |u| ≤ ``window``; ``complete`` is False where some g's zeros were not all found and that g
    gave features (or none could be found), or features were dropped past _MAX_FEATURES."""
    found: dict = {}
    complete = True

    def add(c, width, rational):
        prev = found.get(c)
        # Width 0 marks a possible singularity (a pole, a zero of a singular power's base),
        # which the quadrature treats differently; it outranks any width. A transcendental g's
        # zeros come in dozens: only the steep ones are split at.
        if not rational and width >= 1:
            return False
        if _kept(c, window) and (prev is None or (prev and (not width or width < prev))):
            found[c] = width
        return True

    args, bases = _all_args(expr, derivative)
    for g in args | bases:
        rational = g.is_rational_function(Z)
        try:
            # g' of a g with Max/Min is a step function: its zeros are whole pieces (no bump), where g is flat
            # between kinks that are split at already; sympy took 0.3 s per g to say so through a Piecewise.
            roots = bounded(lambda: (_real_roots(g, window),
                                     ([], True) if g.has(sp.Max, sp.Min) else _real_roots(sp.diff(g, Z), window),
                                     _poles(g, window)), FEATURE_SECONDS)
        except _ERRORS:
            complete = complete and rational
            continue
        (zeros, z_ok), (critical, c_ok), (poles, p_ok) = roots

        def place(g=g, rational=rational, zeros=zeros, critical=critical, poles=poles) -> bool:
            used = False
            for r in poles:
                used |= add(exact_mpf(r, 30), mpmath.mpf(0), rational)
            for r in zeros:
                width = mpmath.mpf(0) if g in bases else _width(g, r, 1)
                if width or g in bases:
                    used |= add(exact_mpf(r, 30), width, rational)
            for r in critical:
                # A transcendental g's critical points are bumps only where g is small (sin z's in
                # tanh(10^4 sin z) sit at g = +-10^4, where tanh is flat: 14 pieces for nothing).
                c, width = exact_mpf(r, 30), _width(g, r, 2)
                if rational or abs(exact_mpf(g.subs(Z, r), 30)) <= _BUMP_LEVEL or not _flat_at(expr, derivative, c, width):
                    used |= add(c, width, rational)
            return used

        try:
            # Clocked like the search: one reading of Γ(10^30 z + 1/2)^2's second derivative at its critical point
            # ran mpmath's psi for minutes (R62b-4); the features placed before the tick are kept, marked incomplete.
            used = bounded(place, FEATURE_SECONDS)
        except StepTimeout:
            used, z_ok = True, False
        except (TypeError, ValueError, ZeroDivisionError):
            used = True
        # Missed zeros matter where those found were features (a periodic g's next bump) or none were found;
        # missed critical points where g has a zero: unlisted minima may be steps (z (1/100 + 10^20 sin(pi z)^4), R69b-2).
        if not (z_ok and c_ok and p_ok) and (used or not (zeros or critical or poles) or (zeros and not c_ok)):
            complete = False
    points = sorted(found.items(), key=lambda cw: (cw[1] != 0, cw[1]))
    return tuple(sorted(points[:_MAX_FEATURES])), complete and len(points) <= _MAX_FEATURES


@lru_cache(maxsize=64)
def singular_points(expr: sp.Expr, derivative: sp.Expr, window: int = WINDOW) -> tuple[tuple, bool]:
    """(points, in time): the exact points of the width-0 features (poles of arguments and bases, zeros of singular
    bases) within |u| ≤ ``window`` for a transcendental g, nearest 0 first (where a divergence is looked for first),
    and whether no search for them ran out of time (on a loaded machine a pole of log Γ was lost that way, and D = +∞
    came out finite)."""
    args, bases = _all_args(expr, derivative)
    points, in_time = set(), True
    # Γ(z/2 + 3) standing alone in σ is no argument or base of anything: its poles as σ's own (R56b-2)
    searches = [lambda g=g: _special_poles(g, window)[0] for g in (expr, derivative)
                if g is not None and g.has(sp.gamma, sp.loggamma, sp.polygamma)]
    searches += [lambda g=g: _poles(g, window)[0] + (_real_roots(g, window)[0] if g in bases else []) for g in args | bases]
    for search in searches:
        try:
            points |= set(bounded(search, FEATURE_SECONDS))
        except StepTimeout:
            in_time = False
        except _ERRORS:
            continue
    located = {p: exact_mpf(p, 30) for p in points}
    return tuple(sorted((p for p in points if _kept(located[p], window)), key=lambda p: (abs(located[p]), located[p]))), in_time


def _kept(c: Any, window: int) -> bool:
    """Whether a feature at c is kept: within 1e8, or anywhere below 1e300 for the widest window (a variance past
    ~1e5, which stands for every window: a bump at 1e9 with q = 1e20, 0.1 deviations out, was dropped, R66b-1/8)."""
    return bool(abs(c) < 1e8 or window > MAX_WINDOW and abs(c) < 1e300)


def breakpoints(kinks: Sequence = (), features: Sequence = (), heavy: Callable | None = None, wide: Any = 1) -> list[float]:
    """Split points in u: the kinks, and for each feature (c, w) of width w < ``wide`` (max(1, √q) in float64: a bump 1
    wide at 5·10⁴ is narrow for q = 10⁸, R71b-6) the points c, c ± w, c ± 4w, c ± 16w, so that a bump, a step or a singularity of width w at c (a narrow
    tanh(k(u − c)), exp(−k²(u − c)²), |u − c|^(1/3)) is an edge of the quadrature's pieces and is
    resolved by the nodes that every rule clusters at the ends of a piece. Where ``heavy(c, w)``
    says the feature has a tail that still counts 16 widths out (σ'² = c²/(1 + c²u²)² of atan(cu)
    falls like u⁻⁴), the ladder goes on, c ± 16^k w up to distance 1: one piece from 16w to 1 lost
    that tail, 1e-4 of D(1) for every c ≥ 1e12, beside an error estimate of 1e-19 (R62b-3)."""
    points = {mpmath.mpf(k) for k in kinks}
    for c, w in features:
        c, w = mpmath.mpf(c), mpmath.mpf(w)
        points.add(c)
        if 0 < w < wide:
            steps = [1, 4, 16]
            if heavy is not None and heavy(c, w):
                while steps[-1] * w < wide / 16 and len(steps) < _MAX_LADDER:
                    steps.append(steps[-1] * 16)
            points |= {c + sign * k * w for k in steps for sign in (-1, 1)}
    return sorted(points)


#: Most ladder points on each side of a heavy-tailed feature (16^(k) w reaches 1 from w = 1e-300 in 250 steps).
_MAX_LADDER = 256


def heavy_tails(h: Callable, negligible: Any) -> Callable:
    """(c, w) ↦ whether h 16 widths from c, times the 16w it spans, is above ``negligible`` relative to h's size at c
    (the largest of |h| at c, c ± w): an exponential tail (sech⁴ of tanh(ku), e^(−k²u²)) is far below it there, an
    algebraic one (1/(1 + k²u²)², 1/256² of its peak) is not."""

    def heavy(c, w) -> bool:
        try:
            peak = max(abs(h(c + d * w)) for d in (0, -1, 1))
            tail = max(abs(h(c + d * 16 * w)) for d in (-1, 1))
        except (ValueError, ArithmeticError, TypeError):
            return False
        return bool(16 * tail > negligible * peak)

    return heavy
