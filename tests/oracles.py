"""Independent references for the tests: the mathematics written out in plain mpmath, sharing no
code with the package."""

from __future__ import annotations

from fractions import Fraction

import mpmath


def tanh_chain_partials(w, s, x, depth: int, dps: int) -> list:
    """df/dw_j, j = 1..depth, of z_k = s tanh(w z_{k-1}/s), z_0 = x (σ_s' = sech²(t/s)), by the
    product form z_{j-1} σ_s'(t_j) ∏_{k>j} w σ_s'(t_k), at ``dps`` digits; w, s, x as mpmath reads them."""
    with mpmath.workdps(dps):
        wv, sv = mpmath.mpf(w), mpmath.mpf(s)
        z, d = [mpmath.mpf(x)], []
        for _ in range(depth):
            t = wv * z[-1] / sv
            z.append(sv * mpmath.tanh(t))
            d.append(mpmath.sech(t) ** 2)
        # The suffix products prod_{k>j} w sigma_s'(t_k), accumulated from the last layer: the same
        # product form in O(depth) multiplications (the inner loop per j took O(depth^2)).
        out, suffix = [mpmath.mpf(0)] * depth, mpmath.mpf(1)
        for j in range(depth - 1, -1, -1):
            out[j] = z[j] * d[j] * suffix
            suffix *= wv * d[j]
        return out


def tanh_with_slope(t) -> tuple:
    """(tanh t, sech² t) from one exponential, e = exp(-2|t|): tanh = sign(t)(1 - e)/(1 + e),
    sech² = 4e/(1 + e)². Below |t| = 1, 1 - e comes from expm1 (no cancellation near 0)."""
    a = -2 * abs(t)
    if a > -2:
        em1 = mpmath.expm1(a)
        e, one_minus_e = 1 + em1, -em1
    else:
        e = mpmath.exp(a)
        one_minus_e = 1 - e
    return mpmath.sign(t) * one_minus_e / (1 + e), 4 * e / (1 + e) ** 2


def chain_partials(sigma, dsigma, w, x, y, dps: int) -> tuple[list, list, list]:
    """(z_0..z_l, [df/dw_j], [dloss/dw_j]) of z_k = sigma(w_k z_{k-1}), loss (z_l - y)²/2, at ``dps``
    digits, by the product form; w (a sequence), x, y as mpmath reads them at that precision (decimal
    strings are then exact when dps covers them). With dsigma None, sigma(t) returns the pair
    (sigma(t), sigma'(t)): one evaluation where both share their costly part (an exponential)."""
    with mpmath.workdps(dps):
        ws = [mpmath.mpf(v) for v in w]
        z, d = [mpmath.mpf(x)], []
        for wk in ws:
            t = wk * z[-1]
            value, slope = sigma(t) if dsigma is None else (sigma(t), dsigma(t))
            z.append(value)
            d.append(slope)
        df, suffix = [mpmath.mpf(0)] * len(ws), mpmath.mpf(1)
        for j in range(len(ws) - 1, -1, -1):
            df[j] = z[j] * d[j] * suffix
            suffix *= ws[j] * d[j]
        r = z[-1] - mpmath.mpf(y)
        return z, df, [r * g for g in df]


def product_chain(sig, dsig, w, x) -> tuple:
    """(f, [df/dw_j]) of z_k = sig(w_k z_{k-1}) by the product form, in whatever arithmetic sig, dsig, w and x
    share (exact Fractions, or mpmath at the caller's precision)."""
    zs, ts = [x], []
    for wk in w:
        ts.append(wk * zs[-1])
        zs.append(sig(ts[-1]))
    out, suffix = [None] * len(w), 1
    for j in range(len(w) - 1, -1, -1):
        out[j] = zs[j] * dsig(ts[j]) * suffix
        suffix = suffix * w[j] * dsig(ts[j])
    return zs[-1], out


def agrees(got, want, digits: int) -> bool:
    """got within 10^(1 - digits) of want, relatively (want a Fraction, mpf or number; 0 only as exactly 0)."""
    with mpmath.workdps(digits + 20):
        if isinstance(want, Fraction):
            want = mpmath.mpf(want.numerator) / want.denominator
        got, want = mpmath.mpf(got), mpmath.mpf(want)
        if want == 0:
            return got == 0
        return abs(got - want) <= mpmath.mpf(10) ** (1 - digits) * abs(want)


def agreeing_digits(a, b, dps: int = 1300) -> int:
    """Significant digits on which a and b agree (b the reference): 10**6 where they are equal, -1 where
    they differ by more than |b|."""
    with mpmath.workdps(dps):
        a, b = mpmath.mpf(a), mpmath.mpf(b)
        if a == b:
            return 10**6
        r = abs((a - b) / b)
        return -1 if r >= 1 else int(mpmath.floor(-mpmath.log10(r)))


def symbolic_witness(result, key: str):
    """The value a ``symbolic`` verdict certifies under witness ``key``, as a sympy number; None where the verdict is
    not symbolic (a numeric or inconclusive one certifies nothing, so a test of a planted defect accepts it)."""
    import sympy as sp

    return sp.sympify(result.witness[key]) if result.method == "symbolic" else None


def holds_symbolic(result) -> bool:
    """Whether a verdict is ``holds`` by a symbolic proof."""
    return result.verdict == "holds" and result.method == "symbolic"


def fails_symbolic(result) -> bool:
    """Whether a verdict is ``fails`` by a symbolic proof."""
    return result.verdict == "fails" and result.method == "symbolic"


def refused_tau0(message) -> float:
    """The tau0 a Theorem 1 refusal names ("... tau0 = 5.85, ..."), as a float."""
    return float(str(message).split("tau0 = ")[1].split(",")[0])


def exact_chain_partials(formula: str, ws, x) -> list:
    """df/dw_j of the chain z_k = sigma(w_k z_{k-1}) by the product form, in exact sympy arithmetic (sigma a formula
    in z; weights and x anything sympify reads)."""
    import sympy as sp

    z = sp.Symbol("z")
    s = sp.sympify(formula, locals={"z": z})
    ds = sp.diff(s, z)
    return list(product_chain(lambda t: s.subs(z, t), lambda t: ds.subs(z, t), [sp.sympify(w) for w in ws],
                              sp.sympify(x))[1])


def exact_reading(v) -> mpmath.mpf:
    """An input as the package reads it, at the working precision: a Python float its binary value, anything else
    (a decimal string, an int, a rational) the rational sympy writes for it."""
    import sympy as sp

    if isinstance(v, float):
        return mpmath.mpf(v)
    r = sp.Rational(v)
    return mpmath.mpf(r.p) / r.q


def gradient_matches(expr, sig, dsig, w, x, dps: int, precisions: tuple[int, int]):
    """The package's partials at ``dps`` digits agree with the product-form chain of (sig, dsig) in mpmath at the two
    ``precisions`` (which must agree with each other to dps + 20 digits) to every digit claimed, at least dps - 1."""
    import vgtheory

    g = vgtheory.gradient(expr, w, x=x, dps=dps)
    truths = []
    for p in precisions:
        with mpmath.workdps(p):
            truths.append(product_chain(sig, dsig, [exact_reading(v) for v in w], exact_reading(x))[1])
    for a, b in zip(*truths):
        with mpmath.workdps(max(precisions)):
            assert abs(a - b) <= abs(b) * mpmath.mpf(10) ** (-dps - 20)
    assert g.digits >= dps - 1
    for got, t in zip(g.df_dw, truths[1]):
        assert agrees(got, t, g.digits)
    return g


def mean_field(sig, dsig, kinks, sw, sb, dps: int, iterations: int = 60) -> tuple:
    """q* (iterated from q0 = 1, then polished by findroot) and chi1 = sw^2 E[sig'(sqrt(q*) z)^2], each Gaussian
    expectation an mpmath quadrature split at 0 and at the kinks of sig (in the variable z = h / sqrt(q))."""
    with mpmath.workdps(dps):
        sw, sb = mpmath.mpf(sw), mpmath.mpf(sb)

        def expect(f, q):
            r = mpmath.sqrt(q)
            pts = sorted(set([-mpmath.inf, mpmath.mpf(0), mpmath.inf] + [mpmath.mpf(k) / r for k in kinks]))
            return mpmath.quad(lambda u: f(r * u) * mpmath.npdf(u), pts)

        residual = lambda q: sw**2 * expect(lambda h: sig(h) ** 2, q) + sb**2 - q  # noqa: E731
        q = mpmath.mpf(1)
        for _ in range(iterations):
            q = residual(q) + q
        q = mpmath.findroot(residual, q, tol=mpmath.mpf(10) ** (5 - dps))
        return q, sw**2 * expect(lambda h: dsig(h) ** 2, q)


def bisect(f, lo, hi, n: int = 400) -> mpmath.mpf:
    """A root of f with f(lo) > 0 > f(hi) (asserted), by n halvings of the bracket: geometric while it spans more than
    a factor 4, then arithmetic; the midpoint of the last bracket."""
    lo, hi = mpmath.mpf(lo), mpmath.mpf(hi)
    assert f(lo) > 0 > f(hi)
    for _ in range(n):
        m = mpmath.sqrt(lo * hi) if hi / lo > 4 else (lo + hi) / 2
        if f(m) > 0:
            lo = m
        else:
            hi = m
    return (lo + hi) / 2



def gaussian_expectation(h, q, points=(), dps: int = 30, reach=None) -> mpmath.mpf:
    """E[h(u)], u ~ N(0, q), by mpmath quad split at ``points`` (those within ``reach`` standard deviations when
    given), 0 and ±(1, 2, 4, 8)·√q, at ``dps`` digits."""
    with mpmath.workdps(dps):
        q = mpmath.mpf(q)
        s = mpmath.sqrt(q)
        g = lambda u: h(u) * mpmath.exp(-u * u / (2 * q)) / mpmath.sqrt(2 * mpmath.pi * q)  # noqa: E731
        cuts = {mpmath.mpf(p) for p in points if reach is None or abs(mpmath.mpf(p)) < reach * s} | {mpmath.mpf(0)}
        cuts |= {k * s for k in (-8, -4, -2, -1, 1, 2, 4, 8)}
        return mpmath.quad(g, [-mpmath.inf] + sorted(cuts) + [mpmath.inf])


def clamp_moments(q, lo, hi, dps: int = 40) -> tuple:
    """(V, D) of clamp(u, lo, hi), u ~ N(0, q), in closed form: V = E[clamp(u)^2], D = P(lo < u < hi)."""
    with mpmath.workdps(dps):
        s = mpmath.sqrt(mpmath.mpf(q))
        lo, hi = mpmath.mpf(lo), mpmath.mpf(hi)
        a, b = lo / s, hi / s
        D = mpmath.ncdf(b) - mpmath.ncdf(a)
        V = mpmath.mpf(q) * (D - (b * mpmath.npdf(b) - a * mpmath.npdf(a))) + lo**2 * mpmath.ncdf(a) + hi**2 * (1 - mpmath.ncdf(b))
        return V, D
