"""Independent references for the tests: the mathematics written out in plain mpmath, sharing no
code with the package."""

from __future__ import annotations

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
        out = []
        for j in range(depth):
            p = z[j] * d[j]
            for k in range(j + 1, depth):
                p *= wv * d[k]
            out.append(p)
        return out


def chain_partials(sigma, dsigma, w, x, y, dps: int) -> tuple[list, list, list]:
    """(z_0..z_l, [df/dw_j], [dloss/dw_j]) of z_k = sigma(w_k z_{k-1}), loss (z_l - y)²/2, at ``dps``
    digits, by the product form; w (a sequence), x, y as mpmath reads them at that precision (decimal
    strings are then exact when dps covers them)."""
    with mpmath.workdps(dps):
        ws = [mpmath.mpf(v) for v in w]
        z, d = [mpmath.mpf(x)], []
        for wk in ws:
            t = wk * z[-1]
            z.append(sigma(t))
            d.append(dsigma(t))
        df, suffix = [mpmath.mpf(0)] * len(ws), mpmath.mpf(1)
        for j in range(len(ws) - 1, -1, -1):
            df[j] = z[j] * d[j] * suffix
            suffix *= ws[j] * d[j]
        r = z[-1] - mpmath.mpf(y)
        return z, df, [r * g for g in df]
